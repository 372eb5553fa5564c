import { canonicalIp, type Datagram, NetsimError, Network } from '../src/index.js';

describe('addresses', () => {
  it('canonicalises IPv6 literals (RFC 5952) and accepts IPv4', () => {
    expect(canonicalIp('10.1.2.3')).toBe('10.1.2.3');
    expect(canonicalIp('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIp('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('2001:0db8::0001')).toBe('2001:db8::1');
    expect(canonicalIp('fe80::')).toBe('fe80::');
    expect(canonicalIp('::')).toBe('::');
    expect(canonicalIp('::ffff:192.0.2.1')).toBe('::ffff:c000:201');
    expect(canonicalIp('2001:db8:1:2:3:4:0:5')).toBe('2001:db8:1:2:3:4:0:5');
  });

  it.each([
    '1.2.3',
    '256.1.1.1',
    '01.2.3.4',
    'a.b.c.d',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
    '',
  ])('rejects %j with NetsimError', (bad) => {
    expect(() => canonicalIp(bad)).toThrow(NetsimError);
  });

  it('routes IPv6 and dual-stack hosts, picking the source of the destination family', () => {
    const net = new Network();
    const a = net.addHost(['10.0.0.1', '2001:db8::1']);
    const b = net.addHost(['10.0.0.2', '2001:db8:0:0::2']);
    const got: Datagram[] = [];
    b.bind(9, (d) => got.push(d));
    const s = a.bind(9, () => {});
    s.send({ ip: '2001:DB8::2', port: 9 }, Uint8Array.of(6));
    s.send({ ip: '10.0.0.2', port: 9 }, Uint8Array.of(4));
    net.runUntil(() => false);
    expect(got.map((d) => [d.src.ip, d.dst.ip])).toEqual([
      ['2001:db8::1', '2001:db8::2'],
      ['10.0.0.1', '10.0.0.2'],
    ]);
  });

  it('drops as no-route when the sender has no address of the destination family', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    net.addHost('2001:db8::2');
    a.bind(9, () => {}).send({ ip: '2001:db8::2', port: 9 }, Uint8Array.of(1));
    net.runUntil(() => false);
    expect(net.stats.dropped).toEqual({ 'no-route': 1 });
  });

  it('binds to one address of a multi-homed host when asked', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    const b = net.addHost(['10.0.0.2', '10.0.0.3']);
    const got: string[] = [];
    b.bind(9, (d) => got.push(`x ${d.dst.ip}`), { ip: '10.0.0.3' });
    b.bind(9, (d) => got.push(`y ${d.dst.ip}`), { ip: '10.0.0.2' });
    expect(() => b.bind(9, () => {})).toThrow(expect.objectContaining({ code: 'port-in-use' }));
    expect(() => b.bind(10, () => {}, { ip: '10.0.0.9' })).toThrow(NetsimError);
    const s = a.bind(9, () => {});
    s.send({ ip: '10.0.0.2', port: 9 }, Uint8Array.of(1));
    s.send({ ip: '10.0.0.3', port: 9 }, Uint8Array.of(1));
    net.runUntil(() => false);
    expect(got).toEqual(['y 10.0.0.2', 'x 10.0.0.3']);
  });

  it('allocates ephemeral ports for port 0 and frees a port on close', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    const s1 = a.bind(0, () => {});
    const s2 = a.bind(0, () => {});
    expect(s1.port).toBe(49152);
    expect(s2.port).toBe(49153);
    expect(s1.address).toEqual({ ip: '10.0.0.1', port: 49152 });
    s1.close();
    expect(s1.closed).toBe(true);
    expect(() => s1.send({ ip: '10.0.0.1', port: 1 }, Uint8Array.of(1))).toThrow(
      expect.objectContaining({ code: 'socket-closed' }),
    );
    expect(a.bind(49152, () => {}).port).toBe(49152);
  });
});
