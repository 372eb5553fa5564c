import { createSocket, type Socket } from 'node:dgram';
import { type RTCIceCandidate, RTCPeerConnection } from '../src/index.js';
import { negotiate, newPeer, trickle, until } from './helpers.js';

/** A UDP listener on 127.0.0.1 standing in for a STUN server: it only counts what it receives. */
async function countingServer(): Promise<{ socket: Socket; url: string; received: () => number }> {
  const socket = createSocket('udp4');
  let received = 0;
  socket.on('message', () => {
    received++;
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { socket, url: `stun:127.0.0.1:${socket.address().port}`, received: () => received };
}

function candidatesOf(pc: RTCPeerConnection): RTCIceCandidate[] {
  const out: RTCIceCandidate[] = [];
  pc.addEventListener('icecandidate', (e) => {
    const c = (e as Event & { candidate: RTCIceCandidate | null }).candidate;
    if (c) out.push(c);
  });
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isUp = (pc: RTCPeerConnection) => ['connected', 'completed'].includes(pc.iceConnectionState);

describe("webrtc-pc §4.2.5 iceTransportPolicy 'relay' (enforced by @rtc/ice's relayOnly agent)", () => {
  const opened: RTCPeerConnection[] = [];
  const servers: Socket[] = [];
  afterEach(() => {
    for (const pc of opened.splice(0)) pc.close();
    for (const s of servers.splice(0)) s.close();
  });

  test("'all' (control): host candidates are signalled, the STUN server is asked, the pair connects", async () => {
    const stun = await countingServer();
    servers.push(stun.socket);
    const a = new RTCPeerConnection({ iceServers: [{ urls: stun.url }] }, { hostAddresses: ['127.0.0.1'] });
    const b = newPeer();
    opened.push(a, b);
    const local = candidatesOf(a);
    trickle(a, b);
    a.createDataChannel('x');
    await negotiate(a, b);
    await until(() => isUp(a) && isUp(b), 5000, 'ICE connected');
    expect(local.some((c) => c.type === 'host')).toBe(true);
    await until(() => stun.received() > 0, 5000, 'a STUN request');
  }, 15_000);

  test("'relay' without a TURN server: nothing signalled, no STUN request, a host-only peer cannot connect", async () => {
    const stun = await countingServer();
    servers.push(stun.socket);
    const a = new RTCPeerConnection(
      { iceServers: [{ urls: stun.url }], iceTransportPolicy: 'relay' },
      { hostAddresses: ['127.0.0.1'] },
    );
    const b = newPeer();
    opened.push(a, b);
    const local = candidatesOf(a);
    trickle(a, b);
    a.createDataChannel('x');
    await negotiate(a, b);
    await until(() => a.iceGatheringState === 'complete', 5000, 'gathering complete');
    // b's host candidates reach a; a must neither pair them nor answer b's checks.
    await sleep(1500);
    expect(local).toEqual([]);
    expect(a.localDescription?.sdp).not.toMatch(/a=candidate/);
    expect(stun.received()).toBe(0);
    expect(isUp(a)).toBe(false);
    expect(isUp(b)).toBe(false);
  }, 15_000);
});
