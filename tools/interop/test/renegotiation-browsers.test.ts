// Renegotiation and ICE restart with Chromium and Firefox (RFC 8829 §5.2.2 subsequent offers, §3.5.1
// ICE restart). A data channel first, offered by either side; then the browser adds its camera and
// microphone and offers, so in one variant the first answerer now offers over the DTLS connection
// it did not offer for; media reaches @rtc/peer while the channel still echoes. Then an ICE restart
// offered by @rtc/peer and one offered by the browser: new ICE credentials in every description,
// the connection stays up, media and the channel carry on.
import {
  type ChromiumSession,
  chromiumUnavailable,
  type FirefoxSession,
  firefoxUnavailable,
  launchChromium,
  launchFirefox,
} from '../src/index.js';
import { browserMediaEndpoint, type MediaEndpoint } from '../src/media/media-endpoint.js';
import { connect } from '../src/scenarios/index.js';
import { connectWithChannel, echoWhile, type RtcMedia, rtcMediaEndpoint, waitFor } from './media-rtc.js';

/** Our candidate pairs as state/nominated/requests sent:responses received:requests received. */
async function pairs(pc: RtcMedia['pc']): Promise<string> {
  const out: string[] = [];
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type === 'candidate-pair')
      out.push(
        `${s.state}/${s.nominated ? 'N' : '-'}/${s.requestsSent}:${s.responsesReceived}:${s.requestsReceived}`,
      );
  });
  return out.join(' ');
}

const ufrags = (sdp: string | undefined) =>
  [...(sdp ?? '').matchAll(/^a=ice-ufrag:(\S+)/gm)].map((m) => m[1]);

interface Browser {
  name: string;
  missing: string | undefined;
  launch(): Promise<ChromiumSession | FirefoxSession>;
}

const browsers: Browser[] = [
  { name: 'chromium', missing: chromiumUnavailable(), launch: () => launchChromium({ fakeMedia: true }) },
  { name: 'firefox', missing: firefoxUnavailable(), launch: () => launchFirefox() },
];

for (const browser of browsers) {
  if (browser.missing) console.warn(`SKIPPED renegotiation with ${browser.name}: ${browser.missing}`);
  (browser.missing ? describe.skip : describe)(`renegotiation and ICE restart with ${browser.name}`, () => {
    let session: ChromiumSession | FirefoxSession;
    const endpoints: MediaEndpoint[] = [];
    beforeAll(async () => {
      session = await browser.launch();
    }, 60_000);
    afterEach(async () => {
      for (const e of endpoints.splice(0)) await e.close();
    });
    afterAll(async () => {
      await session?.close();
    }, 30_000);

    for (const rtcFirst of [true, false]) {
      test(`data channel (${rtcFirst ? '@rtc/peer' : browser.name} offers), then ${browser.name} adds camera and microphone and offers, then ICE restarts from each side`, async () => {
        const b = await browserMediaEndpoint(browser.name, session.page);
        const rtc: RtcMedia = rtcMediaEndpoint();
        endpoints.push(b, rtc);
        const ch = await connectWithChannel(rtc, b, rtcFirst);
        const echoed = { sent: 20, echoed: 20, matched: 20 };
        expect(await echoWhile(ch, 20, 5, 5_000)).toEqual(echoed);
        const role = rtc.pc.sctp?.transport.iceTransport.role;

        // The browser adds media and offers on the same transport.
        await b.addUserMedia({ audio: true, video: true });
        await connect(b, rtc, { trickle: true });
        const tracks = await rtc.waitTracks(2, 10_000);
        expect(tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
        const flowing = await waitFor(
          () => (rtc.record('video')?.frames ?? 0) >= 20 && (rtc.record('audio')?.frames ?? 0) >= 30,
          10_000,
        );
        expect(flowing).toBe(true);
        expect(await echoWhile(ch, 20, 5, 5_000)).toEqual(echoed);
        // Same ICE and DTLS transport: no restart, no new credentials, roles kept.
        expect(rtc.pc.sctp?.transport.iceTransport.role).toBe(role);

        for (const restarter of ['rtc', browser.name]) {
          const before = [
            ...ufrags((await rtc.localDescription())?.sdp),
            ...ufrags((await b.localDescription())?.sdp),
          ];
          if (restarter === 'rtc') {
            await rtc.restartIce();
            await connect(rtc, b, { trickle: true });
          } else {
            await b.restartIce();
            await connect(b, rtc, { trickle: true });
          }
          const after = [
            ...ufrags((await rtc.localDescription())?.sdp),
            ...ufrags((await b.localDescription())?.sdp),
          ];
          expect(after.length).toBeGreaterThanOrEqual(2);
          for (const u of after) expect(before).not.toContain(u);
          await rtc.waitConnected(10_000);
          const frames = rtc.record('video')!.frames;
          const moving = await waitFor(() => rtc.record('video')!.frames >= frames + 20, 10_000);
          const again = await echoWhile(ch, 20, 5, 5_000);
          console.log(
            `${browser.name}: ICE restart offered by ${restarter}: ufrags ${JSON.stringify(before)} -> ${JSON.stringify(after)}, video frames ${frames} -> ${rtc.record('video')!.frames}, echo ${JSON.stringify(again)}, state ${rtc.pc.connectionState}, ${browser.name} ${(await b.stats()).connectionState}, our pairs ${await pairs(rtc.pc)}`,
          );
          expect(moving).toBe(true);
          expect(again).toEqual(echoed);
          expect(ch.readyState).toBe('open');
        }
        for (const r of rtc.records) expect(r.ssrcs.size).toBe(1);
      }, 90_000);
    }
  });
}
