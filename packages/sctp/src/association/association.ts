import type { ChannelInfo, ChannelInit, DataChannel } from '../channel.js';
import { SctpError } from '../errors.js';
import { ChunkType } from '../packet/chunk-type.js';
import { CauseCode } from '../packet/error-cause.js';
import type { AssociationEvent, AssociationState, AssociationStats } from './events.js';
import { handlePacket } from './input.js';
import type { AssociationOptions } from './options.js';
import { pollTransmit } from './output.js';
import { disabledPmtudStats, newPlpmtud } from './pmtud.js';
import { sendInit } from './setup.js';
import { Tcb } from './tcb.js';
import { handleTimeout, nextDeadline } from './timers.js';

/**
 * An SCTP association (RFC 9260) carrying WebRTC data channels (RFC 8831, RFC 8832), sans-I/O:
 * feed packets with handlePacket(), timers with handleTimeout(), drain pollTransmit() and pollEvent().
 */
export class Association {
  private readonly t: Tcb;

  constructor(options: AssociationOptions) {
    this.t = new Tcb(options);
  }

  get state(): AssociationState {
    return this.t.state;
  }

  /**
   * The caller learned a new bound for the largest packet worth probing on the path (e.g. the
   * lower layer now knows which path it uses). RFC 8899 §5.2: a path change re-enters BASE, so a
   * running search restarts from the base PLPMTU (the `mtu` option) up to `maxMtu`; before the
   * association is established the value is only recorded. Same range rules as the option.
   */
  setMaxMtu(maxMtu: number, now: number): void {
    const t = this.t;
    if (!(Number.isInteger(maxMtu) && maxMtu >= t.o.mtu && maxMtu <= 65535))
      throw new SctpError('invalid-argument', 'maxMtu must be an integer between mtu and 65535');
    if (maxMtu === t.o.maxMtu) return;
    t.now = now;
    t.o = { ...t.o, maxMtu };
    if (!t.sender) return;
    t.pmtud = newPlpmtud(t);
    t.mtuChanged();
    if (t.state === 'established') t.pmtud?.start(now);
  }

  /**
   * A round trip (ms) the layer below measured on the path this association runs over, e.g. an
   * ICE connectivity check on the 5-tuple that carries the DTLS records. RFC 9260 §6.3.1 C1 uses
   * RTO.Initial only until an RTT measurement has been made: with this one, T1-init, T1-cookie and
   * the first T3-rtx start at SRTT + 4 * RTTVAR of it (C2, within rtoMin..rtoMax), so a lost INIT
   * or COOKIE-ECHO on a short path costs rtoMin rather than RTO.Initial. Ignored when there is
   * an RTT already (its own or an earlier call); it also seeds the estimate again after a restart.
   */
  setPathRtt(rttMs: number): void {
    if (!(Number.isFinite(rttMs) && rttMs >= 0))
      throw new SctpError('invalid-argument', 'the path RTT must be a finite number of ms, 0 or more');
    this.t.rto.seed(rttMs);
  }

  /** Start the association: send INIT (RFC 9260 §5.1). Both WebRTC peers call this (simultaneous open). */
  connect(now: number): void {
    this.t.now = now;
    if (this.t.state !== 'closed') return;
    sendInit(this.t);
  }

  /**
   * Our INIT again now, when it is unanswered (COOKIE-WAIT) and the caller has reason to think it
   * went where nobody listened (e.g. sent before the peer's SCTP stack was up). T1-init restarts at
   * its current value (RFC 9260 §5.1 A); in any other state this does nothing.
   */
  resendInit(now: number): void {
    const t = this.t;
    t.now = now;
    const t1 = t.t1;
    if (t.state !== 'cookie-wait' || !t1) return;
    t1.at = now + t1.rto;
    t.ctrl.push({ chunk: t1.chunk, tag: t1.tag, alone: t1.alone });
  }

  /**
   * The peer sent an INIT that we answered while CLOSED (RFC 9260 §5.1 B, no state kept): its
   * COOKIE-ECHO will set the association up, so an INIT of ours would only make a collision.
   */
  get answeredInit(): boolean {
    return this.t.answeredInit;
  }

  /** Open a data channel (RFC 8832 DATA_CHANNEL_OPEN, or a negotiated one with a pre-agreed id). */
  createChannel(init: ChannelInit, now: number): number {
    const t = this.t;
    t.now = now;
    if (
      t.state !== 'closed' &&
      t.state !== 'cookie-wait' &&
      t.state !== 'cookie-echoed' &&
      t.state !== 'established'
    )
      throw new SctpError('invalid-state', `cannot create a channel in state ${t.state}`);
    return t.chans.create(init, t.state === 'established');
  }

