// Packet output (RFC 9260 §6.10 bundling): control chunks first, then a SACK if one is due (or can
// ride along with data), FORWARD-TSN, retransmissions and new data, up to the path MTU.
import { pad4 } from '../packet/bytes.js';
import { chunkSize, encodeChunk } from '../packet/chunk.js';
import { ChunkType } from '../packet/chunk-type.js';
import { COMMON_HEADER, sealPacket, writeHeader } from '../packet/packet.js';
import { FEATURE_FORWARD_TSN, FEATURE_ZERO_CHECKSUM } from './handshake.js';
import { tsnAdd } from './serial.js';
import { progressShutdown } from './shutdown.js';
import type { CtrlEntry, Tcb } from './tcb.js';

/** Shared output slab (single-threaded): packets are views into it; a new slab replaces a full one. */
const SLAB_SIZE = 256 * 1024;
let slab = new Uint8Array(0);
let slabOff = 0;

/** The next packet to send, or undefined. */
export function pollTransmit(t: Tcb): Uint8Array | undefined {
  const now = t.now;
  const s = t.sender;
  const r = t.receiver;
  const dataState =
    t.state === 'established' || t.state === 'shutdown-pending' || t.state === 'shutdown-received';
  if (s && t.reconfig && dataState) t.reconfig.maybeSend(tsnAdd(s.nextTsn, -1), now, t.rto.rto);
  if (t.state === 'shutdown-pending' || t.state === 'shutdown-received') progressShutdown(t);
  const mtu = t.mtu;
  if (t.ctrl.length && (t.ctrl[0]!.alone || t.ctrl[0]!.tag !== t.peerTag || t.peerTag === 0)) {
    const e = t.ctrl.shift()!;
    return finish(t, encodeAlone(t, e), false);
  }
  // RFC 8899 §6.2: a PLPMTU probe (HEARTBEAT + PAD) travels alone, after the control chunks already
  // queued (the COOKIE-ACK that establishes the peer must not wait behind a 16 KiB probe) and
  // before new DATA (a steady flow of data would otherwise starve the search).
  const pm = t.pmtud;
  if (pm?.probeDue && t.state === 'established' && t.ctrl.length === 0)
    return finish(t, pm.takeProbe(t.o.localPort, t.o.remotePort, t.peerTag, now, t.rto.rto), true);
  // Packets are carved out of a shared slab: one view allocation per packet, no copy.
  const limit = Math.max(mtu, t.o.maxMtu);
  if (slab.length - slabOff < limit) {
    slab = new Uint8Array(SLAB_SIZE);
    slabOff = 0;
  }
  const out = slab;
  const base = slabOff;
  // Chunks are padded to 4 bytes (RFC 9260 §3.2): a packet of `mtu` bytes ends on a multiple of 4.
  const end = base + (mtu & ~3);
  let off = base + COMMON_HEADER;
  // RFC 9260 §5.1 C: before COOKIE-ACK, DATA only rides after COOKIE-ECHO, which comes first.
  let withCookie = false;
  while (t.ctrl.length) {
    const e = t.ctrl[0]!;
    if (e.alone || e.tag !== t.peerTag) break;
    if (e.chunk.type === ChunkType.COOKIE_ECHO) {
      if (off !== base + COMMON_HEADER) break;
      withCookie = t.state === 'cookie-echoed';
    }
    const size = pad4(chunkSize(e.chunk));
    if (off + size > end) {
      if (off === base + COMMON_HEADER) {
        t.ctrl.shift(); // cannot ever fit: drop rather than loop
        continue;
      }
      break;
    }
    off = encodeChunk(e.chunk, out, off);
    t.ctrl.shift();
  }
  // No SACK before COOKIE-ACK: the receiver exists early only for DATA sent with COOKIE-ECHO.
  if (
    r &&
    t.state !== 'cookie-echoed' &&
    (r.sackNow || (r.sackOwed && s !== undefined && dataState && s.canSend()))
  ) {
    const sack = r.buildSack(end - off);
    if (off + pad4(chunkSize(sack)) <= end) off = encodeChunk(sack, out, off);
  }
  if (s && dataState) {
    if (s.forwardTsnPending && t.features & FEATURE_FORWARD_TSN) {
      const f = s.forwardTsn();
      if (off + pad4(chunkSize(f)) <= end) off = encodeChunk(f, out, off);
      else s.forwardTsnPending = true;
    }
    off = s.fill(out, off, end, now, base + limit);
  } else if (s && withCookie) {
    off = s.fill(out, off, end, now);
    s.t3At = undefined; // T1-cookie covers it until the association is up
  }
  if (off === base + COMMON_HEADER) return undefined;
  slabOff = (off + 7) & ~7;
  const pkt = new Uint8Array(out.buffer, base, off - base);
  writeHeader(pkt, t.o.localPort, t.o.remotePort, t.peerTag);
  return finish(t, pkt, t.state === 'established' || t.state.startsWith('shutdown'));
}

function encodeAlone(t: Tcb, e: CtrlEntry): Uint8Array {
  const size = COMMON_HEADER + pad4(chunkSize(e.chunk));
  const out = new Uint8Array(size);
  writeHeader(out, t.o.localPort, t.o.remotePort, e.tag);
  encodeChunk(e.chunk, out, COMMON_HEADER);
  return out;
}

function finish(t: Tcb, p: Uint8Array, mayZero: boolean): Uint8Array {
  // RFC 9653 §5.2: zero checksum only once both sides offered it.
  if (!(mayZero && t.o.zeroChecksum && t.features & FEATURE_ZERO_CHECKSUM)) sealPacket(p, p.length);
  t.counters.packetsSent++;
  return p;
}
