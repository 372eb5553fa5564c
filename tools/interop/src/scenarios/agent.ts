// The scenario agent: everything one side of a scenario does to its RTCPeerConnection, written once
// and run in two places - directly in Node around a constructor (libwebrtc, werift, @rtc/peer) and
// inside Chromium's page, where its source is injected with Function.prototype.toString. So it must
// not reference anything outside its own body, use only APIs present in both Node and browsers, and
// keep payloads inside (only small JSON crosses the page boundary).

export type ChannelMode = 'echo' | 'sink' | 'count';

export interface ChannelReport {
  label: string;
  readyState: string;
  opened: boolean;
  closed: boolean;
  messages: number;
  bytes: number;
  /** For `sink` channels: every message carried the next 4-byte sequence number. */
  inOrder: boolean;
  /** For `sink` channels: every message's filler bytes matched its sequence number. */
  intact: boolean;
  /** Channel objects seen with this label (1 unless the stack surfaced the same label twice). */
  objects: number;
  ordered: boolean | undefined;
  maxRetransmits: number | undefined;
}

export interface AgentReport {
  connectionState: string;
  iceConnectionState: string;
  iceGatheringState: string;
  channels: ChannelReport[];
}

export interface EchoResult {
  sent: number;
  received: number;
  matched: number;
  firstMismatch: string | undefined;
}

export interface GoneResult {
  /** How the far side's departure showed first: 'channel-close' or 'connectionState:<state>'. */
  how: string | undefined;
  ms: number;
}

export interface SelectedPair {
  local: string | undefined;
  remote: string | undefined;
  localAddress: string | undefined;
  remoteAddress: string | undefined;
}

export interface Description {
  type: string;
  sdp: string;
}

export interface Agent {
  setMode(label: string, mode: ChannelMode): void;
  createChannel(label: string, init: Record<string, unknown>): void;
  offer(trickle: boolean): Promise<Description>;
  answer(offer: Description, trickle: boolean): Promise<Description>;
  accept(answer: Description): Promise<void>;
  addCandidate(candidate: unknown): Promise<void>;
  waitOpen(labels: string[], timeoutMs: number): Promise<void>;
  waitClosed(labels: string[], timeoutMs: number): Promise<void>;
  /** Waits until the remote end is seen gone: `label` closed, or the connection left 'connected'. */
  waitGone(label: string, timeoutMs: number): Promise<GoneResult>;
  echo(label: string, count: number, timeoutMs: number): Promise<EchoResult>;
  sendBulk(
    label: string,
    total: number,
    chunk: number,
    timeoutMs: number,
  ): Promise<{ sent: number; lowEvents: number }>;
  sendPaced(label: string, count: number, burst: number, gapMs: number): Promise<number>;
  closeChannel(label: string): void;
  report(): AgentReport;
  selectedPair(): Promise<SelectedPair>;
  close(): void;
}

