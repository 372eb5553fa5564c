// RFC 8261 §5 / RFC 8899: SCTP finds a larger packet size by PLPMTUD probes, allowed by the
// transport only on a path that stays on this host (Node cannot set DF; the loopback device's MTU
// is 64 KiB), bounded by one DTLS record (16384 bytes of plaintext) or the peer's RFC 8449
// record_size_limit. By default ('auto') only peers that sent that limit are probed. Large messages
// still arrive intact and in order.
import { networkInterfaces } from 'node:os';
import { MAX_PLAINTEXT } from '@rtc/dtls';
import type { PairInfo } from '@rtc/ice';
import { type RTCDataChannel, RTCPeerConnection } from '../src/index.js';
import { peerStateOf } from '../src/peer-connection.js';
import { pathMaxMtu } from '../src/transport/path-mtu.js';
import { negotiate, once, trickle, until } from './helpers.js';

const pmtuOf = (pc: Parameters<typeof peerStateOf>[0]) =>
  peerStateOf(pc)?.channels.link?.stats.pmtu as number | undefined;

const SAME_HOST = { sctpPathMtuDiscovery: 'same-host' } as const;

/** Two connected peers on `address` with a data channel open, PLPMTUD as `options` says. */
async function connected(address: string, options: { sctpPathMtuDiscovery?: 'auto' | 'off' | 'same-host' }) {
  const a = new RTCPeerConnection({}, { hostAddresses: [address], ...options });
  const b = new RTCPeerConnection({}, { hostAddresses: [address], ...options });
  trickle(a, b);
  const ca = a.createDataChannel('x');
  const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel');
  await negotiate(a, b);
  const cb = (await incoming).channel;
  if (ca.readyState !== 'open') await once(ca, 'open');
  return { a, b, ca, cb };
}

function collect(ch: RTCDataChannel, n: number): Promise<Uint8Array[]> {
  const got: Uint8Array[] = [];
  return new Promise((resolve) => {
    ch.addEventListener('message', (e) => {
      got.push(new Uint8Array((e as MessageEvent).data as ArrayBuffer));
      if (got.length === n) resolve(got);
    });
  });
}

describe('SCTP path MTU on a loopback pair', () => {
  test('probes up to one DTLS record and carries large messages intact', async () => {
    const { a, b, ca, cb } = await connected('127.0.0.1', SAME_HOST);
    try {
      await until(() => pmtuOf(a) === MAX_PLAINTEXT && pmtuOf(b) === MAX_PLAINTEXT, 5000, 'PLPMTU raised');
      const messages = Array.from({ length: 64 }, (_, i) => {
        const m = new Uint8Array(64 * 1024);
        for (let j = 0; j < m.length; j += 97) m[j] = (i + j) & 0xff;
        m[0] = i;
        return m;
      });
      const got = collect(cb, messages.length);
      for (const m of messages) ca.send(m);
      const received = await got;
      expect(received.map((m) => m[0])).toEqual(messages.map((_, i) => i));
      for (let i = 0; i < messages.length; i++) expect(Buffer.compare(received[i]!, messages[i]!)).toBe(0);
      const stats = peerStateOf(a)?.channels.link?.stats as { pmtud?: { blackHoles: number } };
      expect(stats.pmtud?.blackHoles).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  }, 20_000);

  test('two peers on this host over a non-loopback address also probe (the kernel delivers over lo)', async () => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) {
      console.warn('no non-loopback IPv4 address on this machine: the same-host case is not checked');
      return;
    }
    const { a, b } = await connected(address, SAME_HOST);
    try {
      await until(() => pmtuOf(a) === MAX_PLAINTEXT, 5000, 'PLPMTU raised');
    } finally {
      a.close();
      b.close();
    }
  }, 20_000);
});

test('by default two @rtc peers (both send record_size_limit) probe up to one record on loopback', async () => {
  const { a, b } = await connected('127.0.0.1', {});
  try {
    await until(() => pmtuOf(a) === MAX_PLAINTEXT && pmtuOf(b) === MAX_PLAINTEXT, 5000, 'PLPMTU raised');
  } finally {
    a.close();
    b.close();
  }
}, 20_000);

test("'off': the base size only, even on loopback between @rtc peers", async () => {
  const { a, b, ca } = await connected('127.0.0.1', { sctpPathMtuDiscovery: 'off' });
  try {
    ca.send(new Uint8Array(200_000));
    await until(() => ca.bufferedAmount === 0, 5000, 'sent');
    const stats = peerStateOf(a)?.channels.link?.stats as { pmtu: number; pmtud?: { probesSent: number } };
    expect(stats.pmtu).toBeLessThan(1200);
    expect(stats.pmtud?.probesSent).toBe(0);
  } finally {
    a.close();
    b.close();
  }
}, 20_000);

describe('pathMaxMtu', () => {
  const pair = (remote: string, relayed = false) =>
    ({ relayed, remoteAddress: { address: remote, port: 9 } }) as unknown as PairInfo;
  const own = ['192.0.2.2', '127.0.0.1'];

  test('a path that leaves the host is never probed beyond the base, whatever the mode', () => {
    for (const mode of ['auto', 'same-host'] as const) {
      expect(pathMaxMtu(pair('198.51.100.7'), own, MAX_PLAINTEXT, mode)).toBeUndefined();
      expect(pathMaxMtu(pair('2001:db8::1'), own, MAX_PLAINTEXT, mode)).toBeUndefined();
      // A relayed pair goes through a TURN server even when the server runs on this host.
      expect(pathMaxMtu(pair('127.0.0.1', true), own, MAX_PLAINTEXT, mode)).toBeUndefined();
      expect(pathMaxMtu(pair('192.0.2.2', true), own, MAX_PLAINTEXT, mode)).toBeUndefined();
    }
  });

  test('same-host: loopback or one of our own addresses allows one DTLS record', () => {
    expect(pathMaxMtu(pair('127.0.0.1'), [], undefined, 'same-host')).toBe(MAX_PLAINTEXT);
    expect(pathMaxMtu(pair('127.1.2.3'), [], undefined, 'same-host')).toBe(MAX_PLAINTEXT);
    expect(pathMaxMtu(pair('::1'), [], undefined, 'same-host')).toBe(MAX_PLAINTEXT);
    expect(pathMaxMtu(pair('192.0.2.2'), own, undefined, 'same-host')).toBe(MAX_PLAINTEXT);
  });

  test('auto: only a peer that sent record_size_limit is probed, and never beyond that limit', () => {
    expect(pathMaxMtu(pair('127.0.0.1'), own, undefined, 'auto')).toBeUndefined();
    expect(pathMaxMtu(pair('127.0.0.1'), own, MAX_PLAINTEXT, 'auto')).toBe(MAX_PLAINTEXT);
    expect(pathMaxMtu(pair('192.0.2.2'), own, 4000, 'auto')).toBe(4000);
    expect(pathMaxMtu(pair('127.0.0.1'), own, 4000, 'same-host')).toBe(4000);
  });

  test('off: never', () => {
    expect(pathMaxMtu(pair('127.0.0.1'), own, MAX_PLAINTEXT, 'off')).toBeUndefined();
  });
});

test('an unknown sctpPathMtuDiscovery value is a TypeError, not a silent mode', () => {
  const bad = { sctpPathMtuDiscovery: 'on' } as unknown as { sctpPathMtuDiscovery: 'off' };
  expect(() => new RTCPeerConnection({}, bad)).toThrow(TypeError);
});
