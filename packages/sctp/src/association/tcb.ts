import { SctpError } from '../errors.js';
import type { Chunk } from '../packet/chunk.js';
import { ChunkType } from '../packet/chunk-type.js';
import { CauseCode } from '../packet/error-cause.js';
import { type ChannelHost, ChannelTable } from './channels.js';
import type { AssociationEvent, AssociationState, CloseReason } from './events.js';
import { FEATURE_RECONFIG, MAX_STREAMS } from './handshake.js';
import { type AssociationOptions, defaults, type ResolvedOptions } from './options.js';
import type { Plpmtud } from './pmtud.js';
import type { Receiver } from './receiver.js';
import type { StreamReconfig } from './reconfig.js';
import { RtoEstimator } from './rto.js';
import type { Sender } from './sender.js';

/** A control chunk waiting for pollTransmit. */
export interface CtrlEntry {
  chunk: Chunk;
  tag: number;
  /** INIT, INIT-ACK and SHUTDOWN-COMPLETE travel alone (RFC 9260 §6.10). */
  alone: boolean;
}

/** T1-init or T2-shutdown: one chunk retransmitted with back-off (RFC 9260 §6.3.3, §9.2). */
export interface RetransmitTimer {
  at: number;
  rto: number;
  count: number;
  chunk: Chunk;
  tag: number;
  alone: boolean;
}

/**
 * The Transmission Control Block (RFC 9260 §14.2): everything one association knows. The
 * handshake, input, output, timer and shutdown modules work on it; Association is its public face.
 */
export class Tcb implements ChannelHost {
  o: ResolvedOptions;
  state: AssociationState = 'closed';
  now = 0;
  localTag: number;
  localInitialTsn: number;
  peerTag = 0;
  peerInitialTsn = 0;
  peerRwnd = 0;
  features = 0;
  readonly secret: Uint8Array;
  outboundStreams = MAX_STREAMS;
  inboundStreams = MAX_STREAMS;
  /** Outgoing streams asked for with Add Outgoing Streams and not yet answered (RFC 6525 §5.1.5). */
  requestedStreams = 0;
  sender: Sender | undefined;
  receiver: Receiver | undefined;
  reconfig: StreamReconfig | undefined;
  /** PLPMTUD (RFC 8899), built with the sender. */
  pmtud: Plpmtud | undefined;
  readonly rto: RtoEstimator;
  t1: RetransmitTimer | undefined;
  t2: RetransmitTimer | undefined;
  hbAt: number | undefined;
  hbNonce = 0;
  hbOutstanding = false;
  ctrl: CtrlEntry[] = [];
  events: AssociationEvent[] = [];
  eventHead = 0;
  readonly chans: ChannelTable;
  associatedOnce = false;
  /** An INIT from the peer was answered while CLOSED (see Association.answeredInit). */
  answeredInit = false;
  readonly counters = {
    packetsSent: 0,
    packetsReceived: 0,
    packetsDropped: 0,
    messagesReceived: 0,
    bytesReceived: 0,
    /** Probe-sized HEARTBEAT-ACKs while PLPMTUD is off (RFC 8899 §6.2.1: we sent no probe). */
    probeAcksIgnored: 0,
  };

  constructor(options: AssociationOptions) {
    this.o = defaults(options);
    if (this.o.mtu < 256 || this.o.mtu > 65535) throw new SctpError('invalid-argument', 'mtu out of range');
    if (!(this.o.maxMtu >= this.o.mtu && this.o.maxMtu <= 65535))
      throw new SctpError('invalid-argument', 'maxMtu must be between mtu and 65535');
    this.rto = new RtoEstimator(this.o.rtoInitial, this.o.rtoMin, this.o.rtoMax);
    this.secret = this.o.random(32);
    this.localTag = this.randomTag();
    this.localInitialTsn = this.random32();
    this.chans = new ChannelTable(this.o.role, this);
  }

  // ---- ChannelHost (the Tcb is its channel table's host: no per-association closures) ----

  requestReset(streamId: number): void {
    this.reconfig?.requestReset(streamId);
  }

  delivered(bytes: number): void {
    this.counters.messagesReceived++;
    this.counters.bytesReceived += bytes;
    this.receiver!.undelivered += bytes;
  }

  dropped(): void {
    this.drop();
  }

  /** See ChannelHost.streamFor. Queues an Add Outgoing Streams request covering `id` when needed. */
  streamFor(id: number): 'ok' | 'wait' | 'unsupported' {
    if (id < this.outboundStreams) return 'ok';
    if (!(this.features & FEATURE_RECONFIG) || !this.reconfig) return 'unsupported';
    const want = id + 1 - (this.outboundStreams + this.requestedStreams);
    if (want > 0) {
      this.reconfig.requestAddStreams(want);
      this.requestedStreams += want;
    }
    return 'wait';
  }

  random32(): number {
    const b = this.o.random(4);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  randomTag(): number {
    // RFC 9260 §5.3.1: the Initiate Tag must not be 0.
    let t = 0;
    while (t === 0) t = this.random32();
    return t;
  }

  emit(e: AssociationEvent): void {
    this.events.push(e);
  }

  drop(): void {
    this.counters.packetsDropped++;
  }

  /** Queue a control chunk for the peer. */
  sendCtrl(chunk: Chunk, alone = false): void {
    this.ctrl.push({ chunk, tag: this.peerTag, alone });
  }

  /** The SCTP packet size DATA is bundled and fragmented to: the PLPMTU (RFC 8899 §2). */
  get mtu(): number {
    return this.pmtud?.plpmtu ?? this.o.mtu;
  }

  /** Tell congestion control the payload MTU after PLPMTUD changed the PLPMTU. */
  mtuChanged(): void {
    this.sender?.cc.setMtu(this.mtu - 12);
  }

  terminate(reason: CloseReason, message?: string): void {
    if (this.state === 'closed' && !this.sender) return;
    this.state = 'closed';
    this.t1 = this.t2 = undefined;
    this.hbAt = undefined;
    this.sender?.clear();
    this.sender = undefined;
    this.receiver = undefined;
    this.reconfig = undefined;
    this.pmtud = undefined;
    this.chans.finishAll();
    this.emit(message === undefined ? { type: 'closed', reason } : { type: 'closed', reason, message });
  }

  /** Send ABORT with one error cause and end the association (RFC 9260 §9.1). */
  abortWith(code: number, message: string, reason: CloseReason): void {
    this.sendCtrl({
      type: ChunkType.ABORT,
      flags: 0,
      causes: [{ code, info: new TextEncoder().encode(message) }],
    });
    this.terminate(reason, message);
  }

  failAssociation(message: string): void {
    this.abortWith(CauseCode.USER_INITIATED_ABORT, message, 'failure');
  }

  protocolViolation(message: string): void {
    this.abortWith(CauseCode.PROTOCOL_VIOLATION, message, 'protocol-violation');
  }
}
