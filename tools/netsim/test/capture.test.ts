import { Network } from '../src/index.js';

/** Sum of 16-bit words, folded: 0xffff when a checksum over these bytes is right (RFC 1071). */
function fold(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function pseudoSum(src: Uint8Array, dst: Uint8Array, udpLen: number): number {
  return fold(src) + fold(dst) + 17 + udpLen;
}

describe('capture', () => {
  function scenario() {
    const net = new Network();
    const nat = net.addNat({ externalIp: '203.0.113.1' });
    const h = net.addHost(['192.168.0.2', 'fd00::2'], { nat });
    const s = net.addHost(['198.51.100.1', '2001:db8::1']);
    const ss = s.bind(3478, (d) => ss.send(d.src, d.data));
    const cap = net.capture();
    const sh = h.bind(5000, () => {});
    sh.send({ ip: '198.51.100.1', port: 3478 }, Uint8Array.of(1, 2, 3));
    sh.send({ ip: '198.51.100.1', port: 9 }, Uint8Array.of(4));
    net.runUntil(() => false);
    return { net, cap, sh, s };
  }

  it('records datagrams as sent, delivered and dropped, with their bytes', () => {
    const { cap } = scenario();
    expect(
      cap.datagrams.map(
        (d) => `${d.point} ${d.src.ip}:${d.src.port}>${d.dst.ip}:${d.dst.port} ${d.reason ?? ''}`,
      ),
    ).toEqual([
      'send 192.168.0.2:5000>198.51.100.1:3478 ',
      'send 192.168.0.2:5000>198.51.100.1:9 ',
      'deliver 203.0.113.1:49152>198.51.100.1:3478 ',
      'send 198.51.100.1:3478>203.0.113.1:49152 ',
      'drop 203.0.113.1:49152>198.51.100.1:9 no-socket',
      'deliver 198.51.100.1:3478>192.168.0.2:5000 ',
    ]);
    expect([...cap.datagrams[5]!.data]).toEqual([1, 2, 3]);
  });

  it('stops recording on stop() and respects its limit', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    b.bind(1, () => {});
    const s = a.bind(1, () => {});
    const limited = net.capture({ limit: 3 });
    const stopped = net.capture();
    stopped.stop();
    for (let i = 0; i < 5; i++) s.send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(i));
    net.runUntil(() => false);
    expect(limited.datagrams).toHaveLength(3);
    expect(stopped.datagrams).toHaveLength(0);
  });

  it('writes a pcap file with valid IPv4 and IPv6 UDP headers and checksums', () => {
    const { net, cap, sh } = scenario();
    sh.send({ ip: '2001:db8::1', port: 3478 }, Uint8Array.of(9, 8, 7, 6, 5));
    net.runUntil(() => false);
    const pcap = cap.toPcap('send');
    const v = new DataView(pcap.buffer, pcap.byteOffset);
    expect(v.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(v.getUint32(20, true)).toBe(101);
    const packets: Uint8Array[] = [];
    const times: number[] = [];
    for (let off = 24; off < pcap.length; ) {
      const len = v.getUint32(off + 8, true);
      times.push(v.getUint32(off, true) * 1e6 + v.getUint32(off + 4, true));
      packets.push(pcap.subarray(off + 16, off + 16 + len));
      off += 16 + len;
    }
    expect(packets).toHaveLength(4);
    // Two sends at 0, the echo at 2 ms, the IPv6 one after the first run ended (4 ms).
    expect(times).toEqual([0, 0, 2000, 4000]);

    // The first one: IPv4, 192.168.0.2:5000 -> 198.51.100.1:3478, payload 1 2 3.
    const p4 = packets[0]!;
    expect(p4[0]).toBe(0x45);
    expect(fold(p4.subarray(0, 20))).toBe(0xffff);
    expect([...p4.subarray(12, 20)]).toEqual([192, 168, 0, 2, 198, 51, 100, 1]);
    const u4 = new DataView(p4.buffer, p4.byteOffset + 20);
    expect([u4.getUint16(0), u4.getUint16(2), u4.getUint16(4)]).toEqual([5000, 3478, 11]);
    expect(fold(p4.subarray(20), pseudoSum(p4.subarray(12, 16), p4.subarray(16, 20), 11))).toBe(0xffff);
    expect([...p4.subarray(28)]).toEqual([1, 2, 3]);

    // The last one: IPv6, fd00::2 -> 2001:db8::1 (odd payload length).
    const p6 = packets[3]!;
    expect(p6[0]! >> 4).toBe(6);
    expect(p6[6]).toBe(17);
    const u6len = 8 + 5;
    expect(new DataView(p6.buffer, p6.byteOffset).getUint16(4)).toBe(u6len);
    expect(fold(p6.subarray(40), pseudoSum(p6.subarray(8, 24), p6.subarray(24, 40), u6len))).toBe(0xffff);
    expect([...p6.subarray(48)]).toEqual([9, 8, 7, 6, 5]);
  });
});
