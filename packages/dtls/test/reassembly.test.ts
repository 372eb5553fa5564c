import { packFlight } from '../src/handshake/flight.js';
import { decodeFragments, encodeFragment, HandshakeType } from '../src/handshake/header.js';
import { Reassembler } from '../src/handshake/reassembler.js';
import { RecordLayer } from '../src/record/layer.js';
import { decodeDatagram } from '../src/record/record.js';

const body = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
const frag = (seq: number, off: number, len: number, b = body) => ({
  msgType: HandshakeType.certificate,
  length: b.length,
  messageSeq: seq,
  fragmentOffset: off,
  body: b.subarray(off, off + len),
});

describe('RFC 6347 §4.2.3 reassembly', () => {
  it('out of order, duplicated, overlapping and re-fragmented pieces give the message once', () => {
    const r = new Reassembler();
    expect(r.add(frag(0, 600, 400), 0)).toBe('accepted');
    expect(r.add(frag(0, 600, 400), 0)).toBe('accepted');
    expect(r.pop()).toBeUndefined();
    r.add(frag(0, 100, 550), 0); // overlaps the piece above
    r.add(frag(0, 0, 50), 0);
    expect(r.pop()).toBeUndefined();
    r.add(frag(0, 40, 70), 0); // a retransmission cut at other offsets fills the hole
    const m = r.pop()!;
    expect(Buffer.from(m.body)).toEqual(Buffer.from(body));
    expect(m.messageSeq).toBe(0);
    expect(r.pop()).toBeUndefined();
    expect(r.add(frag(0, 0, 10), 0)).toBe('old');
  });

  it('later messages wait for earlier ones', () => {
    const r = new Reassembler();
    r.add(frag(1, 0, 1000), 0);
    expect(r.pop()).toBeUndefined();
    r.add(frag(0, 0, 1000), 0);
    expect(r.pop()?.messageSeq).toBe(0);
    expect(r.pop()?.messageSeq).toBe(1);
  });

  it('is bounded: size, look-ahead, total bytes, and inconsistent fragments', () => {
    const r = new Reassembler(0, { maxMessageLength: 2000, maxAhead: 4, maxBufferedBytes: 2500 });
    expect(r.add({ ...frag(0, 0, 10), length: 5000 }, 0)).toBe('dropped');
    expect(r.add(frag(4, 0, 10), 0)).toBe('dropped');
    expect(r.add(frag(1, 0, 10), 0)).toBe('accepted');
    expect(r.add(frag(2, 0, 10), 0)).toBe('accepted');
    expect(r.add(frag(3, 0, 10), 0)).toBe('dropped'); // 3000 bytes would exceed 2500
    expect(r.add({ ...frag(1, 0, 10), msgType: 2 }, 0)).toBe('dropped');
    expect(r.add(frag(1, 0, 10), 1)).toBe('dropped'); // same seq, other epoch
  });
});

describe('flight packing', () => {
  it.each([200, 576, 1200])('fragments to MTU %i and reassembles', (mtu) => {
    const layer = new RecordLayer();
    const entries = [
      {
        kind: 'handshake' as const,
        msgType: HandshakeType.serverHello,
        messageSeq: 1,
        body: new Uint8Array(90),
        epoch: 0,
      },
      { kind: 'handshake' as const, msgType: HandshakeType.certificate, messageSeq: 2, body, epoch: 0 },
      {
        kind: 'handshake' as const,
        msgType: HandshakeType.serverHelloDone,
        messageSeq: 3,
        body: new Uint8Array(0),
        epoch: 0,
      },
    ];
    const datagrams = packFlight(entries, mtu, layer);
    const r = new Reassembler(1);
    let lastSeq = -1;
    for (const d of datagrams) {
      expect(d.length).toBeLessThanOrEqual(mtu);
      for (const rec of decodeDatagram(d).records) {
        expect(rec.seq).toBeGreaterThan(lastSeq); // fresh record sequence numbers
        lastSeq = rec.seq;
        for (const f of decodeFragments(rec.fragment)) r.add(f, 0);
      }
    }
    expect(r.pop()?.body.length).toBe(90);
    expect(Buffer.from(r.pop()!.body)).toEqual(Buffer.from(body));
    expect(r.pop()?.msgType).toBe(HandshakeType.serverHelloDone);
    if (mtu === 1200) expect(datagrams).toHaveLength(1);
  });

  it('encodes the transcript form with offset 0 and full length', () => {
    const f = encodeFragment(1, 3, 7, 0, new Uint8Array([1, 2, 3]));
    expect(Array.from(f.subarray(0, 12))).toEqual([1, 0, 0, 3, 0, 7, 0, 0, 0, 0, 0, 3]);
  });
});
