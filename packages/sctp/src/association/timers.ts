// Timers (RFC 9260 §6.3, §8.3): T1-init, T2-shutdown, T3-rtx (in the sender), the delayed SACK
// timer (in the receiver), the RE-CONFIG timer (RFC 6525 §5.1.1) and HEARTBEAT. The caller asks for
// the next deadline and calls handleTimeout at or after it; nothing here reads a clock.
import { ChunkType } from '../packet/chunk-type.js';
import { PROBE_INFO_SIZE } from './pmtud.js';
import type { Tcb } from './tcb.js';

export function nextDeadline(t: Tcb): number | undefined {
  let d = Number.POSITIVE_INFINITY;
  if (t.t1) d = Math.min(d, t.t1.at);
  if (t.t2) d = Math.min(d, t.t2.at);
  if (t.hbAt !== undefined) d = Math.min(d, t.hbAt);
  const s = t.sender;
  if (s?.t3At !== undefined) d = Math.min(d, s.t3At);
  const r = t.receiver;
  if (r?.sackAt !== undefined) d = Math.min(d, r.sackAt);
  if (t.reconfig?.timerAt !== undefined) d = Math.min(d, t.reconfig.timerAt);
  if (t.pmtud?.timerAt !== undefined) d = Math.min(d, t.pmtud.timerAt);
  return d === Number.POSITIVE_INFINITY ? undefined : d;
}

export function handleTimeout(t: Tcb, now: number): void {
  t.now = now;
  const t1 = t.t1;
  if (t1 && now >= t1.at) {
    // RFC 9260 §5.1 / §6.3.3: retransmit INIT or COOKIE-ECHO with back-off, up to Max.Init.Retransmits.
    if (++t1.count > t.o.maxInitRetransmits) {
      t.terminate('failure', 'no answer to INIT/COOKIE-ECHO');
      return;
    }
    t1.rto = Math.min(t1.rto * 2, t.o.rtoMax);
    t1.at = now + t1.rto;
    t.ctrl.push({ chunk: t1.chunk, tag: t1.tag, alone: t1.alone });
    // DATA that rode with COOKIE-ECHO goes again with it (RFC 9260 §5.1 C).
    if (t.state === 'cookie-echoed') t.sender?.resendWithCookie(now);
  }
  const t2 = t.t2;
  if (t2 && now >= t2.at) {
    if (++t2.count > t.o.maxRetransmissions) {
      t.terminate('failure', 'no answer to SHUTDOWN');
      return;
    }
    t2.rto = Math.min(t2.rto * 2, t.o.rtoMax);
    t2.at = now + t2.rto;
    t.ctrl.push({ chunk: t2.chunk, tag: t.peerTag, alone: t2.alone });
  }
  const s = t.sender;
  if (s?.t3At !== undefined && now >= s.t3At) {
    s.onT3(now);
    if (s.errorCount > t.o.maxRetransmissions) {
      t.failAssociation('too many retransmissions');
      return;
    }
    // RFC 8899 §4.3: repeated loss above the base PLPMTU looks like a black hole: fall back.
    if (t.pmtud?.onDataLoss(s.errorCount, now)) t.mtuChanged();
  }
  t.receiver?.onTimer(now);
  t.reconfig?.onTimer(now, t.rto.rto);
  if (t.hbAt !== undefined && now >= t.hbAt) sendHeartbeat(t, now);
  const pm = t.pmtud;
  if (pm?.timerAt !== undefined && now >= pm.timerAt) pm.onTimer(now);
}

/** RFC 9260 §8.3: path heartbeat with our clock and a nonce, echoed back by the peer. */
function sendHeartbeat(t: Tcb, now: number): void {
  if (t.hbOutstanding && t.sender && ++t.sender.errorCount > t.o.maxRetransmissions) {
    t.failAssociation('heartbeats unanswered');
    return;
  }
  const info = new Uint8Array(12);
  const dv = new DataView(info.buffer);
  dv.setFloat64(0, now);
  t.hbNonce = t.random32();
  dv.setUint32(8, t.hbNonce);
  t.sendCtrl({ type: ChunkType.HEARTBEAT, flags: 0, info });
  t.hbOutstanding = true;
  t.hbAt = now + t.o.heartbeatInterval + t.rto.rto;
}

export function onHeartbeatAck(t: Tcb, info: Uint8Array): void {
  // A PLPMTU probe's info is longer than a plain heartbeat's (RFC 8899 §6.2.1).
  if (info.length === PROBE_INFO_SIZE) {
    if (!t.pmtud)
      t.counters.probeAcksIgnored++; // we never probed: unsolicited
    else if (t.pmtud.onAck(info, t.now)) t.mtuChanged();
    return;
  }
  if (info.length !== 12 || !t.hbOutstanding) return;
  const dv = new DataView(info.buffer, info.byteOffset, 12);
  if (dv.getUint32(8) !== t.hbNonce) return;
  t.hbOutstanding = false;
  if (t.sender) t.sender.errorCount = 0;
  t.rto.measure(t.now - dv.getFloat64(0));
}
