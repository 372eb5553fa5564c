// Packet input (RFC 9260 §6.8, §8.5, §3.2): checksum, ports, verification tag, chunk walk; DATA is
// read in place, every other chunk is decoded and dispatched.
import { sctpChecksum } from '../crc32c.js';
import { pad4, read16, read32 } from '../packet/bytes.js';
import { type Chunk, decodeChunk } from '../packet/chunk.js';
import { ChunkType, T_BIT } from '../packet/chunk-type.js';
import { DATA_HEADER } from '../packet/data.js';
import { CauseCode } from '../packet/error-cause.js';
import { COMMON_HEADER, readChecksumField } from '../packet/packet.js';
import { onCookieAck, onCookieEcho, onInit, onInitAck } from './setup.js';
import { onShutdown, onShutdownAck, progressShutdown } from './shutdown.js';
import type { Tcb } from './tcb.js';
import { onHeartbeatAck } from './timers.js';

/** Feed one SCTP packet. Invalid packets are dropped and counted, never thrown. */
export function handlePacket(t: Tcb, bytes: Uint8Array, now: number): void {
  t.now = now;
  t.counters.packetsReceived++;
  const n = bytes.length;
  // RFC 9260 §6.8: verify the CRC32C (or accept a zero checksum once we offered RFC 9653).
  if (n < COMMON_HEADER + 4) {
    t.drop();
    return;
  }
  const checksum = readChecksumField(bytes);
  if (!(checksum === 0 && t.o.zeroChecksum) && sctpChecksum(bytes) !== checksum) {
    t.drop();
    return;
  }
  if (read16(bytes, 2) !== t.o.localPort || read16(bytes, 0) !== t.o.remotePort) {
    t.drop();
    return;
  }
  const tag = read32(bytes, 4);
  // First pass: every chunk length inside the packet (RFC 9260 §3.2), without decoding anything.
  let count = 0;
  for (let off = COMMON_HEADER; off < n; count++) {
    if (off + 4 > n) {
      t.drop();
      return;
    }
    const len = read16(bytes, off + 2);
    if (len < 4 || off + len > n) {
      t.drop();
      return;
    }
    off += pad4(len);
  }
  if (!checkTag(t, tag, bytes[COMMON_HEADER]!, bytes[COMMON_HEADER + 1]!, count)) {
    t.drop();
    return;
  }
  const r = t.receiver;
  const cumBefore = r?.tsns.cum;
  let hadData = false;
  for (let off = COMMON_HEADER; off < n; ) {
    const type = bytes[off]!;
    const len = read16(bytes, off + 2);
    if (type === ChunkType.DATA) {
      // Hot path: DATA fields are read in place, no chunk object.
      if (len < DATA_HEADER + 1) {
        t.drop();
        return;
      }
      hadData = true;
      if (!onData(t, bytes, off, len)) return;
    } else {
      let c: Chunk;
      try {
        c = decodeChunk(bytes, off, len);
      } catch {
        t.drop();
        return;
      }
      if (!onControl(t, c, tag)) break;
    }
    if (t.state === 'closed' && !t.sender) break;
    off += pad4(len);
  }
  const rr = t.receiver;
  if (rr === r) {
    if (rr) {
      rr.endOfPacket(hadData, now);
      if (rr.tsns.cum !== cumBefore && t.reconfig?.hasDeferred) t.reconfig.onCumAdvanced(rr.tsns.cum);
    }
  } else if (rr) {
    // This packet's COOKIE-ECHO built the receiver: acknowledge the DATA bundled after it (RFC 9260 §5.1 D).
    rr.endOfPacket(hadData, now);
  }
}

