// MediaEndpoint: one side of a media test, wherever its RTCPeerConnection lives. `browserMediaEndpoint`
// runs the media agent inside a page (launchChromium({ fakeMedia: true }), launchFirefox()) and
// forwards every call through page.evaluate; trickled candidates come back through
// page.exposeFunction. `nodeMediaEndpoint` runs it in this process around a W3C-shaped constructor
// (libwebrtc).
import type { BrowserPage } from '../browser-page.js';
import {
  createMediaAgent,
  type Description,
  type MediaAgent,
  type MediaAgentOptions,
  type MediaStatsSummary,
  type TrackInfo,
} from './media-agent.js';

export interface MediaEndpoint {
  readonly name: string;
  onCandidate(sink: (candidate: unknown) => void): void;
  offer(trickle: boolean): Promise<Description>;
  answer(offer: Description, trickle: boolean): Promise<Description>;
  accept(answer: Description): Promise<void>;
  addCandidate(candidate: unknown): Promise<void>;
  addUserMedia(constraints: { audio: boolean; video: boolean }): Promise<string[]>;
  addTransceiver(kind: string, direction: string): Promise<void>;
  restartIce(): Promise<void>;
  createChannel(label: string): Promise<void>;
  waitConnected(timeoutMs: number): Promise<void>;
  waitTracks(count: number, timeoutMs: number): Promise<TrackInfo[]>;
  echoed(): Promise<number>;
  stats(): Promise<MediaStatsSummary>;
  localDescription(): Promise<Description | undefined>;
  close(): Promise<void>;
}

type Sinks = Map<number, (c: unknown) => void>;
const pageSinks = new WeakMap<BrowserPage, Sinks>();
let nextId = 1;

async function prepare(page: BrowserPage): Promise<Sinks> {
  let sinks = pageSinks.get(page);
  if (sinks) return sinks;
  const created: Sinks = new Map();
  pageSinks.set(page, created);
  await page.exposeFunction('__rtcMediaCandidate', (id: number, c: unknown) => created.get(id)?.(c));
  await page.evaluate((src) => {
    const w = window as unknown as Record<string, unknown>;
    w.__rtcCreateMediaAgent = new Function(`return (${src})`)();
    w.__rtcMediaAgents = {};
  }, createMediaAgent.toString());
  sinks = created;
  return sinks;
}

/** A media endpoint whose RTCPeerConnection is the browser's, inside `page`. Received tracks are
 * rendered into muted media elements so that the browser decodes video and plays out audio. */
export async function browserMediaEndpoint(
  name: string,
  page: BrowserPage,
  config: Record<string, unknown> = {},
): Promise<MediaEndpoint> {
  const sinks = await prepare(page);
  const id = nextId++;
  sinks.set(id, () => undefined);
  await page.evaluate(
    ([agentId, cfg]) => {
      const w = window as unknown as {
        __rtcMediaAgents: Record<number, unknown>;
        __rtcCreateMediaAgent: (ctor: unknown, c: unknown, emit: (c: unknown) => void, o: unknown) => unknown;
        __rtcMediaCandidate: (id: number, c: unknown) => void;
      };
      w.__rtcMediaAgents[agentId] = w.__rtcCreateMediaAgent(
        RTCPeerConnection,
        cfg,
        (c) => w.__rtcMediaCandidate(agentId, c),
        { render: true },
      );
    },
    [id, config] as const,
  );
  const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([agentId, m, a]) => {
        const agents = (
          window as unknown as {
            __rtcMediaAgents: Record<number, Record<string, (...x: unknown[]) => unknown>>;
          }
        ).__rtcMediaAgents;
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
    offer: (trickle) => call('offer', trickle),
    answer: (offer, trickle) => call('answer', offer, trickle),
    accept: (answer) => call('accept', answer),
    addCandidate: (c) => call('addCandidate', c),
    addUserMedia: (c) => call('addUserMedia', c),
    addTransceiver: (kind, direction) => call('addTransceiver', kind, direction),
    restartIce: () => call('restartIce'),
    createChannel: (label) => call('createChannel', label),
    waitConnected: (ms) => call('waitConnected', ms),
    waitTracks: (count, ms) => call('waitTracks', count, ms),
    echoed: () => call('echoed'),
    stats: () => call('stats'),
    localDescription: () => call('localDescription'),
    async close() {
      if (closed) return;
      closed = true;
      sinks.delete(id);
      await call('close').catch(() => undefined);
    },
  };
}

/** A media endpoint in this process around a W3C-shaped constructor; `agent` exposes the pc and
 * addTracks for tracks from nonstandard sources. */
export function nodeMediaEndpoint(
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: any W3C-shaped RTCPeerConnection constructor
  Ctor: new (config?: any) => any,
  config: Record<string, unknown>,
  options: MediaAgentOptions = {},
): MediaEndpoint & { agent: MediaAgent } {
  let sink: (c: unknown) => void = () => undefined;
  const agent = createMediaAgent(Ctor, config, (c) => sink(c), options);
  let closed = false;
  return {
    name,
    agent,
    onCandidate(s) {
      sink = s;
    },
    offer: (trickle) => agent.offer(trickle),
    answer: (offer, trickle) => agent.answer(offer, trickle),
    accept: (answer) => agent.accept(answer),
    addCandidate: (c) => agent.addCandidate(c),
    addUserMedia: (c) => agent.addUserMedia(c),
    addTransceiver: async (kind, direction) => agent.addTransceiver(kind, direction),
    restartIce: async () => agent.restartIce(),
    createChannel: async (label) => agent.createChannel(label),
    waitConnected: (ms) => agent.waitConnected(ms),
    waitTracks: (count, ms) => agent.waitTracks(count, ms),
    echoed: async () => agent.echoed(),
    stats: () => agent.stats(),
    localDescription: async () => agent.localDescription(),
    async close() {
      if (closed) return;
      closed = true;
      sink = () => undefined;
      agent.close();
    },
  };
}
