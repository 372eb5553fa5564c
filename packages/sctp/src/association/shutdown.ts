// Graceful shutdown (RFC 9260 §9.2): SHUTDOWN once everything queued is acknowledged,
// SHUTDOWN-ACK, SHUTDOWN-COMPLETE, with T2-shutdown retransmitting.
import type { Chunk } from '../packet/chunk.js';
import { ChunkType } from '../packet/chunk-type.js';
import type { Tcb } from './tcb.js';

export function onShutdown(t: Tcb, cum: number): void {
  const s = t.sender;
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
    t.now,
  );
  if (t.state === 'established' || t.state === 'shutdown-pending') t.state = 'shutdown-received';
  else if (t.state === 'shutdown-sent') {
    // Both sides sent SHUTDOWN: answer with SHUTDOWN-ACK (§9.2).
    sendShutdownAck(t);
  }
}

/** SHUTDOWN-ACK received: answer with SHUTDOWN-COMPLETE and close. Returns false (stop the packet). */
export function onShutdownAck(t: Tcb): boolean {
  if (t.state === 'shutdown-sent' || t.state === 'shutdown-ack-sent') {
    t.sendCtrl({ type: ChunkType.SHUTDOWN_COMPLETE, flags: 0 }, true);
    t.terminate('shutdown');
  }
  return false;
}

function startT2(t: Tcb, chunk: Chunk): void {
  t.t2 = { at: t.now + t.rto.rto, rto: t.rto.rto, count: 0, chunk, tag: t.peerTag, alone: false };
  t.sendCtrl(chunk);
}

function sendShutdownAck(t: Tcb): void {
  t.state = 'shutdown-ack-sent';
  startT2(t, { type: ChunkType.SHUTDOWN_ACK, flags: 0 });
}

/** Move the shutdown on once the sender has nothing queued or outstanding. */
export function progressShutdown(t: Tcb): void {
  const s = t.sender;
  if (!s?.idle) return;
  if (t.state === 'shutdown-pending') {
    t.state = 'shutdown-sent';
    startT2(t, { type: ChunkType.SHUTDOWN, flags: 0, cumulativeTsnAck: t.receiver!.tsns.cum });
  } else if (t.state === 'shutdown-received') sendShutdownAck(t);
}
