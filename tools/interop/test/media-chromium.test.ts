// Media interop with Chromium (fake camera and microphone). First the harness itself: two
// RTCPeerConnections in one page, the media agent on both, signaled through Node. Then Chromium
// sends its camera and microphone to @rtc/peer, in both offer directions.
import { type ChromiumSession, chromiumUnavailable, launchChromium } from '../src/index.js';
import { browserMediaEndpoint, type MediaEndpoint } from '../src/media/media-endpoint.js';
import { ffmpegUnavailable, type MediaFiles, makeMediaFiles } from '../src/media/media-files.js';
import { connect } from '../src/scenarios/index.js';
import { describeFileAndDuplexCases } from './media-browser-cases.js';
import { byKind, type RtcMedia, rtcMediaEndpoint, sleep, waitFor } from './media-rtc.js';

const missing = chromiumUnavailable();
if (missing) console.warn(`SKIPPED Chromium media interop: ${missing}`);
const maybe = missing ? describe.skip : describe;
const noFfmpeg = ffmpegUnavailable();
if (noFfmpeg) console.warn(`SKIPPED sending files from @rtc/peer to Chromium: ${noFfmpeg}`);
const withFiles = noFfmpeg ? test.skip : test;

maybe('Chromium media', () => {
  let chromium: ChromiumSession;
  let files: MediaFiles | undefined;
  const endpoints: MediaEndpoint[] = [];
  beforeAll(async () => {
    chromium = await launchChromium({ fakeMedia: true });
    if (!noFfmpeg) files = makeMediaFiles({ seconds: 4 });
  }, 60_000);
  afterEach(async () => {
    for (const e of endpoints.splice(0)) await e.close();
  });
  afterAll(async () => {
    await chromium?.close();
    files?.remove();
  }, 30_000);
  const chromiumEndpoint = async () => {
    const e = await browserMediaEndpoint('chromium', chromium.page);
    endpoints.push(e);
    return e;
  };
  const rtcEndpoint = (): RtcMedia => {
    const e = rtcMediaEndpoint();
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
        tx.remoteInbound.filter((r) => typeof r.roundTripTime === 'number').length >= 2 &&
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

  for (const rtcOffers of [false, true]) {
    test(`Chromium sends camera and microphone to @rtc/peer (${rtcOffers ? '@rtc/peer' : 'Chromium'} offers)`, async () => {
      const chrome = await chromiumEndpoint();
      const rtc = rtcEndpoint();
      await chrome.addUserMedia({ audio: true, video: true });
      if (rtcOffers) {
        await rtc.addTransceiver('audio', 'recvonly');
        await rtc.addTransceiver('video', 'recvonly');
        await connect(rtc, chrome, { trickle: true });
      } else {
        await connect(chrome, rtc, { trickle: true });
      }
      await rtc.waitConnected(10_000);
      const tracks = await rtc.waitTracks(2, 10_000);
      expect(tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
      // A second of media, then three PLIs and one FIR from our receiver half a second apart.
      const flowing = await waitFor(
        () => (rtc.record('video')?.frames ?? 0) >= 30 && (rtc.record('audio')?.frames ?? 0) >= 50,
        10_000,
      );
      const video = rtc.record('video')!;
      const audio = rtc.record('audio')!;
      await sleep(1000);
      const plis = [];
      for (let i = 0; i < 3; i++) {
        plis.push(await video.requestKeyframe('pli', 2000));
        await sleep(500);
      }
      const fir = await video.requestKeyframe('fir', 2000);
      const chromeStats = await chrome.stats();
      const ours = await rtc.stats();
      console.log(
        `chromium -> rtc (${rtcOffers ? 'rtc' : 'chromium'} offers): video ${JSON.stringify(video.summary())}, audio ${JSON.stringify(audio.summary())}, PLI -> key frame ${JSON.stringify(plis)}, FIR -> ${JSON.stringify(fir)}; chromium estimate ${chromeStats.availableOutgoingBitrate} bps, outbound ${JSON.stringify(chromeStats.outbound)} remote-inbound ${JSON.stringify(chromeStats.remoteInbound)}; ours inbound ${JSON.stringify(ours.inbound)}`,
      );
      expect(flowing).toBe(true);
      expect(video.sink.codec?.toLowerCase()).toBe('video/vp8');
      expect(audio.sink.codec?.toLowerCase()).toBe('audio/opus');
      for (const r of [video, audio]) {
        expect(r.ssrcs.size).toBe(1);
        expect(r.missing).toBe(0);
        expect(r.packets).toBeGreaterThan(100);
      }
      expect(video.keyframes).toBeGreaterThanOrEqual(2 + plis.length);
      // Key frames answer the requests promptly. Chromium's fake camera captures at about 20 fps, so a
      // request waits up to ~50 ms for the next frame to encode as a key frame; measured 24-90 ms,
      // rarely above 100 ms on this loaded 2-core machine. Each within 250 ms (a periodic key frame
      // would take seconds), and the median of the four within 100 ms.
      const times = [...plis, fir].map((p) => p.frameMs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
      for (const p of plis) expect(p.sent).toBe(true);
      expect(times[times.length - 1]).toBeLessThanOrEqual(250);
      expect((times[1]! + times[2]!) / 2).toBeLessThanOrEqual(100);
      const out = byKind(chromeStats.outbound, 'video');
      expect(out?.pliCount).toBeGreaterThanOrEqual(plis.length);
      expect([fir.sent, out?.firCount]).toEqual([true, 1]);
      // Chromium's send-side estimate starts at 300 kbps and grows only on receiver feedback; here that
      // is our transport-cc feedback (seen at 3-3.6 Mbps within a second of media). On a loaded machine
      // its first probe can read low and the estimate then climbs slowly (seen at 408 and 936 kbps at
      // this point in 2 of 40 runs), so it gets up to 10 s more; without feedback it never passes 300k.
      let estimate = chromeStats.availableOutgoingBitrate ?? 0;
      await waitFor(
        async () => {
          estimate = (await chrome.stats()).availableOutgoingBitrate ?? 0;
          return estimate > 1_000_000;
        },
        10_000,
        500,
      );
      expect(estimate).toBeGreaterThan(1_000_000);
      // Our receiver reports reached Chromium: round-trip times on both of its sending streams.
      for (const kind of ['audio', 'video']) {
        const ri = byKind(chromeStats.remoteInbound, kind);
        expect(typeof ri?.roundTripTime).toBe('number');
        expect(ri?.roundTripTimeMeasurements).toBeGreaterThan(0);
      }
    }, 60_000);
  }

  describeFileAndDuplexCases({
    name: 'Chromium',
    browser: chromiumEndpoint,
    rtc: rtcEndpoint,
    files: () => files!,
    withFiles,
  });
});
