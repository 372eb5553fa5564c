import { ChunkType } from '../packet/chunk-type.js';
import { type ReconfigChunk, type ReconfigParam, ReconfigResult } from '../packet/reconfig.js';
import { tsnAdd, tsnDiff } from './serial.js';

export interface ReconfigHooks {
  /** Our outgoing streams were reset by the peer's success response. */
  outgoingReset(streams: readonly number[]): void;
  /** The peer reset its outgoing streams (our incoming side), after all data up to lastTsn arrived. */
  incomingReset(streams: readonly number[]): void;
  /** The peer asks for more inbound streams on our side; return true to accept. */
  addIncoming(n: number): boolean;
  /** Our add-outgoing-streams request completed. */
  streamsAdded(n: number, ok: boolean): void;
  /** The peer asks for more incoming streams on its side (our outgoing); return true to accept. */
  addOutgoing(n: number): boolean;
  send(c: ReconfigChunk): void;
}

/**
 * Stream reconfiguration (RFC 6525): Outgoing SSN Reset requests to close data channels (RFC 8831 §6.7),
 * Add Outgoing Streams, and the responses. One request of ours is outstanding at a time (§5.1.1).
 */
export class StreamReconfig {
  private nextReqSeq: number;
  private peerNextSeq: number;
  private outstanding: ReconfigParam | undefined;
  timerAt: number | undefined;
  private pendingResets: number[] = [];
  private pendingAdd = 0;
  /** Peer requests waiting for our cumulative TSN to reach their lastTsn (§5.2.2). */
  private deferred: { seq: number; lastTsn: number; streams: number[] }[] = [];
  private lastResult: { seq: number; result: number } | undefined;
  retries = 0;

  constructor(
    localInitialTsn: number,
    peerInitialTsn: number,
    private readonly hooks: ReconfigHooks,
  ) {
    this.nextReqSeq = localInitialTsn;
    this.peerNextSeq = peerInitialTsn;
  }

  requestReset(streamId: number): void {
    if (!this.pendingResets.includes(streamId)) this.pendingResets.push(streamId);
  }

  requestAddStreams(n: number): void {
    this.pendingAdd += n;
  }

  /** Send a queued request if none is outstanding. `lastTsn` is our last assigned TSN. */
  maybeSend(lastTsn: number, now: number, rto: number): void {
    if (this.outstanding) return;
    let p: ReconfigParam | undefined;
    if (this.pendingResets.length) {
      p = {
        type: 13,
        requestSeq: this.nextReqSeq,
        responseSeq: tsnAdd(this.peerNextSeq, -1),
        lastTsn,
        streams: this.pendingResets.splice(0, 256),
      };
    } else if (this.pendingAdd) {
      p = { type: 17, requestSeq: this.nextReqSeq, newStreams: Math.min(this.pendingAdd, 0xffff) };
      this.pendingAdd = 0;
    }
    if (!p) return;
    this.nextReqSeq = tsnAdd(this.nextReqSeq, 1);
    this.outstanding = p;
    this.retries = 0;
    this.timerAt = now + rto;
    this.hooks.send({ type: ChunkType.RE_CONFIG, flags: 0, params: [p] });
  }

  /** Reconfiguration timer (RFC 6525 §5.1.1: retransmit the request on RTO). */
  onTimer(now: number, rto: number): void {
    if (this.timerAt === undefined || now < this.timerAt) return;
    if (!this.outstanding) {
      this.timerAt = undefined;
      return;
    }
    this.retries++;
    this.timerAt = now + rto;
    this.hooks.send({ type: ChunkType.RE_CONFIG, flags: 0, params: [this.outstanding] });
  }

  get busy(): boolean {
    return this.outstanding !== undefined || this.pendingResets.length > 0;
  }

