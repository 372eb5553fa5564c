// Media interop with Chromium (fake camera and microphone). First the harness itself: two
// RTCPeerConnections in one page, the media agent on both, signaled through Node.
import { type ChromiumSession, chromiumUnavailable, launchChromium } from '../src/index.js';
import { chromiumMediaEndpoint, type MediaEndpoint } from '../src/media/media-endpoint.js';
import { connect } from '../src/scenarios/index.js';

const missing = chromiumUnavailable();
if (missing) console.warn(`SKIPPED Chromium media interop: ${missing}`);
const maybe = missing ? describe.skip : describe;

maybe('Chromium media', () => {
  let chromium: ChromiumSession;
  const endpoints: MediaEndpoint[] = [];
  beforeAll(async () => {
    chromium = await launchChromium({ fakeMedia: true });
  }, 60_000);
  afterEach(async () => {
    for (const e of endpoints.splice(0)) await e.close();
  });
  afterAll(async () => {
    await chromium?.close();
  }, 30_000);
  const chromiumEndpoint = async () => {
    const e = await chromiumMediaEndpoint(chromium.page);
    endpoints.push(e);
    return e;
  };

  test('harness: Chromium sends its fake camera and microphone to Chromium in the same page', async () => {
    const a = await chromiumEndpoint();
    const b = await chromiumEndpoint();
    expect((await a.addUserMedia({ audio: true, video: true })).sort()).toEqual(['audio', 'video']);
    await connect(a, b, { trickle: true });
    await b.waitConnected(10_000);
    const tracks = await b.waitTracks(2, 10_000);
    expect(tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    // Wait for decoded video, played-out audio and a receiver report back at the sender.
    const deadline = Date.now() + 15_000;
    let rx = await b.stats();
    let tx = await a.stats();
    const video = () => rx.inbound.find((s) => s.kind === 'video');
    const audio = () => rx.inbound.find((s) => s.kind === 'audio');
    while (
      Date.now() < deadline &&
      !(
        (video()?.framesDecoded ?? 0) >= 10 &&
        (audio()?.totalSamplesReceived ?? 0) > 0 &&
        tx.remoteInbound.length >= 2 &&
        rx.remoteOutbound.length >= 2
      )
    ) {
      await new Promise((r) => setTimeout(r, 200));
      rx = await b.stats();
      tx = await a.stats();
    }
    console.log(
      `chromium -> chromium: video ${JSON.stringify(video())}, audio ${JSON.stringify(audio())}, sender sees ${JSON.stringify(tx.remoteInbound)}`,
    );
    expect(video()?.mimeType).toBe('video/VP8');
    expect(video()?.framesDecoded).toBeGreaterThanOrEqual(10);
    expect(audio()?.mimeType).toBe('audio/opus');
    expect(audio()?.totalSamplesReceived).toBeGreaterThan(0);
    expect(tx.remoteInbound.every((s) => typeof s.roundTripTime === 'number')).toBe(true);
    expect(rx.remoteOutbound.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
  }, 60_000);
});
