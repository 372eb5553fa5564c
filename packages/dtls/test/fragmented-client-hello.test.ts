import {
  ClientHelloAssembler,
  MAX_FRAGMENTED_CLIENT_HELLO,
} from '../src/handshake/client-hello-assembler.js';
import { decodeFragments, encodeFragment, HandshakeType } from '../src/handshake/header.js';
import { ContentType, decodeRecord, encodeRecord } from '../src/record/record.js';
import { connected, makePair, runPair } from './helpers/pair.js';

type Piece = [offset: number, length: number];

/** The whole ClientHello (message_seq and body) in an unfragmented single-record datagram. */
function helloOf(datagram: Uint8Array): { seq: number; body: Uint8Array } {
  const f = decodeFragments(decodeRecord(datagram).fragment)[0]!;
  expect(f.msgType).toBe(HandshakeType.clientHello);
  expect(f.body.length).toBe(f.length);
  return { seq: f.messageSeq, body: f.body };
}

/** Re-cut a ClientHello into one record (and datagram) per piece, as a small-MTU client would. */
function cut(h: { seq: number; body: Uint8Array }, pieces: readonly Piece[], recordSeq = 100): Uint8Array[] {
  return pieces.map(([off, n], i) =>
    encodeRecord(
      ContentType.handshake,
      0,
      recordSeq + i,
      encodeFragment(HandshakeType.clientHello, h.body.length, h.seq, off, h.body.subarray(off, off + n)),
    ),
  );
}

const isHelloVerifyRequest = (d: Uint8Array) =>
  decodeFragments(decodeRecord(d).fragment)[0]!.msgType === HandshakeType.helloVerifyRequest;

function drain(e: { pollTransmit(): Uint8Array | undefined }): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let d = e.pollTransmit(); d; d = e.pollTransmit()) out.push(d);
  return out;
}

