import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { IceError, isEndOfCandidates, parseCandidate, serializeCandidate } from '../src/index.js';

const lines = readFileSync(new URL('./vectors/browser-candidates.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0);

describe('RFC 8839 candidate grammar', () => {
  it('parses a Chrome line with every extension', () => {
    const c = parseCandidate(
      'candidate:1754264922 1 tcp 1518280447 10.101.2.67 9 typ host tcptype active generation 0 ufrag Abcd network-id 2 network-cost 10',
    );
    expect(c).toEqual({
      foundation: '1754264922',
      component: 1,
      transport: 'tcp',
      priority: 1518280447,
      address: '10.101.2.67',
      port: 9,
      type: 'host',
      tcpType: 'active',
      generation: 0,
      ufrag: 'Abcd',
      networkId: 2,
      networkCost: 10,
    });
  });

  it('parses srflx with raddr/rport, IPv6 and mDNS addresses', () => {
    const s = parseCandidate(
      'a=candidate:1 1 UDP 1685921791 1.2.3.4 37264 typ srflx raddr 192.168.99.58 rport 37264',
    );
    expect(s.transport).toBe('udp');
    expect(s.relatedAddress).toBe('192.168.99.58');
    expect(s.relatedPort).toBe(37264);
    const v6 = parseCandidate(
      'candidate:2 1 udp 2122262783 2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c 38475 typ host',
    );
    expect(v6.address).toBe('2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c');
    const m = parseCandidate(
      '1 1 udp 2113937151 4f6e8a0c-1c2d-4b0e-9f4a-1234567890ab.local 54321 typ host generation 0',
    );
    expect(m.address.endsWith('.local')).toBe(true);
  });

  it('keeps unknown extensions in order', () => {
    const line = 'candidate:1 1 udp 100 1.2.3.4 5 typ relay raddr 0.0.0.0 rport 0 foo bar baz 1';
    const c = parseCandidate(line);
    expect(c.extensions).toEqual([
      { name: 'foo', value: 'bar' },
      { name: 'baz', value: '1' },
    ]);
    expect(serializeCandidate(c)).toBe(line);
  });

  it('round-trips every real browser candidate line of the test SDPs', () => {
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      const c = parseCandidate(line);
      const text = serializeCandidate(c);
      // Chrome lines (lower-case transport) come back byte for byte; Firefox's "UDP" is lower-cased.
      expect(text.toLowerCase()).toBe(line.slice(2).toLowerCase());
      expect(parseCandidate(text)).toEqual(c);
    }
  });

  it.each([
    ['too few fields', 'candidate:1 1 udp 100 1.2.3.4 5 typ'],
    ['bad foundation', 'candidate:a-b 1 udp 100 1.2.3.4 5 typ host'],
    ['component 0', 'candidate:1 0 udp 100 1.2.3.4 5 typ host'],
    ['component 257', 'candidate:1 257 udp 100 1.2.3.4 5 typ host'],
    ['priority 0', 'candidate:1 1 udp 0 1.2.3.4 5 typ host'],
    ['priority 2^31', 'candidate:1 1 udp 2147483648 1.2.3.4 5 typ host'],
    ['port 65536', 'candidate:1 1 udp 100 1.2.3.4 65536 typ host'],
    ['missing typ', 'candidate:1 1 udp 100 1.2.3.4 5 type host'],
    ['unknown type', 'candidate:1 1 udp 100 1.2.3.4 5 typ stun'],
    ['bad tcptype', 'candidate:1 1 tcp 100 1.2.3.4 5 typ host tcptype up'],
    ['dangling extension', 'candidate:1 1 udp 100 1.2.3.4 5 typ host generation'],
    ['bad generation', 'candidate:1 1 udp 100 1.2.3.4 5 typ host generation x'],
    ['bad address', 'candidate:1 1 udp 100 1.2.3.4/8 5 typ host'],
    ['too long', `candidate:1 1 udp 100 1.2.3.4 5 typ host${' a b'.repeat(400)}`],
  ])('rejects %s', (_name, line) => {
    expect(() => parseCandidate(line)).toThrow(IceError);
  });

  it('recognises end-of-candidates markers', () => {
    expect(isEndOfCandidates('')).toBe(true);
    expect(isEndOfCandidates('a=end-of-candidates')).toBe(true);
    expect(isEndOfCandidates('candidate:1 1 udp 1 1.2.3.4 5 typ host')).toBe(false);
  });

  it('property: serialize/parse round-trips generated candidates', () => {
    const ice = fc.stringMatching(/^[A-Za-z0-9+/]{1,32}$/);
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    fc.assert(
      fc.property(
        ice,
        fc.integer({ min: 1, max: 256 }),
        fc.constantFrom('udp', 'tcp'),
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.oneof(
          ipv4,
          fc.uuid().map((u) => `${u}.local`),
        ),
        fc.integer({ min: 0, max: 65535 }),
        fc.constantFrom('host', 'srflx', 'prflx', 'relay'),
        fc.option(fc.tuple(ipv4, fc.integer({ min: 0, max: 65535 })), { nil: undefined }),
        fc.option(fc.nat(10), { nil: undefined }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9+/]{4,8}$/), { nil: undefined }),
        (foundation, component, transport, priority, address, port, type, rel, generation, ufrag) => {
          const c = parseCandidate(
            serializeCandidate({
              foundation,
              component,
              transport,
              priority,
              address,
              port,
              type: type as 'host',
              ...(rel ? { relatedAddress: rel[0], relatedPort: rel[1] } : {}),
              ...(generation !== undefined ? { generation } : {}),
              ...(ufrag !== undefined ? { ufrag } : {}),
            }),
          );
          expect(c.foundation).toBe(foundation);
          expect(c.priority).toBe(priority);
          expect(c.address).toBe(address);
          expect(c.relatedPort).toBe(rel?.[1]);
          expect(c.generation).toBe(generation);
          expect(c.ufrag).toBe(ufrag);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('property: arbitrary and mutated strings only ever throw IceError', () => {
    const base = lines[0]!;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc
            .tuple(fc.nat(base.length), fc.string({ maxLength: 5 }))
            .map(([i, s]) => base.slice(0, i) + s + base.slice(i + 1)),
        ),
        (s) => {
          try {
            parseCandidate(s);
          } catch (e) {
            expect(e).toBeInstanceOf(IceError);
          }
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  });
});
