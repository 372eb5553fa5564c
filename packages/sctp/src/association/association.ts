import type { ChannelInfo, ChannelInit, DataChannel } from '../channel.js';
import { sctpChecksum } from '../crc32c.js';
import { SctpError } from '../errors.js';
import { pad4, read16, read32 } from '../packet/bytes.js';
import { type Chunk, chunkSize, decodeChunk, encodeChunk } from '../packet/chunk.js';
import { ChunkType, T_BIT } from '../packet/chunk-type.js';
import { DATA_HEADER } from '../packet/data.js';
import { CauseCode } from '../packet/error-cause.js';
import type { InitChunk } from '../packet/init.js';
import { COMMON_HEADER, readChecksumField, sealPacket, writeHeader } from '../packet/packet.js';
import { ParamType } from '../packet/params.js';
import { ChannelTable } from './channels.js';
import { COOKIE_SIZE, type CookieState, verifyCookie } from './cookie.js';
import type { AssociationEvent, AssociationState, AssociationStats, CloseReason } from './events.js';
import {
  cookieCase,
  FEATURE_FORWARD_TSN,
  FEATURE_ZERO_CHECKSUM,
  findParam,
  initAckFor,
  localInitParams,
  MAX_STREAMS,
  peerFeatures,
} from './handshake.js';
import { type AssociationOptions, defaults, type ResolvedOptions } from './options.js';
import { Receiver } from './receiver.js';
import { StreamReconfig } from './reconfig.js';
import { RtoEstimator } from './rto.js';
import { Sender } from './sender.js';
import { tsnAdd } from './serial.js';

/** Shared output slab (single-threaded): packets are views into it; a new slab replaces a full one. */
const SLAB_SIZE = 256 * 1024;
let slab = new Uint8Array(0);
let slabOff = 0;

interface CtrlEntry {
  chunk: Chunk;
  tag: number;
  /** INIT, INIT-ACK and SHUTDOWN-COMPLETE travel alone (RFC 9260 §6.10). */
  alone: boolean;
}

interface RetransmitTimer {
  at: number;
  rto: number;
  count: number;
  chunk: Chunk;
  tag: number;
  alone: boolean;
}

/**
 * An SCTP association (RFC 9260) carrying WebRTC data channels (RFC 8831, RFC 8832), sans-I/O:
 * feed packets with handlePacket(), timers with handleTimeout(), drain pollTransmit() and pollEvent().
 */
export class Association {
  private readonly o: ResolvedOptions;
  state: AssociationState = 'closed';
  private now = 0;
  private localTag: number;
  private localInitialTsn: number;
  private peerTag = 0;
  private peerInitialTsn = 0;
  private peerRwnd = 0;
  private features = 0;
  private readonly secret: Uint8Array;
  private outboundStreams = MAX_STREAMS;
  private inboundStreams = MAX_STREAMS;
  private sender: Sender | undefined;
  private receiver: Receiver | undefined;
  private reconfig: StreamReconfig | undefined;
  private readonly rto: RtoEstimator;
  private t1: RetransmitTimer | undefined;
  private t2: RetransmitTimer | undefined;
  private hbAt: number | undefined;
  private hbNonce = 0;
  private hbOutstanding = false;
  private ctrl: CtrlEntry[] = [];
  private events: AssociationEvent[] = [];
  private eventHead = 0;
  private readonly emitFn = (e: AssociationEvent) => this.emit(e);
  private readonly chans: ChannelTable;
  private associatedOnce = false;
  private counters = {
    packetsSent: 0,
    packetsReceived: 0,
    packetsDropped: 0,
    messagesReceived: 0,
    bytesReceived: 0,
  };

  constructor(options: AssociationOptions) {
    this.o = defaults(options);
    if (this.o.mtu < 256 || this.o.mtu > 65535) throw new SctpError('invalid-argument', 'mtu out of range');
    this.rto = new RtoEstimator(this.o.rtoInitial, this.o.rtoMin, this.o.rtoMax);
    this.secret = this.o.random(32);
    this.localTag = this.randomTag();
    this.localInitialTsn = this.random32();
    const self = this;
    this.chans = new ChannelTable(this.o.role, {
      get sender() {
        return self.sender;
      },
      emit: this.emitFn,
      requestReset: (id) => this.reconfig?.requestReset(id),
      delivered: (n) => {
        this.counters.messagesReceived++;
        this.counters.bytesReceived += n;
        this.receiver!.undelivered += n;
      },
      dropped: () => this.drop(),
    });
  }

