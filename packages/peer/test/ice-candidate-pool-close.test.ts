// close() releases a pool's sockets and timer: a child Node process holding a never-used pooled
// connection (with a STUN server to ask) and a pooled pair that connected, all closed, must exit by itself.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runModuleScript } from './child-script.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');

const script = `
import { createSocket } from 'node:dgram';
import { RTCPeerConnection } from ${JSON.stringify(dist)};
const stun = createSocket('udp4');
await new Promise((r) => stun.bind(0, '127.0.0.1', r));
const host = { hostAddresses: ['127.0.0.1'] };
const idle = new RTCPeerConnection(
  { iceCandidatePoolSize: 1, iceServers: [{ urls: 'stun:127.0.0.1:' + stun.address().port }] },
  host,
);
// One released by setConfiguration, never used.
const released = new RTCPeerConnection({ iceCandidatePoolSize: 1 }, host);
released.setConfiguration({ iceCandidatePoolSize: 0 });
const a = new RTCPeerConnection({ iceCandidatePoolSize: 1 }, host);
const b = new RTCPeerConnection({ iceCandidatePoolSize: 1 }, host);
a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
const ch = a.createDataChannel('x');
b.ondatachannel = (e) => {
  e.channel.onmessage = (m) => {
    console.log('got ' + m.data);
    a.close();
    b.close();
    idle.close();
    released.close();
    stun.close();
  };
};
ch.onopen = () => ch.send('bye');
await new Promise((r) => stun.once('message', r));
await a.setLocalDescription();
await b.setRemoteDescription(a.localDescription);
await b.setLocalDescription();
await a.setRemoteDescription(b.localDescription);
`;

test('a process whose pooled connections are closed exits by itself', async () => {
  const { code, out, err } = await runModuleScript(script, 15_000);
  expect(err).toBe('');
  expect(out.trim()).toBe('got bye');
  expect(code).toBe(0);
}, 20_000);
