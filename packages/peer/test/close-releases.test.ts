// Closing releases every socket and timer: a child Node process connects two peers, exchanges a
// message, closes both and must then exit by itself (nothing left keeping the event loop alive).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runModuleScript } from './child-script.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');

const script = `
import { RTCPeerConnection } from ${JSON.stringify(dist)};
const a = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
const b = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
const ch = a.createDataChannel('x');
b.ondatachannel = (e) => { e.channel.onmessage = (m) => { console.log('got ' + m.data); a.close(); b.close(); }; };
ch.onopen = () => ch.send('bye');
await a.setLocalDescription();
await b.setRemoteDescription(a.localDescription);
await b.setLocalDescription();
await a.setRemoteDescription(b.localDescription);
`;

test('a process whose connections are closed exits by itself', async () => {
  const { code, out, err } = await runModuleScript(script, 15_000);
  expect(err).toBe('');
  expect(out.trim()).toBe('got bye');
  expect(code).toBe(0);
}, 20_000);
