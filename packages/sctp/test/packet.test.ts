import {
  type Chunk,
  ChunkType,
  decodePacket,
  encodePacket,
  type Packet,
  ParamType,
  SctpError,
} from '../src/index.js';
import { hex, toHex, vectors } from './helpers.js';

const v = vectors('sctp-packets-aiortc.json');
const byId = (id: string) => hex(v.vectors.find((x: { id: string }) => x.id === id).packet_hex);
const ascii = (b: Uint8Array) => Buffer.from(b).toString('latin1');

function one(id: string): Chunk {
  const p = decodePacket(byId(id));
  expect(p.chunks).toHaveLength(1);
  return p.chunks[0]!;
}

function reencode(p: Packet): Uint8Array {
  return encodePacket(p, p.chunks);
}

describe('packet codec against aiortc fixtures', () => {
  it('INIT with extension and AUTH parameters', () => {
    const p = decodePacket(byId('aiortc-sctp_init'));
    expect(p.srcPort).toBe(5000);
    expect(p.dstPort).toBe(5000);
    expect(p.verificationTag).toBe(0);
    const c = p.chunks[0]!;
    if (c.type !== ChunkType.INIT) throw new Error('not INIT');
    expect(c.params.map((x) => x.type)).toEqual([
      ParamType.FORWARD_TSN_SUPPORTED,
      ParamType.SUPPORTED_EXTENSIONS,
      ParamType.RANDOM,
      ParamType.REQUESTED_HMAC,
      ParamType.CHUNK_LIST,
    ]);
    expect(toHex(c.params[1]!.value)).toBe('c00fc18082');
    expect(toHex(reencode(p))).toBe(toHex(byId('aiortc-sctp_init')));
  });

  it('COOKIE-ECHO, ABORT, ERROR, DATA, padding', () => {
    const ce = one('aiortc-sctp_cookie_echo');
    expect(ce.type === ChunkType.COOKIE_ECHO && ascii(ce.cookie)).toBe('12345678');
    const ab = one('aiortc-sctp_abort');
    if (ab.type !== ChunkType.ABORT) throw new Error();
    expect(ab.causes[0]!.code).toBe(13);
    expect(ascii(ab.causes[0]!.info)).toBe('Expected B-bit for TSN=4ce1f17f, SID=0001, SSN=0000');
    const er = one('aiortc-sctp_error');
    if (er.type !== ChunkType.ERROR) throw new Error();
    expect(er.causes).toHaveLength(1);
    expect(toHex(er.causes[0]!.info)).toBe('30390000');
    for (const id of ['aiortc-sctp_data', 'aiortc-sctp_data_padding']) {
      const d = one(id);
      if (d.type !== ChunkType.DATA) throw new Error();
      expect(d.flags).toBe(3);
      expect(d.tsn).toBe(2584679421);
      expect(d.streamId).toBe(1);
      expect(d.ssn).toBe(1);
      expect(d.ppid).toBe(51);
    }
    const d = one('aiortc-sctp_data');
    expect(d.type === ChunkType.DATA && ascii(d.userData)).toBe('ping');
  });

  it('re-encodes every well-formed fixture byte for byte', () => {
    for (const id of [
      'aiortc-sctp_cookie_echo',
      'aiortc-sctp_abort',
      'aiortc-sctp_data',
      'aiortc-sctp_data_padding',
      'aiortc-sctp_error',
      'aiortc-sctp_forward_tsn',
      'aiortc-sctp_heartbeat',
      'aiortc-sctp_reconfig_reset_out',
      'aiortc-sctp_reconfig_add_out',
      'aiortc-sctp_reconfig_response',
      'aiortc-sctp_sack',
      'aiortc-sctp_shutdown',
      'aiortc-sctp_shutdown_ack',
    ]) {
      const bytes = byId(id);
      const p = decodePacket(bytes);
      const again = reencode(p);
      expect(decodePacket(again)).toEqual(
        p.chunks.length ? { ...p, checksum: decodePacket(again).checksum } : p,
      );
      expect(toHex(again)).toBe(toHex(bytes));
    }
  });

  it('SACK gaps and duplicates, FORWARD-TSN, SHUTDOWN, HEARTBEAT', () => {
    const s = one('aiortc-sctp_sack');
    if (s.type !== ChunkType.SACK) throw new Error();
    expect(s.cumulativeTsnAck).toBe(2222939037);
    expect(s.advertisedRwnd).toBe(128160);
    expect(s.gapBlocks).toEqual([2, 2, 4, 4]);
    expect(s.duplicateTsns).toEqual([2222939041]);
    const f = one('aiortc-sctp_forward_tsn');
    expect(f.type === ChunkType.FORWARD_TSN && [f.newCumulativeTsn, f.streams]).toEqual([1234, [12, 34]]);
    const sh = one('aiortc-sctp_shutdown');
    expect(sh.type === ChunkType.SHUTDOWN && sh.cumulativeTsnAck).toBe(2696426712);
    const hb = one('aiortc-sctp_heartbeat');
    expect(hb.type === ChunkType.HEARTBEAT && toHex(hb.info)).toBe(
      'b56faa5a765a060000000000000000007b1000000034eb07461000000000000000000000',
    );
  });

  it('RE-CONFIG parameters', () => {
    const r1 = one('aiortc-sctp_reconfig_reset_out');
    expect(r1.type === ChunkType.RE_CONFIG && r1.params).toEqual([
      { type: 13, requestSeq: 2346191451, responseSeq: 3834375283, lastTsn: 2346191454, streams: [1] },
    ]);
    const r2 = one('aiortc-sctp_reconfig_add_out');
    expect(r2.type === ChunkType.RE_CONFIG && r2.params).toEqual([
      { type: 17, requestSeq: 3389191728, newStreams: 16 },
    ]);
    const r3 = one('aiortc-sctp_reconfig_response');
    expect(r3.type === ChunkType.RE_CONFIG && r3.params).toEqual([
      { type: 16, responseSeq: 2438143828, result: 1 },
    ]);
  });

  it('rejects malformed chunks and bad checksums with SctpError', () => {
    const codeOf = (b: Uint8Array) => {
      try {
        decodePacket(b);
      } catch (e) {
        expect(e).toBeInstanceOf(SctpError);
        return (e as SctpError).code;
      }
      return 'ok';
    };
    expect(codeOf(byId('aiortc-sctp_data_truncated'))).toBe('bad-length');
    expect(codeOf(byId('aiortc-sctp_data_zero_length'))).toBe('bad-length');
    const bad = byId('aiortc-sctp_init');
    bad.set([1, 2, 3, 4], 8);
    expect(codeOf(bad)).toBe('bad-checksum');
    // chunk length past the packet end
    const data = byId('aiortc-sctp_data');
    data[15] = 0x40;
    expect(codeOf(encodeFix(data))).toBe('bad-length');
    expect(codeOf(new Uint8Array(5))).toBe('truncated');
  });

  it('accepts a zero checksum only when told to (RFC 9653)', () => {
    const d = byId('aiortc-sctp_data');
    d.fill(0, 8, 12);
    expect(() => decodePacket(d)).toThrow(SctpError);
    expect(decodePacket(d, { acceptZeroChecksum: true }).chunks).toHaveLength(1);
  });
});

/** Recompute the checksum of a hand-edited packet so that only the edited field is wrong. */
function encodeFix(b: Uint8Array): Uint8Array {
  return encodeFixChecksum(b);
}

import { sctpChecksum } from '../src/index.js';

function encodeFixChecksum(b: Uint8Array): Uint8Array {
  const c = sctpChecksum(b);
  Buffer.from(b.buffer, b.byteOffset, b.length).writeUInt32LE(c, 8);
  return b;
}
