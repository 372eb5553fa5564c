// The interop scenarios. Side A drives (sends echoes, bulk data, unreliable messages, closes first);
// side B answers (echoes, sinks, counts). Either side can be the offerer; the offerer creates the
// channels, so the other side learns them in-band (DCEP).
import type { AgentReport, ChannelReport, EchoResult, GoneResult, SelectedPair } from './agent.js';
import type { Endpoint } from './endpoint.js';
import { connect, type SignalingLog } from './signaling.js';

export type EndpointFactory = (config: Record<string, unknown>) => Promise<Endpoint>;

export interface Side {
  name: string;
  make: EndpointFactory;
  /** Base configuration (e.g. werift's loopback option); scenario options are merged over it. */
  config: Record<string, unknown>;
}

export interface SessionOptions {
  aOffers: boolean;
  trickle: boolean;
  aConfig?: Record<string, unknown>;
  bConfig?: Record<string, unknown>;
  openTimeoutMs?: number;
}

export interface Session {
  a: Endpoint;
  b: Endpoint;
  signaling: SignalingLog;
  close(): Promise<void>;
}

export const CHANNELS: Array<{
  label: string;
  init: Record<string, unknown>;
  bMode: 'echo' | 'sink' | 'count';
}> = [
  { label: 'echo', init: {}, bMode: 'echo' },
  { label: 'bulk', init: {}, bMode: 'sink' },
  { label: 'unordered', init: { ordered: false, maxRetransmits: 0 }, bMode: 'count' },
  { label: 'first-close', init: {}, bMode: 'count' },
  { label: 'last-close', init: {}, bMode: 'count' },
];
const LABELS = CHANNELS.map((c) => c.label);

/** Creates both endpoints, negotiates, and waits until every channel is open on both sides. */
export async function openSession(A: Side, B: Side, options: SessionOptions): Promise<Session> {
  const a = await A.make({ ...A.config, ...options.aConfig });
  let b: Endpoint | undefined;
  const close = async () => {
    await a.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
  };
  try {
    b = await B.make({ ...B.config, ...options.bConfig });
    for (const c of CHANNELS) await b.setMode(c.label, c.bMode);
    const offerer = options.aOffers ? a : b;
    for (const c of CHANNELS) await offerer.createChannel(c.label, c.init);
    const signaling = await connect(offerer, options.aOffers ? b : a, { trickle: options.trickle });
    const ms = options.openTimeoutMs ?? 20_000;
    const bb = b;
    await Promise.all([a.waitOpen(LABELS, ms), bb.waitOpen(LABELS, ms)]).catch(async (e: Error) => {
      const detail = JSON.stringify({ signaling, a: await a.report(), b: await bb.report() });
      throw new Error(`${e.message}; ${detail}`);
    });
    return { a, b, signaling, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface OpenResult {
  a: AgentReport;
  b: AgentReport;
}

export async function scenarioOpen(s: Session): Promise<OpenResult> {
  return { a: await s.a.report(), b: await s.b.report() };
}

/** Mixed-size echo (1 B..64 KiB, text and binary) from A through B's echo channel. */
export function scenarioEcho(s: Session, count = 1000, timeoutMs = 60_000): Promise<EchoResult> {
  return s.a.echo('echo', count, timeoutMs);
}

export interface BulkResult {
  sent: number;
  lowEvents: number;
  far: ChannelReport | undefined;
  ms: number;
}

/** `total` bytes in `chunk`-byte messages from A; B checks sequence numbers and filler. */
export async function scenarioBulk(
  s: Session,
  total = 16 * 1024 * 1024,
  chunk = 64 * 1024,
  timeoutMs = 90_000,
): Promise<BulkResult> {
  const start = Date.now();
  const { sent, lowEvents } = await s.a.sendBulk('bulk', total, chunk, timeoutMs);
  const end = start + timeoutMs;
  let far: ChannelReport | undefined;
  for (;;) {
    far = (await s.b.report()).channels.find((c) => c.label === 'bulk');
    if ((far && far.bytes >= total) || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { sent, lowEvents, far, ms: Date.now() - start };
}

export interface UnorderedResult {
  sent: number;
  received: number;
  far: ChannelReport | undefined;
}

/** Paced small messages on the unordered, unreliable channel (a fast sender would overrun B). */
export async function scenarioUnordered(
  s: Session,
  count = 500,
  timeoutMs = 10_000,
): Promise<UnorderedResult> {
  const sent = await s.a.sendPaced('unordered', count, 10, 5);
  const end = Date.now() + timeoutMs;
  let far: ChannelReport | undefined;
  for (;;) {
    far = (await s.b.report()).channels.find((c) => c.label === 'unordered');
    if ((far && far.messages >= count) || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // Give stragglers a moment when some were lost, so the count is final.
  if (far && far.messages < count) {
    await new Promise((r) => setTimeout(r, 300));
    far = (await s.b.report()).channels.find((c) => c.label === 'unordered');
  }
  return { sent, received: far?.messages ?? 0, far };
}

export interface CloseResult {
  /** first-close: A closed it; both sides saw its close event. */
  aSawChannelClose: boolean;
  bSawChannelClose: boolean;
  /** A closed its peer connection; how and when B noticed (channel close or connection state). */
  bSawPeerClose: GoneResult;
  bAfter: AgentReport;
  error: string | undefined;
}

export async function scenarioClose(
  s: Session,
  timeoutMs = 10_000,
  goneTimeoutMs = 20_000,
): Promise<CloseResult> {
  const errors: string[] = [];
  await s.a.closeChannel('first-close');
  const [aSaw, bSaw] = await Promise.all([
    s.a.waitClosed(['first-close'], timeoutMs).then(
      () => true,
      (e: Error) => {
        errors.push(`A: ${e.message}`);
        return false;
      },
    ),
    s.b.waitClosed(['first-close'], timeoutMs).then(
      () => true,
      (e: Error) => {
        errors.push(`B: ${e.message}`);
        return false;
      },
    ),
  ]);
  await s.a.close();
  const bPeer = await s.b.waitGone('last-close', goneTimeoutMs);
  if (!bPeer.how) errors.push(`B did not notice A's pc.close() within ${goneTimeoutMs} ms`);
  return {
    aSawChannelClose: aSaw,
    bSawChannelClose: bSaw,
    bSawPeerClose: bPeer,
    bAfter: await s.b.report(),
    error: errors.length ? errors.join('; ') : undefined,
  };
}

export interface RelayResult {
  a: SelectedPair;
  b: SelectedPair;
}

/** Reads the selected candidate pair on both sides (the session was opened with A relay-only). */
export async function scenarioRelay(s: Session): Promise<RelayResult> {
  // Stats may lag the open event by a moment on some stacks.
  for (let i = 0; ; i++) {
    const a = await s.a.selectedPair();
    const b = await s.b.selectedPair();
    if ((a.local && b.local) || i >= 20) return { a, b };
    await new Promise((r) => setTimeout(r, 100));
  }
}
