// IPv6 host candidates end to end on this machine: two peers over ::1 (an IPv6-only udp6 socket per
// address), dual-stack loopback (both families offered, each pair within one family: RFC 8445
// §6.1.2.2), and an IPv6-only peer against an IPv4-only one (no pair at all). Skipped, with the
// reason printed, on a machine where ::1 cannot be bound.
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { type RTCDataChannel, RTCPeerConnection } from '../src/index.js';
import { canBindIPv6Loopback, gathered, negotiate, once, trickle, until } from './helpers.js';

const loopbackV6 = await canBindIPv6Loopback();
if (!loopbackV6) console.warn('ipv6-loopback.test: ::1 cannot be bound on this machine; IPv6 tests skipped');
const v6 = loopbackV6 ? describe : describe.skip;

type Stats = Record<string, unknown>;

async function statsOf(pc: RTCPeerConnection): Promise<Stats[]> {
  return [...(await pc.getStats()).values()] as Stats[];
}

/** The selected pair's local and remote candidate stats (via the transport's selectedCandidatePairId). */
async function selectedPair(pc: RTCPeerConnection): Promise<{ local: Stats; remote: Stats }> {
  const all = await statsOf(pc);
  const byId = new Map(all.map((s) => [s.id, s]));
  const transport = all.find((s) => s.type === 'transport');
  const pair = byId.get(transport?.selectedCandidatePairId);
  if (!pair) throw new Error('no selected pair');
  return { local: byId.get(pair.localCandidateId)!, remote: byId.get(pair.remoteCandidateId)! };
}

async function openPair(
  hostsA: string[],
  hostsB: string[],
): Promise<{ a: RTCPeerConnection; b: RTCPeerConnection; ca: RTCDataChannel; cb: RTCDataChannel }> {
  const a = new RTCPeerConnection({}, { hostAddresses: hostsA });
  const b = new RTCPeerConnection({}, { hostAddresses: hostsB });
  opened.push(a, b);
  trickle(a, b);
  const ca = a.createDataChannel('v6');
  const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel', 8000);
  await negotiate(a, b);
  const cb = (await incoming).channel;
  if (ca.readyState !== 'open') await once(ca, 'open', 8000);
  return { a, b, ca, cb };
}

const opened: RTCPeerConnection[] = [];
afterEach(() => {
  for (const pc of opened.splice(0)) pc.close();
});

