// Checks the Firefox harness itself (WebDriver BiDi, the prefs): two RTCPeerConnections inside the
// page connect a data channel, and a function exposed to the page calls back into Node. When this
// fails, every Firefox interop test would fail for reasons not our own.
import { firefoxUnavailable, launchFirefox } from '../src/index.js';

const missing = firefoxUnavailable();
const maybe = missing ? test.skip : test;
if (missing) console.warn(`SKIPPED Firefox smoke test: ${missing}`);

maybe(
  'two in-page peer connections exchange a data channel message; the page calls back into Node',
  async () => {
    const session = await launchFirefox();
    try {
      const calls: unknown[][] = [];
      await session.page.exposeFunction('__smokeCallback', (...args: unknown[]) => calls.push(args));
      const result = await session.page.evaluate(async (greeting: string) => {
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
        channel.onopen = () => channel.send(greeting);
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
        const text = await received;
        const sdp = a.localDescription!.sdp;
        a.close();
        b.close();
        (window as unknown as { __smokeCallback(...x: unknown[]): void }).__smokeCallback(1, { text });
        return { text, sdp };
      }, 'hello from firefox');
      expect(result.text).toBe('hello from firefox');
      expect(result.sdp).toContain('m=application');
      expect(result.sdp).toContain('mozilla');
      const deadline = Date.now() + 5_000;
      while (calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(calls).toEqual([[1, { text: 'hello from firefox' }]]);
      await expect(session.page.evaluate(() => Promise.reject(new Error('thrown in page')))).rejects.toThrow(
        'thrown in page',
      );
    } finally {
      await session.close();
    }
  },
  90_000,
);
