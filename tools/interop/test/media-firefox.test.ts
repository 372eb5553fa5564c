// Media interop with Firefox (fake camera and microphone, `media.navigator.streams.fake`). First the
// harness itself: two RTCPeerConnections in one page, the media agent on both, signaled through Node.
// Then Firefox sends its camera and microphone to @rtc/peer, @rtc/peer sends files to Firefox, and
// both at once with a data channel, each in both offer directions.
import { type FirefoxSession, firefoxUnavailable, launchFirefox } from '../src/index.js';
import { browserMediaEndpoint, type MediaEndpoint } from '../src/media/media-endpoint.js';
import { ffmpegUnavailable, type MediaFiles, makeMediaFiles } from '../src/media/media-files.js';
import { connect } from '../src/scenarios/index.js';
import { describeFileAndDuplexCases } from './media-browser-cases.js';
import { byKind, type RtcMedia, rtcMediaEndpoint, sleep, waitFor } from './media-rtc.js';

const missing = firefoxUnavailable();
if (missing) console.warn(`SKIPPED Firefox media interop: ${missing}`);
const maybe = missing ? describe.skip : describe;
const noFfmpeg = ffmpegUnavailable();
if (noFfmpeg) console.warn(`SKIPPED sending files from @rtc/peer to Firefox: ${noFfmpeg}`);
const withFiles = noFfmpeg ? test.skip : test;

maybe('Firefox media', () => {
  let firefox: FirefoxSession;
  let files: MediaFiles | undefined;
  const endpoints: MediaEndpoint[] = [];
  beforeAll(async () => {
    firefox = await launchFirefox();
    if (!noFfmpeg) files = makeMediaFiles({ seconds: 4 });
  }, 60_000);
  afterEach(async () => {
    for (const e of endpoints.splice(0)) await e.close();
  });
  afterAll(async () => {
    await firefox?.close();
    files?.remove();
  }, 30_000);
  const firefoxEndpoint = async () => {
    const e = await browserMediaEndpoint('firefox', firefox.page);
    endpoints.push(e);
    return e;
  };
  const rtcEndpoint = (): RtcMedia => {
    const e = rtcMediaEndpoint();
    endpoints.push(e);
    return e;
  };

  test('harness: Firefox sends its fake camera and microphone to Firefox in the same page', async () => {
    const a = await firefoxEndpoint();
    const b = await firefoxEndpoint();
    expect((await a.addUserMedia({ audio: true, video: true })).sort()).toEqual(['audio', 'video']);
    await connect(a, b, { trickle: true });
    await b.waitConnected(10_000);
    const tracks = await b.waitTracks(2, 10_000);
    expect(tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    const deadline = Date.now() + 15_000;
    let rx = await b.stats();
    let tx = await a.stats();
    const video = () => rx.inbound.find((s) => s.kind === 'video');
    const audio = () => rx.inbound.find((s) => s.kind === 'audio');
    while (
      Date.now() < deadline &&
      !(
        (video()?.framesDecoded ?? 0) >= 10 &&
        (audio()?.packetsReceived ?? 0) > 50 &&
        rx.remoteOutbound.length >= 2
      )
    ) {
      await sleep(200);
      rx = await b.stats();
      tx = await a.stats();
    }
    console.log(
      `firefox -> firefox: video ${JSON.stringify(video())}, audio ${JSON.stringify(audio())}, sender sees ${JSON.stringify(tx.remoteInbound)}, receiver sees ${JSON.stringify(rx.remoteOutbound)}`,
    );
    expect(video()?.mimeType).toBe('video/VP8');
    expect(video()?.framesDecoded).toBeGreaterThanOrEqual(10);
    expect(audio()?.mimeType).toBe('audio/opus');
    expect(audio()?.packetsReceived).toBeGreaterThan(50);
    expect(rx.remoteOutbound.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
  }, 60_000);

  for (const rtcOffers of [false, true]) {
    test(`Firefox sends camera and microphone to @rtc/peer (${rtcOffers ? '@rtc/peer' : 'Firefox'} offers)`, async () => {
      const fox = await firefoxEndpoint();
      const rtc = rtcEndpoint();
      await fox.addUserMedia({ audio: true, video: true });
      if (rtcOffers) {
        await rtc.addTransceiver('audio', 'recvonly');
        await rtc.addTransceiver('video', 'recvonly');
        await connect(rtc, fox, { trickle: true });
      } else {
        await connect(fox, rtc, { trickle: true });
      }
      await rtc.waitConnected(10_000);
      const tracks = await rtc.waitTracks(2, 10_000);
      expect(tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
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
      // Our receiver reports reach Firefox: round-trip times on both of its sending streams. Firefox
      // 140 takes an audio report only from the SSRC it knows on that m-section; our recvonly
      // sections signal theirs (a=ssrc cname) and report from it. Chromium recvonly signals none,
      // and Firefox then shows no audio remote-inbound-rtp.
      let foxStats = await fox.stats();
      await waitFor(
        async () => {
          foxStats = await fox.stats();
          return foxStats.remoteInbound.filter((r) => typeof r.roundTripTime === 'number').length >= 2;
        },
        10_000,
        250,
      );
      const ours = await rtc.stats();
      console.log(
        `firefox -> rtc (${rtcOffers ? 'rtc' : 'firefox'} offers): video ${JSON.stringify(video.summary())}, audio ${JSON.stringify(audio.summary())}, PLI -> key frame ${JSON.stringify(plis)}, FIR -> ${JSON.stringify(fir)}; firefox outbound ${JSON.stringify(foxStats.outbound)} remote-inbound ${JSON.stringify(foxStats.remoteInbound)}; ours inbound ${JSON.stringify(ours.inbound)}`,
      );
      expect(flowing).toBe(true);
      expect(video.sink.codec?.toLowerCase()).toBe('video/vp8');
      expect(audio.sink.codec?.toLowerCase()).toBe('audio/opus');
      for (const r of [video, audio]) {
        expect(r.ssrcs.size).toBe(1);
        expect(r.missing).toBe(0);
        expect(r.packets).toBeGreaterThan(100);
      }
      for (const p of [...plis, fir]) expect(p.sent).toBe(true);
      expect(video.keyframes).toBeGreaterThanOrEqual(2 + plis.length);
      const out = byKind(foxStats.outbound, 'video');
      expect(out?.pliCount).toBeGreaterThanOrEqual(plis.length);
      for (const kind of ['audio', 'video']) {
        const ri = byKind(foxStats.remoteInbound, kind);
        expect(typeof ri?.roundTripTime).toBe('number');
        expect(ri?.packetsLost).toBe(0);
      }
    }, 60_000);
  }

  describeFileAndDuplexCases({
    name: 'Firefox',
    browser: firefoxEndpoint,
    rtc: rtcEndpoint,
    files: () => files!,
    withFiles,
  });
});
