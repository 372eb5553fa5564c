// The answerer child of a two-process pair: answers each offer relayed from the offerer, reports
// when its channel is open (with the time on the shared monotonic clock), and on its channel either
// echoes (RTT) or counts what arrives until the offerer's 'end' marker, then sends the count and
// its CPU time back on the channel (throughput).
import type { Impl } from './implementations.js';
import { hrMs, type Ipc, type Msg, withTimeout } from './ipc.js';
import { cpuSeconds } from './measure.js';
import { byteLength, gathered, opened } from './pair.js';

// biome-ignore lint/suspicious/noExplicitAny: foreign W3C-shaped objects
type Any = any;

interface Session {
  pc: Any;
  /** No trickle: the answer waits for gathering and carries the candidates. */
  fullSdp: boolean;
  ch?: Any;
  remoteSet: boolean;
  pending: unknown[];
}

export function runAnswerer(impl: Impl, ipc: Ipc): void {
  const sessions = new Map<number, Session>();
  let mode: 'echo' | 'count' = 'echo';
  let bytes = 0;
  let msgs = 0;
  let cpu0 = process.cpuUsage();
  let t0 = 0;

  const onMessage = (ch: Any) => (e: { data: unknown }) => {
    if (mode === 'echo') return ch.send(e.data);
    if (typeof e.data !== 'string') {
      bytes += byteLength(e.data);
      msgs++;
      return;
    }
    // 'end': every message before it has arrived (reliable, ordered channel).
    const cpuS = cpuSeconds(process.cpuUsage(cpu0));
    ch.send(JSON.stringify({ bytes, msgs, cpuS, wallS: (hrMs() - t0) / 1000 }));
  };

  const add = (pc: Any, c: unknown) => Promise.resolve(pc.addIceCandidate(c)).catch(() => undefined);

  ipc.on('ping', (m) => ipc.send({ to: 'peer', t: 'pong', sentAt: m.sentAt, at: m.arrived }));

  ipc.on('prepare', (m) => {
    const k = m.k!;
    const pc = new impl.Ctor(impl.config);
    const s: Session = { pc, fullSdp: m.fullSdp === true, remoteSet: false, pending: [] };
    sessions.set(k, s);
    pc.addEventListener('icecandidate', (e: Any) => {
      if (s.fullSdp || !e.candidate?.candidate) return;
      const c = typeof e.candidate.toJSON === 'function' ? e.candidate.toJSON() : e.candidate;
      ipc.send({ to: 'peer', t: 'cand', k, c });
    });
    pc.addEventListener('datachannel', (e: Any) => {
      const ch = e.channel;
      s.ch = ch;
      void opened(ch).then(() => {
        const at = hrMs();
        ch.binaryType = 'arraybuffer';
        ch.onmessage = onMessage(ch);
        ipc.send({ to: 'peer', t: 'open', k, at });
      });
    });
    ipc.send({ to: 'peer', t: 'prepared', k });
  });

  ipc.on('cand', (m) => {
    const s = sessions.get(m.k!);
    if (!s) return;
    if (s.remoteSet) void add(s.pc, m.c);
    else s.pending.push(m.c);
  });

  ipc.on('offer', (m) => {
    const s = sessions.get(m.k!)!;
    void (async () => {
      await s.pc.setRemoteDescription(m.sdp);
      s.remoteSet = true;
      for (const c of s.pending.splice(0)) void add(s.pc, c);
      const answer = await s.pc.createAnswer();
      await s.pc.setLocalDescription(answer);
      // Bounded like the offerer's wait: a stack that never completes gathering fails this connect
      // with a named error (sent back as the answer's error) instead of stalling the run.
      if (s.fullSdp) await withTimeout(gathered(s.pc), 20_000, `${impl.name} answerer: gathering`);
      const d = s.pc.localDescription;
      ipc.send({ to: 'peer', t: 'answer', k: m.k, sdp: { type: d.type, sdp: d.sdp } });
    })().catch((error: Error) => ipc.send({ to: 'peer', t: 'answer', k: m.k, error: error.message }));
  });

  ipc.on('mode', (m: Msg) => {
    mode = m.mode as 'echo' | 'count';
    bytes = 0;
    msgs = 0;
    cpu0 = process.cpuUsage();
    t0 = hrMs();
    ipc.send({ to: 'peer', t: 'mode-ok' });
  });

  ipc.on('close', (m) => {
    const s = sessions.get(m.k!);
    sessions.delete(m.k!);
    void Promise.resolve(s?.pc.close())
      .catch(() => undefined)
      .then(() => ipc.send({ to: 'peer', t: 'closed', k: m.k }));
  });

  ipc.send({ to: 'peer', t: 'ready' });
}