/** Verification tag rules (RFC 9260 §8.5, §8.5.1). */
function checkTag(t: Tcb, tag: number, firstType: number, firstFlags: number, count: number): boolean {
  if (firstType === ChunkType.INIT) return tag === 0 && count === 1;
  if (firstType === ChunkType.ABORT || firstType === ChunkType.SHUTDOWN_COMPLETE) {
    // §8.5.1 B/C: with the T bit the tag is the peer's own (ours as the peer sees it).
    if (firstFlags & T_BIT) return t.peerTag !== 0 && tag === t.peerTag;
    return tag === t.localTag;
  }
  if (firstType === ChunkType.COOKIE_ECHO) return true; // checked against the cookie (§5.1.5)
  if (t.state === 'closed') return false; // out of the blue (§8.4): ignore
  return tag === t.localTag;
}

function onData(t: Tcb, b: Uint8Array, off: number, len: number): boolean {
  const r = t.receiver;
  if (!r || (t.state !== 'established' && t.state !== 'shutdown-pending' && t.state !== 'shutdown-sent')) {
    return true;
  }
  const tsn = read32(b, off + 4);
  const streamId = read16(b, off + 8);
  if (streamId >= t.inboundStreams) {
    // RFC 9260 §6.5: ack the TSN, report Invalid Stream Identifier, drop the data.
    r.acceptWithoutData(tsn);
    const info = new Uint8Array(4);
    info[0] = streamId >> 8;
    info[1] = streamId;
    t.sendCtrl({ type: ChunkType.ERROR, flags: 0, causes: [{ code: CauseCode.INVALID_STREAM_ID, info }] });
    return true;
  }
  const v = r.onDataFields(
    tsn,
    b[off + 1]!,
    streamId,
    read16(b, off + 10),
    read32(b, off + 12),
    b,
    off + DATA_HEADER,
    off + len,
  );
  if (v === 'too-large') {
    t.protocolViolation(`message on stream ${streamId} exceeds max-message-size ${t.o.maxMessageSize}`);
    return false;
  }
  if (v === 'dropped') t.counters.packetsDropped++;
  return true;
}

/** Returns false to stop processing the rest of the packet. */
function onControl(t: Tcb, c: Chunk, tag: number): boolean {
  switch (c.type) {
    case ChunkType.INIT:
      onInit(t, c);
      return false;
    case ChunkType.INIT_ACK:
      onInitAck(t, c);
      return false;
    case ChunkType.COOKIE_ECHO:
      return onCookieEcho(t, c.cookie, tag);
    case ChunkType.COOKIE_ACK:
      onCookieAck(t);
      return true;
    case ChunkType.SACK:
      if (t.sender && !t.sender.onSack(c, t.now)) {
        t.protocolViolation('SACK for a TSN never sent');
        return false;
      }
      if (t.state !== 'established') progressShutdown(t);
      return true;
    case ChunkType.HEARTBEAT:
      if (t.peerTag) t.sendCtrl({ type: ChunkType.HEARTBEAT_ACK, flags: 0, info: c.info });
      return true;
    case ChunkType.HEARTBEAT_ACK:
      onHeartbeatAck(t, c.info);
      return true;
    case ChunkType.ABORT: {
      const msg = c.causes.map((x) => `cause ${x.code}`).join(', ');
      t.terminate('peer-abort', msg || 'peer aborted');
      return false;
    }
    case ChunkType.ERROR:
      t.emit({
        type: 'error',
        message: 'peer reported an error',
        causeCodes: c.causes.map((x) => x.code),
      });
      return true;
    case ChunkType.SHUTDOWN:
      onShutdown(t, c.cumulativeTsnAck);
      return true;
    case ChunkType.SHUTDOWN_ACK:
      return onShutdownAck(t);
    case ChunkType.SHUTDOWN_COMPLETE:
      if (t.state === 'shutdown-ack-sent') t.terminate('shutdown');
      return false;
    case ChunkType.FORWARD_TSN:
      t.receiver?.onForwardTsn(c.newCumulativeTsn, c.streams);
      return true;
    case ChunkType.RE_CONFIG:
      if (t.reconfig && t.receiver) t.reconfig.onChunk(c, t.receiver.tsns.cum);
      return true;
    default:
      // RFC 9260 §3.2: upper bits 00/01 stop processing, 10/11 skip the chunk.
      return c.type === -1 && (c.chunkType & 0x80) !== 0;
  }
}