  onChunk(c: ReconfigChunk, cumTsn: number): void {
    for (const p of c.params) {
      if (p.type === 16) this.onResponse(p.responseSeq, p.result);
      else if (p.type === 13 || p.type === 17 || p.type === 14 || p.type === 15 || p.type === 18)
        this.onRequest(p, cumTsn);
    }
  }

  private onResponse(seq: number, result: number): void {
    const o = this.outstanding;
    if (!o || o.type === -1 || o.type === 16 || !('requestSeq' in o) || o.requestSeq !== seq) return;
    if (result === ReconfigResult.IN_PROGRESS || result === ReconfigResult.ERROR_REQUEST_IN_PROGRESS) {
      return; // keep the request outstanding; the timer retransmits it
    }
    this.outstanding = undefined;
    this.timerAt = undefined;
    const ok = result === ReconfigResult.SUCCESS_PERFORMED || result === ReconfigResult.SUCCESS_NOTHING;
    if (o.type === 13)
      this.hooks.outgoingReset(o.streams); // denied or not, the channel is done
    else if (o.type === 17) this.hooks.streamsAdded(o.newStreams, ok);
  }

  private respond(seq: number, result: number): void {
    this.lastResult = { seq, result };
    this.hooks.send({
      type: ChunkType.RE_CONFIG,
      flags: 0,
      params: [{ type: 16, responseSeq: seq, result }],
    });
  }

  private onRequest(p: ReconfigParam, cumTsn: number): void {
    if (!('requestSeq' in p)) return;
    const d = tsnDiff(p.requestSeq, this.peerNextSeq);
    if (d < 0) {
      // §5.2.1: a retransmitted request: repeat the answer (unless it is still deferred).
      if (this.lastResult && this.lastResult.seq === p.requestSeq)
        this.respond(p.requestSeq, this.lastResult.result);
      return;
    }
    if (d > 0) {
      this.respond(p.requestSeq, ReconfigResult.ERROR_BAD_SEQUENCE);
      return;
    }
    this.peerNextSeq = tsnAdd(this.peerNextSeq, 1);
    if (p.type === 13) {
      if (tsnDiff(p.lastTsn, cumTsn) > 0) {
        this.deferred.push({ seq: p.requestSeq, lastTsn: p.lastTsn, streams: p.streams });
        this.lastResult = { seq: p.requestSeq, result: ReconfigResult.IN_PROGRESS };
        return;
      }
      this.hooks.incomingReset(p.streams);
      this.respond(p.requestSeq, ReconfigResult.SUCCESS_PERFORMED);
    } else if (p.type === 17) {
      // §5.2.5: Add Outgoing Streams: denied only beyond 65535 streams in all.
      this.respond(
        p.requestSeq,
        this.hooks.addIncoming(p.newStreams) ? ReconfigResult.SUCCESS_PERFORMED : ReconfigResult.DENIED,
      );
    } else if (p.type === 18) {
      // §5.2.6: Add Incoming Streams: we add outgoing streams by sending our own Add Outgoing
      // Streams request, and answer this one as performed.
      this.respond(
        p.requestSeq,
        this.hooks.addOutgoing(p.newStreams) ? ReconfigResult.SUCCESS_PERFORMED : ReconfigResult.DENIED,
      );
    } else {
      // Incoming SSN reset and SSN/TSN reset: not used by WebRTC; refuse.
      this.respond(p.requestSeq, ReconfigResult.DENIED);
    }
  }

  /** Called when our cumulative TSN advanced: run deferred peer resets whose lastTsn is now covered. */
  onCumAdvanced(cumTsn: number): void {
    while (this.deferred.length && tsnDiff(this.deferred[0]!.lastTsn, cumTsn) <= 0) {
      const r = this.deferred.shift()!;
      this.hooks.incomingReset(r.streams);
      this.respond(r.seq, ReconfigResult.SUCCESS_PERFORMED);
    }
  }

  get hasDeferred(): boolean {
    return this.deferred.length > 0;
  }
}
