// Checks the Chromium harness itself: two RTCPeerConnections inside the page connect a data channel
// over loopback. When this fails, every Chromium interop test would fail for reasons not our own.
import { chromiumUnavailable, launchChromium } from '../src/index.js';

const missing = chromiumUnavailable();
const maybe = missing ? test.skip : test;
if (missing) console.warn(`SKIPPED Chromium smoke test: ${missing}`);

maybe(
  'two in-page peer connections exchange a data channel message over loopback',
  async () => {
    const session = await launchChromium();
    try {
      const result = await session.page.evaluate(async () => {
        const a = new RTCPeerConnection();
        const b = new RTCPeerConnection();
        a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
        b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
        const received = new Promise<string>((resolve) => {
          b.ondatachannel = (e) => {
            e.channel.onmessage = (m) => resolve(String(m.data));
          };
        });
        const channel = a.createDataChannel('smoke');
        channel.onopen = () => channel.send('hello from chromium');
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
        const text = await received;
        const sdp = a.localDescription!.sdp;
        a.close();
        b.close();
        return { text, sdp };
      });
      expect(result.text).toBe('hello from chromium');
      expect(result.sdp).toContain('m=application');
    } finally {
      await session.close();
    }
  },
  60_000,
);