v6('IPv6 host candidates over ::1', () => {
  test('a data channel opens over ::1; the selected pair, SDP and stats are IPv6', async () => {
    // b lists its address in brackets (as in a URL): bound and advertised as bare ::1.
    const { a, b, ca, cb } = await openPair(['::1'], ['[::1]']);
    const got = once<MessageEvent>(cb, 'message');
    ca.send('over ipv6');
    expect((await got).data).toBe('over ipv6');

    // RFC 8839 §5.1: the connection-address is the bare IPv6 text (no brackets, no zone).
    const sdp = a.localDescription!.sdp;
    expect(sdp).toMatch(/^a=candidate:\S+ 1 udp \d+ ::1 \d+ typ host/m);
    // JSEP (RFC 8829 §5.2.1): the m= line keeps port 9 and c=IN IP4 0.0.0.0 whatever the family.
    expect(sdp).toMatch(/^c=IN IP4 0\.0\.0\.0\r?$/m);

    for (const pc of [a, b]) {
      const { local, remote } = await selectedPair(pc);
      for (const c of [local, remote]) {
        expect(c.address).toBe('::1');
        expect(c.candidateType).toBe('host');
        expect(c.protocol).toBe('udp');
        expect(Number.isInteger(c.port) && (c.port as number) > 0).toBe(true);
        expect(typeof c.priority).toBe('number');
        expect(typeof c.foundation).toBe('string');
      }
      expect(local.type).toBe('local-candidate');
      expect(remote.type).toBe('remote-candidate');
    }
  }, 20_000);

  test('dual-stack loopback: both families offered, IPv6 selected, no pair mixes families', async () => {
    const hosts = ['::1', '127.0.0.1'];
    const { a, b } = await openPair(hosts, hosts);
    await until(() => a.iceGatheringState === 'complete' && b.iceGatheringState === 'complete', 5000);
    for (const pc of [a, b]) {
      const all = await statsOf(pc);
      const byId = new Map(all.map((s) => [s.id, s]));
      const locals = all.filter((s) => s.type === 'local-candidate').map((s) => s.address);
      expect(locals.sort()).toEqual(['127.0.0.1', '::1']);
      const pairs = all.filter((s) => s.type === 'candidate-pair');
      expect(pairs.length).toBe(2);
      for (const p of pairs) {
        const l = byId.get(p.localCandidateId)!;
        const r = byId.get(p.remoteCandidateId)!;
        expect(isIP(String(l.address))).toBe(isIP(String(r.address)));
      }
      // ::1 comes first in hostAddresses: loopback candidates rank by that order alone. Until the
      // controlling agent's nomination completes, the pair reported is the first valid one.
      const deadline = Date.now() + 5000;
      let { local } = await selectedPair(pc);
      while (local.address !== '::1' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
        ({ local } = await selectedPair(pc));
      }
      expect(local.address).toBe('::1');
    }
    // Priorities are unique among host candidates (RFC 8445 §5.1.2.1) and follow the given order.
    const priorities = (await statsOf(a))
      .filter((s) => s.type === 'local-candidate')
      .sort((x, y) => (y.priority as number) - (x.priority as number))
      .map((s) => s.address);
    expect(priorities).toEqual(['::1', '127.0.0.1']);
  }, 20_000);

  test('a remote offer whose c= line is IN IP6 (an IPv6 default candidate, as browsers write) connects', async () => {
    const a = new RTCPeerConnection({}, { hostAddresses: ['::1'] });
    const b = new RTCPeerConnection({}, { hostAddresses: ['::1'] });
    opened.push(a, b);
    trickle(a, b);
    const ca = a.createDataChannel('ip6');
    const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel', 8000);
    await a.setLocalDescription();
    await gathered(a);
    const offer = a.localDescription!.sdp;
    const port = / ::1 (\d+) typ host/.exec(offer)![1];
    const munged = offer
      .replace(/^c=IN IP4 0\.0\.0\.0$/m, 'c=IN IP6 ::1')
      .replace(/^m=application 9 /m, `m=application ${port} `);
    expect(munged).toMatch(/^c=IN IP6 ::1\r$/m);
    await b.setRemoteDescription({ type: 'offer', sdp: munged });
    expect(b.remoteDescription!.sdp).toContain('c=IN IP6 ::1');
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await incoming;
    if (ca.readyState !== 'open') await once(ca, 'open', 8000);
    expect(ca.readyState).toBe('open');
  }, 20_000);

  test('an IPv6-only peer and an IPv4-only peer form no candidate pair', async () => {
    const a = new RTCPeerConnection({}, { hostAddresses: ['::1'] });
    const b = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
    opened.push(a, b);
    trickle(a, b);
    a.createDataChannel('none');
    await negotiate(a, b);
    await until(() => a.iceGatheringState === 'complete' && b.iceGatheringState === 'complete', 5000);
    // Let the trickled candidates land on both sides.
    await new Promise((r) => setTimeout(r, 100));
    for (const pc of [a, b]) {
      const all = await statsOf(pc);
      expect(all.filter((s) => s.type === 'candidate-pair')).toEqual([]);
    }
    expect(a.remoteDescription!.sdp).toMatch(/ 127\.0\.0\.1 \d+ typ host/);
    expect(b.remoteDescription!.sdp).toMatch(/ ::1 \d+ typ host/);
  }, 20_000);
});

/** An IPv6 link-local address of this machine with its zone ("fe80::1%eth0"), if there is one. */
function linkLocalWithZone(): string | undefined {
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv6' && !a.internal && /^fe80:/i.test(a.address)) return `${a.address}%${name}`;
    }
  }
  return undefined;
}

const linkLocal = loopbackV6 ? linkLocalWithZone() : undefined;
if (loopbackV6 && !linkLocal)
  console.warn('ipv6-loopback.test: no IPv6 link-local address; zone test skipped');
(linkLocal ? describe : describe.skip)('an explicit link-local hostAddress with a zone', () => {
  test('binds with the zone; the candidate carries the bare address; a channel opens', async () => {
    const address = linkLocal!;
    const bare = address.slice(0, address.indexOf('%'));
    const { a, ca, cb } = await openPair([address], [address]);
    const got = once<MessageEvent>(cb, 'message');
    ca.send('link-local');
    expect((await got).data).toBe('link-local');
    expect(a.localDescription!.sdp).toContain(` ${bare} `);
    expect(a.localDescription!.sdp).not.toContain('%');
    const { local, remote } = await selectedPair(a);
    expect(local.address).toBe(bare);
    expect(remote.address).toBe(bare);
  }, 20_000);
});
