// The @rtc/peer side of the media tests: an RTCPeerConnection driven by the same media agent as the
// foreign stacks, whose received tracks are read through bound TrackSinks (@rtc/peer/media) and
// recorded, and whose sending tracks are EncodedTrackSources fed from the ffmpeg files in real time.
import {
  MediaStream,
  type MediaStreamTrack,
  type RTCDataChannel,
  type RTCDataChannelEvent,
  RTCPeerConnection,
} from '@rtc/peer';
import { EncodedTrackSource, ivfFrames, oggOpusFrames, TrackSink } from '@rtc/peer/media';
import type { MediaStatsSummary, RtpStreamStats } from '../src/media/media-agent.js';
import { type MediaEndpoint, nodeMediaEndpoint } from '../src/media/media-endpoint.js';
import type { MediaFiles } from '../src/media/media-files.js';
import { type PaceResult, paceFrames } from '../src/media/pacer.js';
import { recordTrack, type SinkLike, type TrackRecord } from '../src/media/track-recorder.js';
import { connect } from '../src/scenarios/index.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `cond` every `everyMs` until it holds or `timeoutMs` passed; returns whether it held. */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await sleep(everyMs);
  }
}

export interface RtcMedia extends MediaEndpoint {
  pc: RTCPeerConnection;
  /** One record per received track, in `track` event order. */
  records: TrackRecord[];
  record(kind: string): TrackRecord | undefined;
  /** Adds a VP8 and an Opus EncodedTrackSource as two tracks of one stream. */
  addFileSources(): { video: EncodedTrackSource; audio: EncodedTrackSource };
}

export function rtcMediaEndpoint(): RtcMedia {
  const records: TrackRecord[] = [];
  const endpoint = nodeMediaEndpoint(
    'rtc',
    RTCPeerConnection,
    {},
    {
      echo: false,
      onTrack: (track) => {
        const t = track as MediaStreamTrack;
        records.push(recordTrack(t.kind, new TrackSink({ track: t }) as unknown as SinkLike));
      },
    },
  );
  const pc = endpoint.agent.pc as RTCPeerConnection;
  return {
    ...endpoint,
    pc,
    records,
    record: (kind) => records.find((r) => r.kind === kind),
    addFileSources() {
      const video = new EncodedTrackSource({ codec: 'video/VP8' });
      const audio = new EncodedTrackSource({ codec: 'audio/opus' });
      endpoint.agent.addTracks([audio.track, video.track], new MediaStream([audio.track, video.track]));
      return { video, audio };
    },
    async close() {
      for (const r of records) r.stop();
      await endpoint.close();
    },
  };
}

/** Plays the VP8 IVF and the Ogg/Opus file through the sources in real time, once both are bound. */
export async function playFiles(
  files: MediaFiles,
  sources: { video: EncodedTrackSource; audio: EncodedTrackSource },
): Promise<PaceResult> {
  const bound = await waitFor(() => sources.video.attached && sources.audio.attached, 10_000, 20);
  if (!bound) throw new Error('the sources were never attached to send streams');
  return paceFrames([
    { name: 'video', frames: [...ivfFrames(files.ivf)], write: (f) => sources.video.writeFrame(f) },
    { name: 'audio', frames: [...oggOpusFrames(files.ogg)], write: (f) => sources.audio.writeFrame(f) },
  ]).done;
}

export const byKind = (list: RtpStreamStats[], kind: string) => list.find((s) => s.kind === kind);

/** Polls stats until `field` of the inbound `kind` stream stops growing (two equal readings). */
export async function settledStats(
  endpoint: { stats(): Promise<MediaStatsSummary> },
  kind: string,
  field: keyof RtpStreamStats,
  timeoutMs: number,
): Promise<MediaStatsSummary> {
  let last = -1;
  let stats = await endpoint.stats();
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = Number(byKind(stats.inbound, kind)?.[field] ?? 0);
    if (v === last && v > 0) break;
    last = v;
    await sleep(300);
    stats = await endpoint.stats();
  }
  return stats;
}

/** The open data channel `label`: created here (`create`) or announced by the far side. */
export function openChannel(pc: RTCPeerConnection, label: string, create: boolean): Promise<RTCDataChannel> {
  return new Promise((resolve) => {
    const ready = (ch: RTCDataChannel) => {
      if (ch.readyState === 'open') resolve(ch);
      else ch.addEventListener('open', () => resolve(ch), { once: true });
    };
    if (create) ready(pc.createDataChannel(label));
    else
      pc.addEventListener('datachannel', (e) => {
        const { channel } = e as RTCDataChannelEvent;
        if (channel.label === label) ready(channel);
      });
  });
}

/**
 * Connects @rtc/peer and `far` with trickle and an open data channel `label` made by the offerer
 * (@rtc/peer when `rtcOffers`, else `far`); resolves with @rtc/peer's end of it once connected.
 */
export async function connectWithChannel(
  rtc: RtcMedia,
  far: MediaEndpoint,
  rtcOffers: boolean,
  label = 'chat',
): Promise<RTCDataChannel> {
  let channel: Promise<RTCDataChannel>;
  if (rtcOffers) {
    channel = openChannel(rtc.pc, label, true);
    await connect(rtc, far, { trickle: true });
  } else {
    await far.createChannel(label);
    channel = openChannel(rtc.pc, label, false);
    await connect(far, rtc, { trickle: true });
  }
  await rtc.waitConnected(10_000);
  return channel;
}

/** Sends `count` text messages `gapMs` apart and counts the ones echoed back intact. */
export async function echoWhile(ch: RTCDataChannel, count: number, gapMs: number, timeoutMs: number) {
  const result = { sent: 0, echoed: 0, matched: 0 };
  const onMessage = (event: Event) => {
    const e = event as MessageEvent;
    if (e.data === `m${result.echoed}:${'x'.repeat(result.echoed % 500)}`) result.matched++;
    result.echoed++;
  };
  ch.addEventListener('message', onMessage);
  for (let i = 0; i < count; i++) {
    ch.send(`m${i}:${'x'.repeat(i % 500)}`);
    result.sent++;
    await sleep(gapMs);
  }
  await waitFor(() => result.echoed >= count, timeoutMs, 20);
  ch.removeEventListener('message', onMessage);
  return result;
}