  private random32(): number {
    const b = this.o.random(4);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  private randomTag(): number {
    // RFC 9260 §5.3.1: the Initiate Tag must not be 0.
    let t = 0;
    while (t === 0) t = this.random32();
    return t;
  }

  // ---------------------------------------------------------------- public API

  /** Start the association: send INIT (RFC 9260 §5.1). Both WebRTC peers call this (simultaneous open). */
  connect(now: number): void {
    this.now = now;
    if (this.state !== 'closed') return;
    const init: InitChunk = {
      type: ChunkType.INIT,
      flags: 0,
      initiateTag: this.localTag,
      advertisedRwnd: this.o.receiveWindow,
      outboundStreams: MAX_STREAMS,
      inboundStreams: MAX_STREAMS,
      initialTsn: this.localInitialTsn,
      params: localInitParams(this.o.zeroChecksum),
    };
    this.state = 'cookie-wait';
    this.startT1(init, 0, true);
  }

  /** Open a data channel (RFC 8832 DATA_CHANNEL_OPEN, or a negotiated one with a pre-agreed id). */
  createChannel(init: ChannelInit, now: number): number {
    this.now = now;
    if (
      this.state !== 'closed' &&
      this.state !== 'cookie-wait' &&
      this.state !== 'cookie-echoed' &&
      this.state !== 'established'
    )
      throw new SctpError('invalid-state', `cannot create a channel in state ${this.state}`);
    return this.chans.create(init, this.outboundStreams, this.state === 'established');
  }

  /** Send a message on a channel: string (PPID 51/56) or binary (53/57) per RFC 8831 §8. */
  send(channelId: number, data: Uint8Array, binary: boolean, now: number): void {
    this.now = now;
    if (data.length > this.o.remoteMaxMessageSize)
      throw new SctpError(
        'message-too-large',
        `message of ${data.length} bytes exceeds max-message-size ${this.o.remoteMaxMessageSize}`,
      );
    this.chans.send(channelId, data, binary, now, this.o.maxQueuedBytes);
  }

  /** Close a channel: its queued messages go first, then an outgoing stream reset (RFC 8831 §6.7). */
  closeChannel(channelId: number, now: number): void {
    this.now = now;
    this.chans.close(channelId, this.state === 'established');
  }

  channelState(channelId: number): DataChannel | undefined {
    return this.chans.get(channelId);
  }

  bufferedAmount(channelId: number): number {
    return this.chans.get(channelId)?.bufferedAmount ?? 0;
  }

  setBufferedAmountLowThreshold(channelId: number, threshold: number): void {
    const ch = this.chans.get(channelId);
    if (ch) ch.bufferedAmountLowThreshold = threshold;
  }

  /** Graceful close: SHUTDOWN once everything queued is acknowledged (RFC 9260 §9.2). */
  close(now: number): void {
    this.now = now;
    if (this.state === 'established') this.state = 'shutdown-pending';
    else if (this.state === 'cookie-wait' || this.state === 'cookie-echoed') this.terminate('shutdown');
  }

  /** ABORT the association at once (RFC 9260 §9.1). */
  abort(now: number, reason = 'user abort'): void {
    this.now = now;
    if (this.state === 'closed') return;
    if (this.peerTag !== 0) {
      const info = new TextEncoder().encode(reason);
      this.ctrl.push({
        chunk: { type: ChunkType.ABORT, flags: 0, causes: [{ code: CauseCode.USER_INITIATED_ABORT, info }] },
        tag: this.peerTag,
        alone: false,
      });
    }
    this.terminate('abort', reason);
  }

  private terminate(reason: CloseReason, message?: string): void {
    if (this.state === 'closed' && !this.sender) return;
    this.state = 'closed';
    this.t1 = this.t2 = undefined;
    this.hbAt = undefined;
    this.sender?.clear();
    this.sender = undefined;
    this.receiver = undefined;
    this.reconfig = undefined;
    this.chans.finishAll();
    this.emit(message === undefined ? { type: 'closed', reason } : { type: 'closed', reason, message });
  }

  private emit(e: AssociationEvent): void {
    this.events.push(e);
  }

  pollEvent(): AssociationEvent | undefined {
    if (this.eventHead >= this.events.length) {
      if (this.eventHead) {
        this.events.length = 0;
        this.eventHead = 0;
      }
      return undefined;
    }
    const e = this.events[this.eventHead]!;
    this.events[this.eventHead++] = undefined as unknown as AssociationEvent;
    if (this.eventHead > 1024 && this.eventHead * 2 > this.events.length) {
      this.events.splice(0, this.eventHead);
      this.eventHead = 0;
    }
    if (e.type === 'message') this.receiver?.consumed(e.data.length);
    return e;
  }

  get stats(): AssociationStats {
    const s = this.sender;
    return {
      state: this.state,
      messagesSent: s?.stats.messagesSent ?? 0,
      messagesReceived: this.counters.messagesReceived,
      bytesSent: s?.stats.bytesSent ?? 0,
      bytesReceived: this.counters.bytesReceived,
      packetsSent: this.counters.packetsSent,
      packetsReceived: this.counters.packetsReceived,
      packetsDropped: this.counters.packetsDropped,
      retransmissions: s?.stats.retransmissions ?? 0,
      fastRetransmits: s?.stats.fastRetransmits ?? 0,
      t3Expirations: s?.stats.t3Expirations ?? 0,
      abandonedMessages: s?.stats.abandoned ?? 0,
      srtt: this.rto.srtt,
      rto: this.rto.rto,
      cwnd: s?.cwnd ?? 0,
      ssthresh: s?.ssthresh ?? 0,
      flightSize: s?.flightSize ?? 0,
      peerRwnd: s?.peerRwnd ?? 0,
      localRwnd: this.receiver?.window ?? this.o.receiveWindow,
    };
  }

  // ---------------------------------------------------------------- timers

  private startT1(chunk: Chunk, tag: number, alone: boolean): void {
    this.t1 = { at: this.now + this.o.rtoInitial, rto: this.o.rtoInitial, count: 0, chunk, tag, alone };
    this.ctrl.push({ chunk, tag, alone });
  }

  nextDeadline(): number | undefined {
    let d = Number.POSITIVE_INFINITY;
    if (this.t1) d = Math.min(d, this.t1.at);
    if (this.t2) d = Math.min(d, this.t2.at);
    if (this.hbAt !== undefined) d = Math.min(d, this.hbAt);
    const s = this.sender;
    if (s?.t3At !== undefined) d = Math.min(d, s.t3At);
    const r = this.receiver;
    if (r?.sackAt !== undefined) d = Math.min(d, r.sackAt);
    if (this.reconfig?.timerAt !== undefined) d = Math.min(d, this.reconfig.timerAt);
    return d === Number.POSITIVE_INFINITY ? undefined : d;
  }

  handleTimeout(now: number): void {
    this.now = now;
    const t1 = this.t1;
    if (t1 && now >= t1.at) {
      // RFC 9260 §5.1 / §6.3.3: retransmit INIT or COOKIE-ECHO with back-off, up to Max.Init.Retransmits.
      if (++t1.count > this.o.maxInitRetransmits) {
        this.terminate('failure', 'no answer to INIT/COOKIE-ECHO');
        return;
      }
      t1.rto = Math.min(t1.rto * 2, this.o.rtoMax);
      t1.at = now + t1.rto;
      this.ctrl.push({ chunk: t1.chunk, tag: t1.tag, alone: t1.alone });
    }
    const t2 = this.t2;
    if (t2 && now >= t2.at) {
      if (++t2.count > this.o.maxRetransmissions) {
        this.terminate('failure', 'no answer to SHUTDOWN');
        return;
      }
      t2.rto = Math.min(t2.rto * 2, this.o.rtoMax);
      t2.at = now + t2.rto;
      this.ctrl.push({ chunk: t2.chunk, tag: this.peerTag, alone: t2.alone });
    }
    const s = this.sender;
    if (s?.t3At !== undefined && now >= s.t3At) {
      s.onT3(now);
      if (s.errorCount > this.o.maxRetransmissions) {
        this.failAssociation('too many retransmissions');
        return;
      }
    }
    this.receiver?.onTimer(now);
    this.reconfig?.onTimer(now, this.rto.rto);
    if (this.hbAt !== undefined && now >= this.hbAt) this.sendHeartbeat(now);
  }

  private failAssociation(message: string): void {
    this.ctrl.push({
      chunk: {
        type: ChunkType.ABORT,
        flags: 0,
        causes: [{ code: CauseCode.USER_INITIATED_ABORT, info: new TextEncoder().encode(message) }],
      },
      tag: this.peerTag,
      alone: false,
    });
    this.terminate('failure', message);
  }

  /** RFC 9260 §8.3: path heartbeat with our clock and a nonce, echoed back by the peer. */
  private sendHeartbeat(now: number): void {
    if (this.hbOutstanding && this.sender && ++this.sender.errorCount > this.o.maxRetransmissions) {
      this.failAssociation('heartbeats unanswered');
      return;
    }
    const info = new Uint8Array(12);
    const dv = new DataView(info.buffer);
    dv.setFloat64(0, now);
    this.hbNonce = this.random32();
    dv.setUint32(8, this.hbNonce);
    this.ctrl.push({ chunk: { type: ChunkType.HEARTBEAT, flags: 0, info }, tag: this.peerTag, alone: false });
    this.hbOutstanding = true;
    this.hbAt = now + this.o.heartbeatInterval + this.rto.rto;
  }

  // ---------------------------------------------------------------- input

  /**
   * Feed one SCTP packet (one DTLS record's payload). Never throws for bad input: invalid packets are
   * dropped and counted. Received user data may be kept by reference until delivered, so the caller
   * must not reuse `bytes`.
   */
  handlePacket(bytes: Uint8Array, now: number): void {
    this.now = now;
    this.counters.packetsReceived++;
    const n = bytes.length;
    // RFC 9260 §6.8: verify the CRC32C (or accept a zero checksum once we offered RFC 9653).
    if (n < COMMON_HEADER + 4) {
      this.drop();
      return;
    }
    const checksum = readChecksumField(bytes);
    if (!(checksum === 0 && this.o.zeroChecksum) && sctpChecksum(bytes) !== checksum) {
      this.drop();
      return;
    }
    if (read16(bytes, 2) !== this.o.localPort || read16(bytes, 0) !== this.o.remotePort) {
      this.drop();
      return;
    }
    const tag = read32(bytes, 4);
    // First pass: every chunk length inside the packet (RFC 9260 §3.2), without decoding anything.
    let count = 0;
    for (let off = COMMON_HEADER; off < n; count++) {
      if (off + 4 > n) {
        this.drop();
        return;
      }
      const len = read16(bytes, off + 2);
      if (len < 4 || off + len > n) {
        this.drop();
        return;
      }
      off += pad4(len);
    }
    if (!this.checkTag(tag, bytes[COMMON_HEADER]!, bytes[COMMON_HEADER + 1]!, count)) {
      this.drop();
      return;
    }
    const r = this.receiver;
    const cumBefore = r?.tsns.cum;
    let hadData = false;
    for (let off = COMMON_HEADER; off < n; ) {
      const type = bytes[off]!;
      const len = read16(bytes, off + 2);
      if (type === ChunkType.DATA) {
        // Hot path: DATA fields are read in place, no chunk object.
        if (len < DATA_HEADER + 1) {
          this.drop();
          return;
        }
        hadData = true;
        if (!this.onData(bytes, off, len)) return;
      } else {
        let c: Chunk;
        try {
          c = decodeChunk(bytes, off, len);
        } catch {
          this.drop();
          return;
        }
        if (!this.onControl(c, tag)) break;
      }
      if (this.state === 'closed' && !this.sender) break;
      off += pad4(len);
    }
    const rr = this.receiver;
    if (rr && rr === r) {
      rr.endOfPacket(hadData, now);
      if (rr.tsns.cum !== cumBefore && this.reconfig?.hasDeferred) this.reconfig.onCumAdvanced(rr.tsns.cum);
    }
  }

  private drop(): void {
    this.counters.packetsDropped++;
  }

  /** Verification tag rules (RFC 9260 §8.5, §8.5.1). */
  private checkTag(tag: number, firstType: number, firstFlags: number, count: number): boolean {
    if (firstType === ChunkType.INIT) return tag === 0 && count === 1;
    if (firstType === ChunkType.ABORT || firstType === ChunkType.SHUTDOWN_COMPLETE) {
      // §8.5.1 B/C: with the T bit the tag is the peer's own (ours as the peer sees it).
      if (firstFlags & T_BIT) return this.peerTag !== 0 && tag === this.peerTag;
      return tag === this.localTag;
    }
    if (firstType === ChunkType.COOKIE_ECHO) return true; // checked against the cookie (§5.1.5)
    if (this.state === 'closed') return false; // out of the blue (§8.4): ignore
    return tag === this.localTag;
  }

  private onData(b: Uint8Array, off: number, len: number): boolean {
    const r = this.receiver;
    if (
      !r ||
      (this.state !== 'established' && this.state !== 'shutdown-pending' && this.state !== 'shutdown-sent')
    ) {
      return true;
    }
    const tsn = read32(b, off + 4);
    const streamId = read16(b, off + 8);
    if (streamId >= this.inboundStreams) {
      // RFC 9260 §6.5: ack the TSN, report Invalid Stream Identifier, drop the data.
      r.acceptWithoutData(tsn);
      const info = new Uint8Array(4);
      info[0] = streamId >> 8;
      info[1] = streamId;
      this.ctrl.push({
        chunk: { type: ChunkType.ERROR, flags: 0, causes: [{ code: CauseCode.INVALID_STREAM_ID, info }] },
        tag: this.peerTag,
        alone: false,
      });
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
      this.protocolViolation(
        `message on stream ${streamId} exceeds max-message-size ${this.o.maxMessageSize}`,
      );
      return false;
    }
    if (v === 'dropped') this.counters.packetsDropped++;
    return true;
  }

  private protocolViolation(message: string): void {
    this.ctrl.push({
      chunk: {
        type: ChunkType.ABORT,
        flags: 0,
        causes: [{ code: CauseCode.PROTOCOL_VIOLATION, info: new TextEncoder().encode(message) }],
      },
      tag: this.peerTag,
      alone: false,
    });
    this.terminate('protocol-violation', message);
  }

  /** Returns false to stop processing the rest of the packet. */
  private onControl(c: Chunk, tag: number): boolean {
    switch (c.type) {
      case ChunkType.INIT:
        this.onInit(c);
        return false;
      case ChunkType.INIT_ACK:
        this.onInitAck(c);
        return false;
      case ChunkType.COOKIE_ECHO:
        return this.onCookieEcho(c.cookie, tag);
      case ChunkType.COOKIE_ACK:
        if (this.state === 'cookie-echoed') {
          this.t1 = undefined;
          this.established();
        }
        return true;
      case ChunkType.SACK:
        if (this.sender && !this.sender.onSack(c, this.now)) {
          this.protocolViolation('SACK for a TSN never sent');
          return false;
        }
        this.afterSack();
        return true;
      case ChunkType.HEARTBEAT:
        if (this.peerTag)
          this.ctrl.push({
            chunk: { type: ChunkType.HEARTBEAT_ACK, flags: 0, info: c.info },
            tag: this.peerTag,
            alone: false,
          });
        return true;
      case ChunkType.HEARTBEAT_ACK:
        this.onHeartbeatAck(c.info);
        return true;
      case ChunkType.ABORT: {
        const msg = c.causes.map((x) => `cause ${x.code}`).join(', ');
        this.terminate('peer-abort', msg || 'peer aborted');
        return false;
      }
      case ChunkType.ERROR:
        this.emit({
          type: 'error',
          message: 'peer reported an error',
          causeCodes: c.causes.map((x) => x.code),
        });
        return true;
      case ChunkType.SHUTDOWN:
        this.onShutdown(c.cumulativeTsnAck);
        return true;
      case ChunkType.SHUTDOWN_ACK:
        if (this.state === 'shutdown-sent' || this.state === 'shutdown-ack-sent') {
          // RFC 9260 §9.2: answer with SHUTDOWN-COMPLETE and close.
          this.ctrl.push({
            chunk: { type: ChunkType.SHUTDOWN_COMPLETE, flags: 0 },
            tag: this.peerTag,
            alone: true,
          });
          this.terminate('shutdown');
        }
        return false;
      case ChunkType.SHUTDOWN_COMPLETE:
        if (this.state === 'shutdown-ack-sent') this.terminate('shutdown');
        return false;
      case ChunkType.FORWARD_TSN:
        this.receiver?.onForwardTsn(c.newCumulativeTsn, c.streams);
        return true;
      case ChunkType.RE_CONFIG:
        if (this.reconfig && this.receiver) this.reconfig.onChunk(c, this.receiver.tsns.cum);
        return true;
      default:
        // RFC 9260 §3.2: upper bits 00/01 stop processing, 10/11 skip the chunk.
        return c.type === -1 && (c.chunkType & 0x80) !== 0;
    }
  }

  // ---------------------------------------------------------------- handshake (RFC 9260 §5)

  private onInit(c: InitChunk): void {
    // §3.3.2: a zero Initiate Tag or stream count is invalid; §5.1: discard.
    if (c.initiateTag === 0 || c.outboundStreams === 0 || c.inboundStreams === 0) return;
    if (this.state === 'shutdown-ack-sent') return;
    const me = {
      state: this.state,
      localTag: this.localTag,
      localInitialTsn: this.localInitialTsn,
      peerTag: this.peerTag,
    };
    const ack = initAckFor(c, me, {
      now: this.now,
      cookieLifespan: this.o.cookieLifespan,
      receiveWindow: this.o.receiveWindow,
      zeroChecksum: this.o.zeroChecksum,
      secret: this.secret,
      fresh: () => [this.randomTag(), this.random32()],
    });
    this.ctrl.push({ chunk: ack, tag: c.initiateTag, alone: true });
  }

  private onInitAck(c: InitChunk): void {
    // §5.2.3: INIT-ACK is only meaningful in COOKIE-WAIT.
    if (this.state !== 'cookie-wait') return;
    const cookie = findParam(c.params, ParamType.STATE_COOKIE);
    if (!cookie || c.initiateTag === 0 || c.outboundStreams === 0 || c.inboundStreams === 0) return;
    this.peerTag = c.initiateTag;
    this.peerInitialTsn = c.initialTsn;
    this.peerRwnd = c.advertisedRwnd;
    this.features = peerFeatures(c.params);
    this.outboundStreams = Math.min(MAX_STREAMS, c.inboundStreams);
    this.inboundStreams = Math.min(MAX_STREAMS, c.outboundStreams);
    this.state = 'cookie-echoed';
    this.startT1(
      { type: ChunkType.COOKIE_ECHO, flags: 0, cookie: Uint8Array.prototype.slice.call(cookie) },
      this.peerTag,
      false,
    );
  }

  private onCookieEcho(cookie: Uint8Array, tag: number): boolean {
    if (cookie.length !== COOKIE_SIZE) return false;
    const check = verifyCookie(cookie, this.secret, this.now);
    if (!check.ok) {
      if (check.reason === 'stale' && tag === check.state.localTag) {
        // §5.1.5 step 3: Stale Cookie Error with the staleness in microseconds.
        const info = new Uint8Array(4);
        new DataView(info.buffer).setUint32(0, Math.min(0xffffffff, Math.round(check.staleness * 1000)));
        this.ctrl.push({
          chunk: { type: ChunkType.ERROR, flags: 0, causes: [{ code: CauseCode.STALE_COOKIE, info }] },
          tag: check.state.peerTag,
          alone: false,
        });
      }
      this.counters.packetsDropped++;
      return false;
    }
    const s = check.state;
    if (tag !== s.localTag) {
      this.counters.packetsDropped++;
      return false;
    }
    if (this.state === 'closed' || this.state === 'cookie-wait') {
      this.adopt(s);
      this.t1 = undefined;
      this.sendCookieAck();
      this.established();
      return true;
    }
    // §5.2.4: COOKIE-ECHO with an existing TCB.
    switch (cookieCase(s, this.localTag, this.peerTag)) {
      case 'A':
        // The peer restarted. Everything it knew is gone: close the channels, start over.
        this.restart(s);
        this.sendCookieAck();
        return true;
      case 'B':
        // INIT collision resolved with the peer's new tag.
        this.adopt(s);
        this.t1 = undefined;
        this.sendCookieAck();
        if (this.state !== 'established') this.established();
        return true;
      case 'D':
        if (this.state === 'cookie-echoed') {
          if (!this.sender) this.adopt(s);
          this.t1 = undefined;
          this.established();
        }
        this.sendCookieAck();
        return true;
      default:
        return false; // case C: silently discard
    }
  }

  private sendCookieAck(): void {
    this.ctrl.push({ chunk: { type: ChunkType.COOKIE_ACK, flags: 0 }, tag: this.peerTag, alone: false });
  }

  /** Take the association parameters from a verified cookie. */
  private adopt(s: CookieState): void {
    this.localTag = s.localTag;
    this.peerTag = s.peerTag;
    this.localInitialTsn = s.localInitialTsn;
    this.peerInitialTsn = s.peerInitialTsn;
    this.peerRwnd = s.peerRwnd;
    this.features = s.peerFeatures;
    this.outboundStreams = Math.min(MAX_STREAMS, s.peerInboundStreams);
    this.inboundStreams = Math.min(MAX_STREAMS, s.peerOutboundStreams);
    this.sender = undefined;
    this.receiver = undefined;
    this.reconfig = undefined;
  }

  private restart(s: CookieState): void {
    this.sender?.clear();
    this.adopt(s);
    this.rto.reset();
    this.chans.finishAll();
    this.emit({ type: 'restart' });
    this.setupTransfer();
    this.state = 'established';
  }

  private setupTransfer(): void {
    const mtuPayload = this.o.mtu - COMMON_HEADER;
    this.sender = new Sender(
      this.localInitialTsn,
      this.peerRwnd,
      { mtu: mtuPayload, initialCwnd: this.o.initialCwndPackets * mtuPayload, maxBurst: this.o.maxBurst },
      this.rto,
    );
    this.receiver = new Receiver(
      this.peerInitialTsn,
      {
        receiveWindow: this.o.receiveWindow,
        maxMessageSize: this.o.maxMessageSize,
        delayedAckTime: this.o.delayedAckTime,
        maxTsnAhead: 0xffff,
        maxChunks: 65536,
      },
      (m) => this.chans.deliver(m, this.emitFn),
    );
    this.reconfig = new StreamReconfig(this.localInitialTsn, this.peerInitialTsn, {
      outgoingReset: (streams) => {
        for (const id of streams) this.sender?.resetStreamSsn(id);
        this.chans.outgoingReset(streams);
      },
      incomingReset: (streams) => {
        for (const id of streams) this.receiver?.reasm.resetStream(id);
        this.chans.incomingReset(streams);
      },
      addIncoming: (n) => {
        if (this.inboundStreams + n > MAX_STREAMS) return false;
        this.inboundStreams += n;
        return true;
      },
      streamsAdded: (n, ok) => {
        if (ok) this.outboundStreams = Math.min(MAX_STREAMS, this.outboundStreams + n);
      },
      send: (c) => this.ctrl.push({ chunk: c, tag: this.peerTag, alone: false }),
    });
  }

  private established(): void {
    if (!this.sender) this.setupTransfer();
    this.state = 'established';
    if (this.o.heartbeatInterval > 0) this.hbAt = this.now + this.o.heartbeatInterval;
    if (!this.associatedOnce) {
      this.associatedOnce = true;
      this.emit({ type: 'associated' });
    }
    this.chans.openPending();
  }

  private onHeartbeatAck(info: Uint8Array): void {
    if (info.length !== 12 || !this.hbOutstanding) return;
    const dv = new DataView(info.buffer, info.byteOffset, 12);
    if (dv.getUint32(8) !== this.hbNonce) return;
    this.hbOutstanding = false;
    if (this.sender) this.sender.errorCount = 0;
    this.rto.measure(this.now - dv.getFloat64(0));
  }

  // ---------------------------------------------------------------- shutdown (RFC 9260 §9.2)

  private onShutdown(cum: number): void {
    const s = this.sender;
    if (!s) return;
    s.onSack(
      {
        type: ChunkType.SACK,
        flags: 0,
        cumulativeTsnAck: cum,
        advertisedRwnd: s.peerRwnd + s.outstandingBytes,
        gapBlocks: [],
        duplicateTsns: [],
      },
      this.now,
    );
    if (this.state === 'established' || this.state === 'shutdown-pending') this.state = 'shutdown-received';
    else if (this.state === 'shutdown-sent') {
      // Both sides sent SHUTDOWN: answer with SHUTDOWN-ACK (§9.2).
      this.sendShutdownAck();
    }
  }

  private sendShutdownAck(): void {
    this.state = 'shutdown-ack-sent';
    const chunk: Chunk = { type: ChunkType.SHUTDOWN_ACK, flags: 0 };
    this.t2 = {
      at: this.now + this.rto.rto,
      rto: this.rto.rto,
      count: 0,
      chunk,
      tag: this.peerTag,
      alone: false,
    };
    this.ctrl.push({ chunk, tag: this.peerTag, alone: false });
  }

  private progressShutdown(): void {
    const s = this.sender;
    if (!s?.idle) return;
    if (this.state === 'shutdown-pending') {
      this.state = 'shutdown-sent';
      const chunk: Chunk = { type: ChunkType.SHUTDOWN, flags: 0, cumulativeTsnAck: this.receiver!.tsns.cum };
      this.t2 = {
        at: this.now + this.rto.rto,
        rto: this.rto.rto,
        count: 0,
        chunk,
        tag: this.peerTag,
        alone: false,
      };
      this.ctrl.push({ chunk, tag: this.peerTag, alone: false });
    } else if (this.state === 'shutdown-received') this.sendShutdownAck();
  }

  private afterSack(): void {
    if (this.state !== 'established') this.progressShutdown();
  }

  // ---------------------------------------------------------------- output

  /**
   * The next packet to send, or undefined. Control chunks first, then a SACK if one is due (or can
   * ride along with data), FORWARD-TSN, retransmissions and new data, bundled up to the MTU.
   */
  pollTransmit(): Uint8Array | undefined {
    const now = this.now;
    const s = this.sender;
    const r = this.receiver;
    const dataState =
      this.state === 'established' || this.state === 'shutdown-pending' || this.state === 'shutdown-received';
    if (s && this.reconfig && dataState) this.reconfig.maybeSend(tsnAdd(s.nextTsn, -1), now, this.rto.rto);
    if (this.state === 'shutdown-pending' || this.state === 'shutdown-received') this.progressShutdown();
    const mtu = this.o.mtu;
    if (
      this.ctrl.length &&
      (this.ctrl[0]!.alone || this.ctrl[0]!.tag !== this.peerTag || this.peerTag === 0)
    ) {
      const e = this.ctrl.shift()!;
      return this.finish(this.encodeAlone(e), false);
    }
    // Packets are carved out of a shared slab: one view allocation per packet, no copy.
    if (slab.length - slabOff < mtu) {
      slab = new Uint8Array(SLAB_SIZE);
      slabOff = 0;
    }
    const out = slab;
    const base = slabOff;
    const end = base + mtu;
    let off = base + COMMON_HEADER;
    while (this.ctrl.length) {
      const e = this.ctrl[0]!;
      if (e.alone || e.tag !== this.peerTag) break;
      const size = pad4(chunkSize(e.chunk));
      if (off + size > end) {
        if (off === base + COMMON_HEADER) {
          this.ctrl.shift(); // cannot ever fit: drop rather than loop
          continue;
        }
        break;
      }
      off = encodeChunk(e.chunk, out, off);
      this.ctrl.shift();
    }
    if (r && (r.sackNow || (r.sackOwed && s !== undefined && dataState && s.canSend()))) {
      const sack = r.buildSack(end - off);
      if (off + pad4(chunkSize(sack)) <= end) off = encodeChunk(sack, out, off);
    }
    if (s && dataState) {
      if (s.forwardTsnPending && this.features & FEATURE_FORWARD_TSN) {
        const f = s.forwardTsn();
        if (off + pad4(chunkSize(f)) <= end) off = encodeChunk(f, out, off);
        else s.forwardTsnPending = true;
      }
      off = s.fill(out, off, end, now);
    }
    if (off === base + COMMON_HEADER) return undefined;
    slabOff = (off + 7) & ~7;
    const pkt = new Uint8Array(out.buffer, base, off - base);
    writeHeader(pkt, this.o.localPort, this.o.remotePort, this.peerTag);
    return this.finish(pkt, this.state === 'established' || this.state.startsWith('shutdown'));
  }

  private encodeAlone(e: CtrlEntry): Uint8Array {
    const size = COMMON_HEADER + pad4(chunkSize(e.chunk));
    const out = new Uint8Array(size);
    writeHeader(out, this.o.localPort, this.o.remotePort, e.tag);
    encodeChunk(e.chunk, out, COMMON_HEADER);
    return out;
  }

  private finish(p: Uint8Array, mayZero: boolean): Uint8Array {
    // RFC 9653 §5.2: zero checksum only once both sides offered it.
    if (!(mayZero && this.o.zeroChecksum && this.features & FEATURE_ZERO_CHECKSUM)) sealPacket(p, p.length);
    this.counters.packetsSent++;
    return p;
  }
}

export type { ChannelInfo };
