// Closing releases every socket and timer: a child Node process connects two peers, exchanges a
// message, closes both and must then exit by itself (nothing left keeping the event loop alive).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(-1);
    }, 15_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(err).toBe('');
  expect(out.trim()).toBe('got bye');
  expect(code).toBe(0);
}, 20_000);