// biome-ignore lint/suspicious/noExplicitAny: the constructor is any W3C-shaped RTCPeerConnection
export function createAgent(Ctor: any, config: unknown, emitCandidate: (c: unknown) => void): Agent {
  const pc = new Ctor(config);
  // biome-ignore lint/suspicious/noExplicitAny: foreign channel objects
  const channels = new Map<string, any>();
  const modes = new Map<string, ChannelMode>();
  /** Per label: everything the report says of a channel but what the channel object itself holds. */
  const stats = new Map<string, Omit<ChannelReport, 'label' | 'readyState' | 'ordered' | 'maxRetransmits'>>();
  const waiters: Array<() => void> = [];
  let trickling = true;
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  // Waits until `cond` holds, re-checking on every channel event and on a slow poll as a guard.
  async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  // Messages arrive as string, ArrayBuffer (browsers, libwebrtc) or Buffer/Uint8Array (werift).
  function bytesOf(data: unknown): Uint8Array | undefined {
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return undefined;
  }
  function stat(label: string) {
    let s = stats.get(label);
    if (!s) {
      s = { opened: false, closed: false, messages: 0, bytes: 0, inOrder: true, intact: true, objects: 0 };
      stats.set(label, s);
    }
    return s;
  }
  // biome-ignore lint/suspicious/noExplicitAny: foreign channel objects
  function adopt(ch: any): void {
    ch.binaryType = 'arraybuffer';
    if (channels.get(ch.label) === ch) return;
    channels.set(ch.label, ch);
    const s = stat(ch.label);
    s.objects++;
    if (ch.readyState === 'open') s.opened = true;
    ch.addEventListener('open', () => {
      s.opened = true;
      wake();
    });
    ch.addEventListener('close', () => {
      s.closed = true;
      wake();
    });
    ch.addEventListener('message', (e: { data: unknown }) => {
      const mode = modes.get(ch.label) ?? 'count';
      const data = e.data;
      const b = bytesOf(data);
      if (mode === 'echo') {
        ch.send(data);
      } else if (mode === 'sink' && b) {
        const seq = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
        if (seq !== s.messages) s.inOrder = false;
        if (b.length > 4 && (b[4] !== (seq & 0xff) || b[b.length - 1] !== (seq & 0xff))) s.intact = false;
      }
      s.messages++;
      s.bytes += b ? b.byteLength : String(data).length;
      wake();
    });
  }
  pc.addEventListener('datachannel', (e: { channel: unknown }) => adopt(e.channel));
  pc.addEventListener('icecandidate', (e: { candidate: { toJSON?: () => unknown } | null }) => {
    if (!trickling || !e.candidate) return;
    const c = e.candidate;
    const json = typeof c.toJSON === 'function' ? c.toJSON() : c;
    // Empty candidate strings are end-of-candidates markers; the bridge does not forward those.
    if ((json as { candidate?: string }).candidate) emitCandidate(json);
  });
  const gathered = () => until('ICE gathering complete', () => pc.iceGatheringState === 'complete', 15_000);
  const local = (): Description => ({ type: pc.localDescription.type, sdp: pc.localDescription.sdp });

  // Message i of the echo run: sizes from 1 B to 64 KiB; even i binary, odd i text.
  const SIZES = [1, 17, 100, 1024, 1200, 4096, 16_384, 65_536, 3000, 500, 60_000, 2];
  function echoPayload(i: number): string | Uint8Array {
    const size = SIZES[i % SIZES.length]!;
    if (i % 2 === 1) {
      let s = '';
      const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
      for (let k = 0; k < size; k++) s += alphabet[(i + k) % alphabet.length];
      return s;
    }
    const b = new Uint8Array(size);
    for (let k = 0; k < size; k++) b[k] = (i * 31 + k * 7) & 0xff;
    return b;
  }
  function same(want: string | Uint8Array, got: unknown): boolean {
    if (typeof want === 'string') return typeof got === 'string' && got === want;
    const b = bytesOf(got);
    if (!b || b.length !== want.length) return false;
    for (let k = 0; k < b.length; k++) if (b[k] !== want[k]) return false;
    return true;
  }
  // Waits for room in the send buffer: the bufferedamountlow event, with a poll of bufferedAmount as
  // a fallback because libwebrtc (@roamhq/wrtc) never fires bufferedamountlow.
  // biome-ignore lint/suspicious/noExplicitAny: foreign channel objects
  async function drain(ch: any, low: number, counter: { lowEvents: number }): Promise<void> {
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        ch.removeEventListener('bufferedamountlow', onLow);
        resolve();
      };
      const onLow = () => {
        counter.lowEvents++;
        finish();
      };
      ch.addEventListener('bufferedamountlow', onLow);
      const poll = () => {
        if (done) return;
        if (ch.bufferedAmount <= low || ch.readyState !== 'open') finish();
        else setTimeout(poll, 5);
      };
      poll();
    });
  }

  return {
    setMode(label, mode) {
      modes.set(label, mode);
    },
    createChannel(label, init) {
      adopt(pc.createDataChannel(label, init));
    },
    async offer(trickle) {
      trickling = trickle;
      await pc.setLocalDescription(await pc.createOffer());
      if (!trickle) await gathered();
      return local();
    },
    async answer(offer, trickle) {
      trickling = trickle;
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      if (!trickle) await gathered();
      return local();
    },
    async accept(answer) {
      await pc.setRemoteDescription(answer);
    },
    async addCandidate(candidate) {
      await pc.addIceCandidate(candidate);
    },
    async waitOpen(labels, timeoutMs) {
      await until(
        `channels open: ${labels.join(',')}`,
        // The channel object each label maps to now: a stack that surfaces a label twice (seen
        // once from Chromium: 'opened' set by one object while the map held another, 'connecting')
        // is waited for, and counted in the report's `objects`.
        () => labels.every((l) => channels.get(l)?.readyState === 'open'),
        timeoutMs,
      );
    },
    async waitClosed(labels, timeoutMs) {
      await until(
        `channels closed: ${labels.join(',')}`,
        () => labels.every((l) => stats.get(l)?.closed),
        timeoutMs,
      );
    },
    async waitGone(label, timeoutMs) {
      const start = Date.now();
      const how = (): string | undefined => {
        if (stats.get(label)?.closed) return 'channel-close';
        const cs = String(pc.connectionState ?? pc.iceConnectionState);
        return cs === 'disconnected' || cs === 'failed' || cs === 'closed'
          ? `connectionState:${cs}`
          : undefined;
      };
      await until(
        `far end gone (${label} closed or connection lost)`,
        () => how() !== undefined,
        timeoutMs,
      ).catch(() => undefined);
      return { how: how(), ms: Date.now() - start };
    },
    async echo(label, count, timeoutMs) {
      const ch = channels.get(label);
      if (!ch) throw new Error(`no channel ${label}`);
      const result: EchoResult = { sent: 0, received: 0, matched: 0, firstMismatch: undefined };
      ch.addEventListener('message', (e: { data: unknown }) => {
        const want = echoPayload(result.received);
        if (same(want, e.data)) result.matched++;
        else if (result.firstMismatch === undefined) {
          const b = bytesOf(e.data);
          result.firstMismatch = `message ${result.received}: got ${typeof e.data} of ${b ? b.length : String(e.data).length}, want ${typeof want} of ${want.length}`;
        }
        result.received++;
      });
      const counter = { lowEvents: 0 };
      ch.bufferedAmountLowThreshold = 256 * 1024;
      for (let i = 0; i < count; i++) {
        if (ch.bufferedAmount > 1024 * 1024) await drain(ch, 256 * 1024, counter);
        ch.send(echoPayload(i));
        result.sent++;
      }
      await until(`${count} echoes on ${label}`, () => result.received >= count, timeoutMs).catch(
        () => undefined,
      );
      return result;
    },
    async sendBulk(label, total, chunk, timeoutMs) {
      const ch = channels.get(label);
      if (!ch) throw new Error(`no channel ${label}`);
      const counter = { lowEvents: 0 };
      const end = Date.now() + timeoutMs;
      const low = 1024 * 1024;
      ch.bufferedAmountLowThreshold = low;
      let sent = 0;
      for (let seq = 0; sent < total; seq++) {
        if (ch.bufferedAmount > 4 * low) {
          await drain(ch, low, counter);
          if (Date.now() > end) throw new Error(`bulk send timed out after ${sent} bytes`);
        }
        const m = new Uint8Array(Math.min(chunk, total - sent));
        m.fill(seq & 0xff);
        m[0] = seq >>> 24;
        m[1] = (seq >>> 16) & 0xff;
        m[2] = (seq >>> 8) & 0xff;
        m[3] = seq & 0xff;
        ch.send(m);
        sent += m.length;
      }
      return { sent, lowEvents: counter.lowEvents };
    },
    async sendPaced(label, count, burst, gapMs) {
      const ch = channels.get(label);
      if (!ch) throw new Error(`no channel ${label}`);
      for (let i = 0; i < count; i++) {
        ch.send(`u${i}`);
        if (i % burst === burst - 1) await sleep(gapMs);
      }
      return count;
    },
    closeChannel(label) {
      channels.get(label)?.close();
    },
    report() {
      return {
        connectionState: String(pc.connectionState),
        iceConnectionState: String(pc.iceConnectionState),
        iceGatheringState: String(pc.iceGatheringState),
        channels: [...stats.entries()].map(([label, s]) => ({
          label,
          readyState: String(channels.get(label)?.readyState),
          ordered: channels.get(label)?.ordered as boolean | undefined,
          maxRetransmits: (channels.get(label)?.maxRetransmits ?? undefined) as number | undefined,
          ...s,
        })),
      };
    },
    async selectedPair() {
      const out: SelectedPair = {
        local: undefined,
        remote: undefined,
        localAddress: undefined,
        remoteAddress: undefined,
      };
      const report = await pc.getStats();
      const all: Array<Record<string, unknown>> = [];
      report.forEach((s: Record<string, unknown>) => {
        all.push(s);
      });
      const byId = (id: unknown) => all.find((s) => s.id === id);
      const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport
        ? byId(transport.selectedCandidatePairId)
        : all.find(
            (s) =>
              s.type === 'candidate-pair' &&
              (s.selected === true || (s.nominated === true && s.state === 'succeeded')),
          );
      if (!pair) return out;
      const l = byId(pair.localCandidateId);
      const r = byId(pair.remoteCandidateId);
      out.local = l ? String(l.candidateType) : undefined;
      out.remote = r ? String(r.candidateType) : undefined;
      out.localAddress = l ? `${l.address ?? l.ip}:${l.port}` : undefined;
      out.remoteAddress = r ? `${r.address ?? r.ip}:${r.port}` : undefined;
      return out;
    },
    close() {
      pc.close();
    },
  };
}
