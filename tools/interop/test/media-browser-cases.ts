// The media cases that Chromium and Firefox run alike, against @rtc/peer: @rtc/peer plays a VP8 IVF
// and an Ogg/Opus file to the browser in real time, and both directions at once on one bundled
// transport with a data channel echoing alongside; each in both offer directions.
import type { MediaEndpoint } from '../src/media/media-endpoint.js';
import type { MediaFiles } from '../src/media/media-files.js';
import { connect } from '../src/scenarios/index.js';
import {
  byKind,
  connectWithChannel,
  echoWhile,
  playFiles,
  type RtcMedia,
  settledStats,
  waitFor,
} from './media-rtc.js';

export interface BrowserMediaCases {
  /** As it appears in titles and logs ("Chromium", "Firefox"). */
  name: string;
  /** A new endpoint in the browser's page (closed by the caller's afterEach). */
  browser(): Promise<MediaEndpoint>;
  rtc(): RtcMedia;
  files(): MediaFiles;
  /** test, or test.skip when ffmpeg is missing. */
  withFiles: typeof test;
}

export function describeFileAndDuplexCases({
  name,
  browser,
  rtc: rtcEndpoint,
  files,
  withFiles,
}: BrowserMediaCases): void {
  for (const rtcOffers of [true, false]) {
    withFiles(
      `@rtc/peer sends a VP8 IVF and an Ogg/Opus file to ${name} in real time (${rtcOffers ? '@rtc/peer' : name} offers)`,
      async () => {
        const b = await browser();
        const rtc = rtcEndpoint();
        const sources = rtc.addFileSources();
        if (rtcOffers) {
          await connect(rtc, b, { trickle: true });
        } else {
          await b.addTransceiver('audio', 'recvonly');
          await b.addTransceiver('video', 'recvonly');
          await connect(b, rtc, { trickle: true });
        }
        await b.waitConnected(10_000);
        const played = await playFiles(files(), sources);
        await b.waitTracks(2, 5_000);
        const stats = await settledStats(b, 'video', 'framesDecoded', 5_000);
        const video = byKind(stats.inbound, 'video');
        const audio = byKind(stats.inbound, 'audio');
        console.log(
          `rtc -> ${name} (${rtcOffers ? 'rtc' : name} offers): played ${JSON.stringify(played)}, sources ${JSON.stringify({ video: sources.video.stats, audio: sources.audio.stats })}; ${name} inbound ${JSON.stringify(stats.inbound)}, remote-outbound ${JSON.stringify(stats.remoteOutbound)}`,
        );
        expect(played.streams.video!.refused).toBe(0);
        expect(played.streams.audio!.refused).toBe(0);
        const framesSent = sources.video.stats.framesSent;
        expect(framesSent).toBe(120);
        expect(video?.mimeType).toBe('video/VP8');
        expect([video?.frameWidth, video?.frameHeight]).toEqual([320, 240]);
        expect(video?.framesDecoded).toBeGreaterThanOrEqual(Math.ceil(0.95 * framesSent));
        expect(video?.packetsLost).toBe(0);
        expect(video?.packetsReceived).toBe(sources.video.stats.packetsSent);
        expect(audio?.mimeType).toBe('audio/opus');
        expect(audio?.packetsLost).toBe(0);
        expect(audio?.packetsReceived).toBe(sources.audio.stats.packetsSent);
        expect(audio?.totalSamplesReceived).toBeGreaterThan(0);
        // Our sender reports reached the browser.
        expect(stats.remoteOutbound.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
        for (const s of stats.remoteOutbound) expect(s.packetsSent).toBeGreaterThan(0);
      },
      60_000,
    );
  }

  for (const rtcOffers of [true, false]) {
    withFiles(
      `both directions at once on one bundled transport, with a data channel echoing alongside (${rtcOffers ? '@rtc/peer' : name} offers)`,
      async () => {
        const b = await browser();
        const rtc = rtcEndpoint();
        await b.addUserMedia({ audio: true, video: true });
        const sources = rtc.addFileSources();
        const ch = await connectWithChannel(rtc, b, rtcOffers);
        const [played, echo] = await Promise.all([
          playFiles(files(), sources),
          echoWhile(ch, 200, 18, 5_000),
        ]);
        await rtc.waitTracks(2, 5_000);
        const stats = await settledStats(b, 'video', 'framesDecoded', 5_000);
        // Our receiver reports, from each section's SSRC, reach the browser for both streams.
        let remoteInbound = stats.remoteInbound;
        await waitFor(
          async () => {
            remoteInbound = (await b.stats()).remoteInbound;
            return remoteInbound.filter((r) => typeof r.roundTripTime === 'number').length >= 2;
          },
          10_000,
          250,
        );
        const offer = rtcOffers ? await rtc.localDescription() : await b.localDescription();
        const answer = rtcOffers ? await b.localDescription() : await rtc.localDescription();
        const video = byKind(stats.inbound, 'video');
        const audio = byKind(stats.inbound, 'audio');
        const rv = rtc.record('video')!;
        const ra = rtc.record('audio')!;
        console.log(
          `rtc <-> ${name} (${rtcOffers ? 'rtc' : name} offers): echo ${JSON.stringify(echo)}, played ${JSON.stringify(played.streams)}; ${name} inbound ${JSON.stringify(stats.inbound)}; ${name} outbound ${JSON.stringify(stats.outbound)}, remote-inbound ${JSON.stringify(remoteInbound)}; rtc received ${JSON.stringify([rv.summary(), ra.summary()])}`,
        );
        for (const sdp of [offer!.sdp, answer!.sdp]) {
          expect(sdp).toMatch(/^a=group:BUNDLE \S+ \S+ \S+\r?$/m);
          // Both media sections sendrecv (Firefox also writes a=sendrecv at session level and in its
          // data section).
          const media = sdp.split(/\r?\nm=/).filter((m) => /^(audio|video) /.test(m));
          expect(media.map((m) => /^a=sendrecv\r?$/m.test(m))).toEqual([true, true]);
        }
        expect(echo).toEqual({ sent: 200, echoed: 200, matched: 200 });
        const framesSent = sources.video.stats.framesSent;
        expect(video?.framesDecoded).toBeGreaterThanOrEqual(Math.ceil(0.95 * framesSent));
        expect([video?.packetsLost, audio?.packetsLost]).toEqual([0, 0]);
        expect(audio?.totalSamplesReceived).toBeGreaterThan(0);
        expect(stats.remoteOutbound.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
        const sent = byKind(stats.outbound, 'video')?.framesSent ?? 0;
        expect(sent).toBeGreaterThan(60);
        expect(rv.frames).toBeGreaterThanOrEqual(Math.floor(0.95 * sent));
        expect(ra.frames).toBeGreaterThan(150);
        for (const r of [rv, ra]) expect(r.missing).toBe(0);
        expect(remoteInbound.map((r) => [r.kind, typeof r.roundTripTime]).sort()).toEqual([
          ['audio', 'number'],
          ['video', 'number'],
        ]);
      },
      60_000,
    );
  }
}