  /** Send a message on a channel: string (PPID 51/56) or binary (53/57) per RFC 8831 §8. */
  send(channelId: number, data: Uint8Array, binary: boolean, now: number): void {
    const t = this.t;
    t.now = now;
    if (data.length > t.o.remoteMaxMessageSize)
      throw new SctpError(
        'message-too-large',
        `message of ${data.length} bytes exceeds max-message-size ${t.o.remoteMaxMessageSize}`,
      );
    t.chans.send(channelId, data, binary, now, t.o.maxQueuedBytes);
  }

  /** Close a channel: its queued messages go first, then an outgoing stream reset (RFC 8831 §6.7). */
  closeChannel(channelId: number, now: number): void {
    this.t.now = now;
    this.t.chans.close(channelId, this.t.state === 'established');
  }

  channelState(channelId: number): DataChannel | undefined {
    return this.t.chans.get(channelId);
  }

  bufferedAmount(channelId: number): number {
    return this.t.chans.get(channelId)?.bufferedAmount ?? 0;
  }

  setBufferedAmountLowThreshold(channelId: number, threshold: number): void {
    const ch = this.t.chans.get(channelId);
    if (ch) ch.bufferedAmountLowThreshold = threshold;
  }

  /** Graceful close: SHUTDOWN once everything queued is acknowledged (RFC 9260 §9.2). */
  close(now: number): void {
    const t = this.t;
    t.now = now;
    if (t.state === 'established') t.state = 'shutdown-pending';
    else if (t.state === 'cookie-wait' || t.state === 'cookie-echoed') t.terminate('shutdown');
  }

  /** ABORT the association at once (RFC 9260 §9.1). */
  abort(now: number, reason = 'user abort'): void {
    const t = this.t;
    t.now = now;
    if (t.state === 'closed') return;
    if (t.peerTag !== 0) {
      const info = new TextEncoder().encode(reason);
      t.sendCtrl({
        type: ChunkType.ABORT,
        flags: 0,
        causes: [{ code: CauseCode.USER_INITIATED_ABORT, info }],
      });
    }
    t.terminate('abort', reason);
  }

  pollEvent(): AssociationEvent | undefined {
    const t = this.t;
    if (t.eventHead >= t.events.length) {
      if (t.eventHead) {
        t.events.length = 0;
        t.eventHead = 0;
      }
      return undefined;
    }
    const e = t.events[t.eventHead]!;
    t.events[t.eventHead++] = undefined as unknown as AssociationEvent;
    if (t.eventHead > 1024 && t.eventHead * 2 > t.events.length) {
      t.events.splice(0, t.eventHead);
      t.eventHead = 0;
    }
    if (e.type === 'message') t.receiver?.consumed(e.data.length);
    return e;
  }

  get stats(): AssociationStats {
    const t = this.t;
    const s = t.sender;
    return {
      state: t.state,
      messagesSent: s?.stats.messagesSent ?? 0,
      messagesReceived: t.counters.messagesReceived,
      bytesSent: s?.stats.bytesSent ?? 0,
      bytesReceived: t.counters.bytesReceived,
      packetsSent: t.counters.packetsSent,
      packetsReceived: t.counters.packetsReceived,
      packetsDropped: t.counters.packetsDropped,
      retransmissions: s?.stats.retransmissions ?? 0,
      fastRetransmits: s?.stats.fastRetransmits ?? 0,
      t3Expirations: s?.stats.t3Expirations ?? 0,
      abandonedMessages: s?.stats.abandoned ?? 0,
      srtt: t.rto.srtt,
      rto: t.rto.rto,
      cwnd: s?.cwnd ?? 0,
      ssthresh: s?.ssthresh ?? 0,
      flightSize: s?.flightSize ?? 0,
      peerRwnd: s?.peerRwnd ?? 0,
      localRwnd: t.receiver?.window ?? t.o.receiveWindow,
      pmtu: t.mtu,
      pmtud: t.pmtud
        ? { ...t.pmtud.stats }
        : t.sender
          ? disabledPmtudStats(t.counters.probeAcksIgnored)
          : undefined,
    };
  }

  /** The earliest time handleTimeout() must be called, or undefined when no timer runs. */
  nextDeadline(): number | undefined {
    return nextDeadline(this.t);
  }

  handleTimeout(now: number): void {
    handleTimeout(this.t, now);
  }

  /**
   * Feed one SCTP packet (one DTLS record's payload). Never throws for bad input: invalid packets are
   * dropped and counted. The packet is handed over: received user data is kept by reference until
   * delivered, and an unfragmented message is delivered as a view into `bytes`, so the caller must
   * not reuse or modify `bytes` afterwards.
   */
  handlePacket(bytes: Uint8Array, now: number): void {
    handlePacket(this.t, bytes, now);
  }

  /**
   * The next packet to send, or undefined. Control chunks first, then a SACK if one is due (or can
   * ride along with data), FORWARD-TSN, retransmissions and new data, bundled up to the MTU.
   */
  pollTransmit(): Uint8Array | undefined {
    return pollTransmit(this.t);
  }
}

export type { ChannelInfo };
