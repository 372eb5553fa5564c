// RFC 9653 zero checksum on the peer connection's SCTP link (SCTP over DTLS, error detection method
// 1): used only when both INITs offer it. Sans-I/O: two ends wired back to back in memory, virtual time.
import { Association } from '@rtc/sctp';
import { createSctpLink } from '../src/transport/sctp-association.js';
import type { SctpEvent, SctpLink } from '../src/transport/sctp-link.js';

interface End {
  handlePacket(data: Uint8Array, now: number): void;
  pollTransmit(): Uint8Array | undefined;
}

const checksumIsZero = (p: Uint8Array) => (p[8]! | p[9]! | p[10]! | p[11]!) === 0;

function link(role: 'client' | 'server'): SctpLink {
  return createSctpLink({
    role,
    maxMessageSize: 262144,
    remoteMaxMessageSize: 262144,
    localPort: 5000,
    remotePort: 5000,
    send: () => undefined,
  });
}

/** Moves packets both ways until neither end has anything to send; returns what each end sent. */
function exchange(a: End, b: End, now: number, wire: { a: Uint8Array[]; b: Uint8Array[] }): void {
  for (let rounds = 0; rounds < 100; rounds++) {
    let moved = false;
    for (let p = a.pollTransmit(); p; p = a.pollTransmit()) {
      wire.a.push(p);
      b.handlePacket(p, now);
      moved = true;
    }
    for (let p = b.pollTransmit(); p; p = b.pollTransmit()) {
      wire.b.push(p);
      a.handlePacket(p, now);
      moved = true;
    }
    if (!moved) return;
  }
  throw new Error('the ends never went quiet');
}

/** Drains a link's events (its `connected` flag follows them). */
function events(l: SctpLink, out: SctpEvent[] = []): SctpEvent[] {
  for (let e = l.pollEvent(); e; e = l.pollEvent()) out.push(e);
  return out;
}

const params = (label: string) => ({
  label,
  protocol: '',
  ordered: true,
  negotiated: false,
  maxRetransmits: undefined,
  maxPacketLifeTime: undefined,
  id: undefined,
});

describe('SCTP zero checksum (RFC 9653) on the peer link', () => {
  it('two peer links negotiate it: after the handshake packets carry a zero checksum both ways', () => {
    const a = link('client');
    const b = link('server');
    const wire = { a: [] as Uint8Array[], b: [] as Uint8Array[] };
    let now = 1000;
    a.start(now);
    b.start(now);
    exchange(a, b, now, wire);
    const seenB = events(b);
    events(a);
    expect(a.connected && b.connected).toBe(true);
    // RFC 9653 §5.2: packets with INIT keep a real CRC32C.
    expect(checksumIsZero(wire.a[0]!)).toBe(false);
    const id = a.createChannel(params('z'), now);
    now += 1;
    exchange(a, b, now, wire);
    a.send(id, new TextEncoder().encode('hello'), false, now);
    exchange(a, b, now, wire);
    now += 50; // the delayed SACK
    a.handleTimeout(now);
    b.handleTimeout(now);
    exchange(a, b, now, wire);
    const got = events(b, seenB).find((e) => e.type === 'message');
    expect(got?.type === 'message' && new TextDecoder().decode(got.data)).toBe('hello');
    expect(a.stats.zeroChecksumPacketsSent).toBeGreaterThan(0);
    expect(b.stats.zeroChecksumPacketsSent).toBeGreaterThan(0);
    expect(a.stats.zeroChecksumPacketsReceived).toBe(b.stats.zeroChecksumPacketsSent);
    expect(b.stats.zeroChecksumPacketsReceived).toBe(a.stats.zeroChecksumPacketsSent);
    expect(a.stats.packetsDropped).toBe(0);
    expect(b.stats.packetsDropped).toBe(0);
  });

  it('a peer that does not offer it gets a CRC32C on every packet, and data still flows', () => {
    const ours = link('client');
    const theirs = new Association({ role: 'server', localPort: 5000, remotePort: 5000 });
    const wire = { a: [] as Uint8Array[], b: [] as Uint8Array[] };
    let now = 1000;
    ours.start(now);
    theirs.connect(now);
    exchange(ours, theirs, now, wire);
    events(ours);
    expect(ours.connected).toBe(true);
    const id = ours.createChannel(params('crc'), now);
    now += 1;
    exchange(ours, theirs, now, wire);
    ours.send(id, new Uint8Array([1, 2, 3]), true, now);
    exchange(ours, theirs, now, wire);
    now += 50;
    ours.handleTimeout(now);
    theirs.handleTimeout(now);
    exchange(ours, theirs, now, wire);
    const msgs: Uint8Array[] = [];
    for (let e = theirs.pollEvent(); e; e = theirs.pollEvent()) if (e.type === 'message') msgs.push(e.data);
    expect(msgs.map((m) => Array.from(m))).toEqual([[1, 2, 3]]);
    expect(wire.a.length).toBeGreaterThan(2);
    expect(wire.a.filter(checksumIsZero)).toHaveLength(0);
    expect(ours.stats.zeroChecksumPacketsSent).toBe(0);
    expect(ours.stats.zeroChecksumPacketsReceived).toBe(0);
    expect(theirs.stats.packetsDropped).toBe(0);
  });
});
