// Endpoint: one side of a scenario, independent of where its RTCPeerConnection lives. A Node endpoint
// runs the agent around a constructor in this process; a browser endpoint (Chromium through Playwright,
// Firefox through WebDriver BiDi) runs the same agent inside the page and forwards every call through
// page.evaluate, with trickled candidates coming back to Node through page.exposeFunction.
import type { BrowserPage } from '../browser-page.js';
import {
  type AgentReport,
  type ChannelMode,
  createAgent,
  type Description,
  type EchoResult,
  type GoneResult,
  type SelectedPair,
} from './agent.js';

export interface Endpoint {
  readonly name: string;
  /** Registers where trickled candidates go; set before offer/answer. */
  onCandidate(sink: (candidate: unknown) => void): void;
  setMode(label: string, mode: ChannelMode): Promise<void>;
  createChannel(label: string, init?: Record<string, unknown>): Promise<void>;
  offer(trickle: boolean): Promise<Description>;
  answer(offer: Description, trickle: boolean): Promise<Description>;
  accept(answer: Description): Promise<void>;
  addCandidate(candidate: unknown): Promise<void>;
  waitOpen(labels: string[], timeoutMs: number): Promise<void>;
  waitClosed(labels: string[], timeoutMs: number): Promise<void>;
  waitGone(label: string, timeoutMs: number): Promise<GoneResult>;
  echo(label: string, count: number, timeoutMs: number): Promise<EchoResult>;
  sendBulk(
    label: string,
    total: number,
    chunk: number,
    timeoutMs: number,
  ): Promise<{ sent: number; lowEvents: number }>;
  sendPaced(label: string, count: number, burst: number, gapMs: number): Promise<number>;
  closeChannel(label: string): Promise<void>;
  report(): Promise<AgentReport>;
  selectedPair(): Promise<SelectedPair>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: any W3C-shaped RTCPeerConnection constructor
export type PeerConnectionCtor = new (config?: any) => any;

export function nodeEndpoint(
  name: string,
  Ctor: PeerConnectionCtor,
  config: Record<string, unknown>,
): Endpoint {
  let sink: (c: unknown) => void = () => undefined;
  const agent = createAgent(Ctor, config, (c) => sink(c));
  let closed = false;
  return {
    name,
    onCandidate(s) {
      sink = s;
    },
    setMode: async (label, mode) => agent.setMode(label, mode),
    createChannel: async (label, init = {}) => agent.createChannel(label, init),
    offer: (trickle) => agent.offer(trickle),
    answer: (offer, trickle) => agent.answer(offer, trickle),
    accept: (answer) => agent.accept(answer),
    addCandidate: (c) => agent.addCandidate(c),
    waitOpen: (labels, ms) => agent.waitOpen(labels, ms),
    waitClosed: (labels, ms) => agent.waitClosed(labels, ms),
    waitGone: (label, ms) => agent.waitGone(label, ms),
    echo: (label, count, ms) => agent.echo(label, count, ms),
    sendBulk: (label, total, chunk, ms) => agent.sendBulk(label, total, chunk, ms),
    sendPaced: (label, count, burst, gap) => agent.sendPaced(label, count, burst, gap),
    closeChannel: async (label) => agent.closeChannel(label),
    report: async () => agent.report(),
    selectedPair: () => agent.selectedPair(),
    async close() {
      if (closed) return;
      closed = true;
      sink = () => undefined;
      await Promise.resolve(agent.close());
    },
  };
}

type Sinks = Map<number, (c: unknown) => void>;
const pageSinks = new WeakMap<BrowserPage, Sinks>();
let nextId = 1;

/** Installs the agent source and the candidate bridge in a page (once per page). */
async function prepare(page: BrowserPage): Promise<Sinks> {
  let sinks = pageSinks.get(page);
  if (sinks) return sinks;
  const created: Sinks = new Map();
  pageSinks.set(page, created);
  await page.exposeFunction('__rtcCandidate', (id: number, c: unknown) => created.get(id)?.(c));
  await page.evaluate((src) => {
    const w = window as unknown as Record<string, unknown>;
    w.__rtcCreateAgent = new Function(`return (${src})`)();
    w.__rtcAgents = {};
  }, createAgent.toString());
  sinks = created;
  return sinks;
}

/** An endpoint whose RTCPeerConnection is the browser's, inside `page` (launchChromium(), launchFirefox()). */
export async function browserEndpoint(
  name: string,
  page: BrowserPage,
  config: Record<string, unknown>,
): Promise<Endpoint> {
  const sinks = await prepare(page);
  const id = nextId++;
  sinks.set(id, () => undefined);
  await page.evaluate(
    ([agentId, cfg]) => {
      const w = window as unknown as Record<string, unknown> & {
        __rtcAgents: Record<number, unknown>;
        __rtcCreateAgent: (ctor: unknown, config: unknown, emit: (c: unknown) => void) => unknown;
        __rtcCandidate: (id: number, c: unknown) => void;
      };
      w.__rtcAgents[agentId] = w.__rtcCreateAgent(RTCPeerConnection, cfg, (c) =>
        w.__rtcCandidate(agentId, c),
      );
    },
    [id, config] as const,
  );
  // Calls one agent method inside the page; arguments and results are small JSON values.
  const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([agentId, m, a]) => {
        const agents = (
          window as unknown as { __rtcAgents: Record<number, Record<string, (...x: unknown[]) => unknown>> }
        ).__rtcAgents;
        return agents[agentId as number]![m as string]!(...(a as unknown[]));
      },
      [id, method, args] as const,
    ) as Promise<T>;
  let closed = false;
  return {
    name,
    onCandidate(s) {
      sinks.set(id, s);
    },
    setMode: (label, mode) => call('setMode', label, mode),
    createChannel: (label, init = {}) => call('createChannel', label, init),
    offer: (trickle) => call('offer', trickle),
    answer: (offer, trickle) => call('answer', offer, trickle),
    accept: (answer) => call('accept', answer),
    addCandidate: (c) => call('addCandidate', c),
    waitOpen: (labels, ms) => call('waitOpen', labels, ms),
    waitClosed: (labels, ms) => call('waitClosed', labels, ms),
    waitGone: (label, ms) => call('waitGone', label, ms),
    echo: (label, count, ms) => call('echo', label, count, ms),
    sendBulk: (label, total, chunk, ms) => call('sendBulk', label, total, chunk, ms),
    sendPaced: (label, count, burst, gap) => call('sendPaced', label, count, burst, gap),
    closeChannel: (label) => call('closeChannel', label),
    report: () => call('report'),
    selectedPair: () => call('selectedPair'),
    async close() {
      if (closed) return;
      closed = true;
      sinks.delete(id);
      await call('close').catch(() => undefined);
    },
  };
}