describe('fragmented ClientHello at the stateless listener (RFC 6347 §4.2.1, §4.2.3)', () => {
  // Cut points as fractions of the body, so they fit both ClientHellos (without and with cookie).
  const at = (n: number, x: number) => Math.floor(n * x);
  const splits: [string, (n: number) => Piece[]][] = [
    [
      '2 fragments',
      (n) => [
        [0, at(n, 0.5)],
        [at(n, 0.5), n - at(n, 0.5)],
      ],
    ],
    [
      '3 fragments',
      (n) => [
        [0, at(n, 0.3)],
        [at(n, 0.3), at(n, 0.3)],
        [2 * at(n, 0.3), n - 2 * at(n, 0.3)],
      ],
    ],
    [
      '3 fragments out of order',
      (n) => [
        [2 * at(n, 0.3), n - 2 * at(n, 0.3)],
        [0, at(n, 0.3)],
        [at(n, 0.3), at(n, 0.3)],
      ],
    ],
    [
      'duplicated and overlapping fragments',
      (n) => [
        [0, at(n, 0.4)],
        [0, at(n, 0.4)],
        [at(n, 0.2), at(n, 0.8) - at(n, 0.2)],
        [at(n, 0.2), at(n, 0.8) - at(n, 0.2)],
        [at(n, 0.8), n - at(n, 0.8)],
      ],
    ],
  ];

  it.each(splits)('%s: HelloVerifyRequest once complete, then the handshake completes', (_name, split) => {
    const p = makePair();
    p.client.start(0);
    const ch1 = helloOf(p.client.pollTransmit()!);
    const pieces1 = cut(ch1, split(ch1.body.length));
    for (const [i, d] of pieces1.entries()) {
      p.server.handleDatagram(d, 0);
      const out = drain(p.server);
      if (i < pieces1.length - 1) expect(out).toEqual([]);
      else {
        expect(out.length).toBe(1);
        expect(isHelloVerifyRequest(out[0]!)).toBe(true);
        // §4.2.1: the HelloVerifyRequest echoes the record sequence number of the completing record.
        expect(decodeRecord(out[0]!).seq).toBe(100 + i);
        p.client.handleDatagram(out[0]!, 0);
      }
    }
    // The ClientHello with the cookie, fragmented the same way, starts the handshake.
    const ch2 = helloOf(p.client.pollTransmit()!);
    expect(ch2.seq).toBe(1);
    for (const d of cut(ch2, split(ch2.body.length), 200)) p.server.handleDatagram(d, 0);
    const flight4 = drain(p.server);
    expect(flight4.length).toBeGreaterThan(0);
    for (const d of flight4) p.client.handleDatagram(d, 0);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.server.isConnected).toBe(true);
    expect(p.client.isConnected).toBe(true);
  });

  it('a client whose MTU is smaller than its ClientHello connects end to end', () => {
    const p = makePair({ mtu: 100 });
    p.client.start(0);
    const first = p.client.pollTransmit()!;
    // The client really fragments its ClientHello at this MTU.
    const f = decodeFragments(decodeRecord(first).fragment)[0]!;
    expect(f.msgType).toBe(HandshakeType.clientHello);
    expect(f.body.length).toBeLessThan(f.length);
    p.server.handleDatagram(first, 0);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.server.isConnected).toBe(true);
  });

  it('a missing fragment gets no answer and no server state', () => {
    const p = makePair();
    p.client.start(0);
    const ch1 = helloOf(p.client.pollTransmit()!);
    const pieces = cut(ch1, [
      [0, 60],
      [120, ch1.body.length - 120],
    ]);
    for (const d of pieces) p.server.handleDatagram(d, 0);
    expect(drain(p.server)).toEqual([]);
    expect((p.server as unknown as { server: unknown }).server).toBeUndefined();
    expect(p.server.nextDeadline()).toBeUndefined();
  });

  it('oversized or bogus fragments are dropped without state growth', () => {
    const p = makePair();
    const assembler = (p.server as unknown as { helloAssembler: ClientHelloAssembler }).helloAssembler;
    const send = (length: number, seq: number, off: number, n: number, recordSeq: number) =>
      p.server.handleDatagram(
        encodeRecord(
          ContentType.handshake,
          0,
          recordSeq,
          encodeFragment(HandshakeType.clientHello, length, seq, off, new Uint8Array(n)),
        ),
        0,
      );
    const dropped = p.server.stats.droppedRecords;
    send(MAX_FRAGMENTED_CLIENT_HELLO + 1, 0, 0, 100, 1); // larger than any ClientHello kept
    send(0xffffff, 1, 0, 100, 2);
    send(1000, 2, 0, 100, 3); // message_seq beyond the cookie exchange
    expect(assembler.bufferedBytes).toBe(0);
    expect(p.server.stats.droppedRecords).toBe(dropped + 3);

    // A flood of partial ClientHellos of every seq/length keeps at most one in progress.
    let x = 7;
    const rnd = () => (x = (x * 1103515245 + 12345) >>> 0);
    for (let i = 0; i < 3000; i++) {
      const length = 1 + (rnd() % (MAX_FRAGMENTED_CLIENT_HELLO + 2000));
      const off = rnd() % length;
      send(length, rnd() % 3, off, Math.min(length - off, rnd() % 64), 10 + i);
      expect(assembler.bufferedBytes).toBeLessThanOrEqual(2 * MAX_FRAGMENTED_CLIENT_HELLO);
    }
    expect(drain(p.server)).toEqual([]);
    expect((p.server as unknown as { server: unknown }).server).toBeUndefined();
    expect(p.server.nextDeadline()).toBeUndefined();
    expect(p.server.isClosed).toBe(false);

    // A real client still gets through afterwards.
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.server.isConnected).toBe(true);
  });

  it('a fragment of another message_seq or length replaces the one in progress', () => {
    const a = new ClientHelloAssembler();
    const body = new Uint8Array(300).map((_, i) => i & 0xff);
    const frag = (seq: number, length: number, off: number, n: number) => ({
      msgType: HandshakeType.clientHello,
      length,
      messageSeq: seq,
      fragmentOffset: off,
      body: body.subarray(off, off + n),
    });
    expect(a.add(frag(0, 300, 0, 150))).toBe('partial');
    expect(a.add(frag(1, 300, 150, 150))).toBe('partial'); // other seq: starts over
    expect(a.add(frag(1, 299, 0, 150))).toBe('partial'); // other length: starts over
    expect(a.add(frag(1, 300, 0, 150))).toBe('partial');
    const whole = a.add(frag(1, 300, 150, 150));
    expect(whole).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(whole as Uint8Array)).toEqual(Buffer.from(body));
    expect(a.bufferedBytes).toBe(0);
    expect(a.add({ ...frag(0, 300, 0, 10), msgType: HandshakeType.certificate })).toBe('dropped');
  });
});
