// Interop with werift-sctp 0.0.11 (an independent TypeScript SCTP, derived from aiortc) over an
// in-memory DTLS-less pipe, in both roles. werift-sctp has no DCEP, so the test speaks DCEP for it
// with raw PPID 50 messages: that also checks our DCEP bytes against a peer's parser of them.
import { createRequire } from 'node:module';
import { Association, type AssociationEvent, decodeDcep, encodeDcep } from '../src/index.js';
import { AssociationDriver } from '../src/node/index.js';

const require = createRequire(import.meta.url);
const { SCTP, WEBRTC_PPID } = require('werift-sctp') as typeof import('werift-sctp');

function until(cond: () => boolean, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (cond()) resolve();
      else if (Date.now() - t0 > ms) reject(new Error('timeout'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

interface Ctx {
  assoc: Association;
  driver: AssociationDriver;
  werift: InstanceType<typeof SCTP>;
  events: AssociationEvent[];
  wReceived: [number, number, Buffer][];
}

async function withPeer(ourRole: 'client' | 'server', body: (ctx: Ctx) => Promise<void>) {
  const events: AssociationEvent[] = [];
  let closed = false;
  const transport: { send(b: Buffer): Promise<void>; close(): void; onData?: (b: Buffer) => void } = {
    send: async (buf: Buffer) => {
      const copy = Uint8Array.from(buf);
      setImmediate(() => !closed && driver.receive(copy));
    },
    close: () => {},
  };
  const assoc = new Association({ role: ourRole });
  const driver = new AssociationDriver(
    assoc,
    (p) => {
      const b = Buffer.from(p);
      setImmediate(() => !closed && transport.onData?.(b));
    },
    (e) => events.push(e),
  );
  // werift plays the other DTLS role; its SCTP "client" sends INIT, its "server" waits for one.
  const werift = ourRole === 'client' ? SCTP.server(transport, 5000) : SCTP.client(transport, 5000);
  const wReceived: [number, number, Buffer][] = [];
  werift.onReceive.subscribe((sid: number, ppid: number, data: Buffer) => wReceived.push([sid, ppid, data]));
  try {
    await Promise.all([werift.start(5000), driver.run((a, now) => a.connect(now))]);
    await until(() => assoc.state === 'established' && werift.associationState === 4);
    await body({ assoc, driver, werift, events, wReceived });
  } finally {
    closed = true;
    driver.stop();
    await werift.stop().catch(() => {});
  }
}

describe.each(['client', 'server'] as const)('interop with werift-sctp, we are the DTLS %s', (role) => {
  it('channels open both ways with DCEP and messages flow, small and fragmented', async () => {
    await withPeer(role, async ({ driver, werift, events, wReceived }) => {
      // Our channel to werift.
      const id = driver.run((a: Association, now: number) =>
        a.createChannel({ label: 'to-werift', protocol: 'x' }, now),
      );
      expect(id % 2).toBe(role === 'client' ? 0 : 1);
      await until(() => wReceived.some(([, ppid]) => ppid === WEBRTC_PPID.DCEP));
      const open = decodeDcep(wReceived.find(([, p]) => p === WEBRTC_PPID.DCEP)![2]);
      expect(open).toMatchObject({ type: 3, label: 'to-werift', protocol: 'x', channelType: 0 });
      await werift.send(id, WEBRTC_PPID.DCEP, Buffer.from(encodeDcep({ type: 2 })));
      const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
      driver.run((a: Association, now: number) => {
        a.send(id, new TextEncoder().encode('hello werift'), false, now);
        a.send(id, big, true, now);
        a.send(id, new Uint8Array(0), false, now);
      });
      await until(() => wReceived.filter(([sid, p]) => sid === id && p !== WEBRTC_PPID.DCEP).length === 3);
      const data = wReceived.filter(([sid, p]) => sid === id && p !== WEBRTC_PPID.DCEP);
      expect(data.map(([, p]) => p)).toEqual([51, 53, 56]);
      expect(data[0]![2].toString()).toBe('hello werift');
      expect(Buffer.compare(data[1]![2], Buffer.from(big))).toBe(0);

      // werift opens a channel to us (with the other parity).
      const wid = role === 'client' ? 1 : 0;
      await werift.send(
        wid,
        WEBRTC_PPID.DCEP,
        Buffer.from(
          encodeDcep({
            type: 3,
            channelType: 0x81,
            priority: 256,
            reliabilityParameter: 2,
            label: 'from-werift',
            protocol: '',
          }),
        ),
      );
      await until(() => events.some((e) => e.type === 'channel-open' && e.remote));
      expect(events.find((e) => e.type === 'channel-open' && e.remote)).toMatchObject({
        channel: { id: wid, label: 'from-werift', ordered: false, maxRetransmits: 2 },
      });
      await until(() => wReceived.some(([sid, p, d]) => sid === wid && p === WEBRTC_PPID.DCEP && d[0] === 2));
      const big2 = Buffer.alloc(200_000, 7);
      await werift.send(wid, WEBRTC_PPID.STRING, Buffer.from('hi from werift'));
      await werift.send(wid, WEBRTC_PPID.BINARY, big2);
      await until(() => events.filter((e) => e.type === 'message' && e.channelId === wid).length === 2);
      const msgs = events.filter((e) => e.type === 'message' && e.channelId === wid) as Extract<
        AssociationEvent,
        { type: 'message' }
      >[];
      expect(new TextDecoder().decode(msgs[0]!.data)).toBe('hi from werift');
      expect(msgs[1]!.binary).toBe(true);
      expect(Buffer.compare(Buffer.from(msgs[1]!.data), big2)).toBe(0);
    });
  }, 30_000);

  it('closing a channel resets the stream in werift (RFC 6525)', async () => {
    await withPeer(role, async ({ driver, werift, events }) => {
      const resets: number[][] = [];
      werift.onReconfigStreams.subscribe((s: number[]) => resets.push(s));
      const id = driver.run((a: Association, now: number) =>
        a.createChannel({ negotiated: true, id: 4 }, now),
      );
      driver.run((a: Association, now: number) => a.send(id, new Uint8Array([1, 2, 3]), true, now));
      driver.run((a: Association, now: number) => a.closeChannel(id, now));
      await until(() => resets.some((s) => s.includes(4)));
      // werift answers with its own reset of stream 4, completing the close on our side.
      await until(() => events.some((e) => e.type === 'channel-closed' && e.channelId === 4));
    });
  }, 30_000);
});
