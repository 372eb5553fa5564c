import { ClientHelloDefragmenter } from '../src/transport/client-hello-defragmenter.js';

function record(type: number, epoch: number, seq: number, fragment: Uint8Array): Uint8Array {
  const r = new Uint8Array(13 + fragment.length);
  r[0] = type;
  r[1] = 0xfe;
  r[2] = 0xff;
  r[4] = epoch;
  r[10] = seq;
  r[11] = fragment.length >> 8;
  r[12] = fragment.length & 0xff;
  r.set(fragment, 13);
  return r;
}

function handshakeFragment(
  msgType: number,
  seq: number,
  body: Uint8Array,
  offset: number,
  len: number,
): Uint8Array {
  const total = body.length;
  const f = new Uint8Array(12 + len);
  f[0] = msgType;
  f[1] = total >> 16;
  f[2] = (total >> 8) & 0xff;
  f[3] = total & 0xff;
  f[5] = seq;
  f[6] = offset >> 16;
  f[7] = (offset >> 8) & 0xff;
  f[8] = offset & 0xff;
  f[9] = len >> 16;
  f[10] = (len >> 8) & 0xff;
  f[11] = len & 0xff;
  f.set(body.subarray(offset, offset + len), 12);
  return f;
}

describe('ClientHello defragmenter (RFC 6347 §4.2.3)', () => {
  const body = Uint8Array.from({ length: 1413 }, (_, i) => i & 0xff);

  test('joins a two-fragment ClientHello into one record with the last record header', () => {
    const d = new ClientHelloDefragmenter();
    const first = record(22, 0, 1, handshakeFragment(1, 0, body, 0, 1000));
    const second = record(22, 0, 2, handshakeFragment(1, 0, body, 1000, 413));
    expect(d.process(first)).toBeUndefined();
    const whole = d.process(second)!;
    expect(whole.length).toBe(13 + 12 + 1413);
    expect(whole[10]).toBe(2);
    expect(whole.subarray(13, 25)).toEqual(handshakeFragment(1, 0, body, 0, 1413).subarray(0, 12));
    expect(whole.subarray(25)).toEqual(body);
  });

  test('fragments out of order and duplicated still join once', () => {
    const d = new ClientHelloDefragmenter();
    const a = record(22, 0, 1, handshakeFragment(1, 1, body, 700, 713));
    const b = record(22, 0, 2, handshakeFragment(1, 1, body, 0, 700));
    expect(d.process(a)).toBeUndefined();
    expect(d.process(a)).toBeUndefined();
    expect(d.process(b)!.subarray(25)).toEqual(body);
  });

  test('whole ClientHellos, other records and other epochs pass through unchanged', () => {
    const d = new ClientHelloDefragmenter();
    const whole = record(22, 0, 1, handshakeFragment(1, 0, body.subarray(0, 200), 0, 200));
    expect(d.process(whole)).toBe(whole);
    const app = record(23, 1, 5, new Uint8Array(40));
    expect(d.process(app)).toBe(app);
    const finished = record(22, 1, 5, new Uint8Array(60));
    expect(d.process(finished)).toBe(finished);
  });

  test('hostile lengths are dropped, not buffered', () => {
    const d = new ClientHelloDefragmenter();
    const huge = handshakeFragment(1, 0, new Uint8Array(100), 0, 50);
    huge[1] = 0x10; // claims a 1 MiB message
    expect(d.process(record(22, 0, 1, huge))).toBeUndefined();
    const beyond = handshakeFragment(1, 0, body, 1400, 13);
    beyond[8] = 0xff; // offset past the end
    expect(d.process(record(22, 0, 1, beyond))).toBeUndefined();
  });
});
