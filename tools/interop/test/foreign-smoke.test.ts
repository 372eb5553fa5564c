// Checks the foreign stacks load and talk to themselves on loopback, so that a failing interop test
// points at @rtc and not at the harness.
import { type ForeignStack, loadLibwebrtc, loadWerift } from '../src/index.js';

async function selfTalk(stack: ForeignStack): Promise<string> {
  const a = new stack.RTCPeerConnection(stack.configuration);
  const b = new stack.RTCPeerConnection(stack.configuration);
  try {
    // biome-ignore lint/suspicious/noExplicitAny: foreign event shapes
    a.onicecandidate = (e: any) => e.candidate && b.addIceCandidate(e.candidate);
    // biome-ignore lint/suspicious/noExplicitAny: foreign event shapes
    b.onicecandidate = (e: any) => e.candidate && a.addIceCandidate(e.candidate);
    const received = new Promise<string>((resolve) => {
      // biome-ignore lint/suspicious/noExplicitAny: foreign event shapes
      b.ondatachannel = (e: any) => {
        // biome-ignore lint/suspicious/noExplicitAny: foreign event shapes
        e.channel.onmessage = (m: any) => resolve(String(m.data));
      };
    });
    const channel = a.createDataChannel('smoke');
    channel.onopen = () => channel.send(`hello from ${stack.name}`);
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    return await received;
  } finally {
    await a.close();
    await b.close();
  }
}

test('libwebrtc (@roamhq/wrtc) talks to itself on loopback', async () => {
  const stack = loadLibwebrtc();
  if (typeof stack === 'string') throw new Error(stack);
  expect(await selfTalk(stack)).toBe('hello from libwebrtc');
}, 30_000);

test('werift talks to itself on loopback', async () => {
  const stack = await loadWerift();
  if (typeof stack === 'string') throw new Error(stack);
  expect(await selfTalk(stack)).toBe('hello from werift');
}, 30_000);
