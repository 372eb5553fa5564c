// `pnpm --filter @rtc-tools/demo chat`: serves a page on 127.0.0.1 that a person opens in a browser
// to chat with this Node process over a data channel. Lines typed here are sent to every browser;
// browser messages are printed and answered.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { type RTCDataChannel, RTCPeerConnection } from '@rtc/peer';
import { chatPage } from './chat-page.js';

const PORT = Number(process.env.PORT ?? 8080);
const MAX_BODY = 64 * 1024;
const channels = new Set<RTCDataChannel>();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) reject(new Error('offer too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function answer(offerJson: string): Promise<string> {
  const offer = JSON.parse(offerJson) as { type: 'offer'; sdp: string };
  if (offer?.type !== 'offer' || typeof offer.sdp !== 'string') throw new Error('expected an offer');
  // The browser may use loopback (127.0.0.1) or a LAN address: gather on every interface.
  const pc = new RTCPeerConnection();
  pc.onconnectionstatechange = () => {
    console.log(`[peer] connection ${pc.connectionState}`);
    if (pc.connectionState === 'failed' || pc.connectionState === 'disconnected') pc.close();
  };
  pc.ondatachannel = ({ channel }) => {
    channels.add(channel);
    channel.onopen = () => {
      console.log(`[peer] channel "${channel.label}" open; type a line and press enter to send it`);
      channel.send('hello from Node.js (@rtc/peer)');
    };
    if (channel.readyState === 'open') channel.onopen?.call(channel, new Event('open'));
    channel.onmessage = (e) => {
      console.log(`browser: ${String(e.data)}`);
      channel.send(`you said ${JSON.stringify(String(e.data))} (${String(e.data).length} characters)`);
    };
    channel.onclose = () => {
      channels.delete(channel);
      console.log('[peer] channel closed');
    };
  };
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription();
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') resolve();
    else
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
  return JSON.stringify(pc.localDescription);
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/offer') {
    readBody(req)
      .then(answer)
      .then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      })
      .catch((e: Error) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(e.message);
      });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(chatPage);
});

server.listen(PORT, '127.0.0.1', () => {
  // PORT=0 takes a free port: the line names the one bound.
  const { port } = server.address() as AddressInfo;
  console.log(`@rtc chat demo: open http://127.0.0.1:${port}/ in a browser (Ctrl+C to stop)`);
});

createInterface({ input: process.stdin }).on('line', (line) => {
  for (const ch of channels) if (ch.readyState === 'open') ch.send(line);
});
