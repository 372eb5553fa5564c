// Media interop with libwebrtc through @roamhq/wrtc's nonstandard raw-media API (it encodes and
// decodes itself). First the harness: libwebrtc sends synthetic I420 video and PCM audio to itself.
// The nonstandard media objects crash Node's teardown after the run, hence:
// interop-runner: force-exit
import {
  countAudioSamples,
  countVideoFrames,
  loadLibwebrtcMedia,
  syntheticAudio,
  syntheticVideo,
} from '../src/media/libwebrtc-media.js';
import type { MediaAgent } from '../src/media/media-agent.js';
import { type MediaEndpoint, nodeMediaEndpoint } from '../src/media/media-endpoint.js';
import { connect } from '../src/scenarios/index.js';

const wrtc = loadLibwebrtcMedia();
if (typeof wrtc === 'string') console.warn(`SKIPPED libwebrtc media interop: ${wrtc}`);
const maybe = typeof wrtc === 'string' ? describe.skip : describe;
const lib = wrtc as Exclude<typeof wrtc, string>;

maybe('libwebrtc media', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const endpoint = (onTrack?: (t: unknown) => void): MediaEndpoint & { agent: MediaAgent } => {
    const e = nodeMediaEndpoint(
      'libwebrtc',
      lib.RTCPeerConnection,
      { iceServers: [] },
      onTrack ? { onTrack } : {},
    );
    cleanups.push(() => e.close());
    return e;
  };

  test('harness: libwebrtc sends synthetic I420 video and PCM audio to itself', async () => {
    const counters: Array<{ stop(): void }> = [];
    let video: ReturnType<typeof countVideoFrames> | undefined;
    let audio: ReturnType<typeof countAudioSamples> | undefined;
    const b = endpoint((track) => {
      const t = track as { kind: string };
      if (t.kind === 'video') counters.push((video = countVideoFrames(lib.nonstandard, t)));
      else counters.push((audio = countAudioSamples(lib.nonstandard, t)));
    });
    cleanups.push(() => {
      for (const c of counters) c.stop();
    });
    const a = endpoint();
    const v = syntheticVideo(lib.nonstandard);
    const s = syntheticAudio(lib.nonstandard);
    cleanups.push(() => {
      v.stop();
      s.stop();
    });
    a.agent.addTracks([v.track, s.track], new lib.MediaStream([v.track, s.track]));
    await connect(a, b, { trickle: true });
    await b.waitTracks(2, 10_000);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !((video?.frames ?? 0) >= 10 && (audio?.samples ?? 0) > 4800))
      await new Promise((r) => setTimeout(r, 100));
    const rx = await b.stats();
    console.log(
      `libwebrtc -> libwebrtc: ${video?.frames} frames ${video?.width}x${video?.height}, ${audio?.samples} samples (peak ${audio?.peak}); ${JSON.stringify(rx.inbound)}`,
    );
    expect(video?.frames).toBeGreaterThanOrEqual(10);
    expect(video?.width).toBe(320);
    expect(audio?.samples).toBeGreaterThan(4800);
    expect(rx.inbound.find((x) => x.kind === 'video')?.mimeType).toBe('video/VP8');
  }, 60_000);
});
