import { decodeDcep, decodePacket, encodeDcep, SctpError } from '../src/index.js';
import { hex, toHex, vectors } from './helpers.js';

const v = vectors('dcep-rfc8832-constructed.json');

describe('DCEP (RFC 8832) constructed vectors', () => {
  it('decodes and re-encodes every DATA_CHANNEL_OPEN and the ACK', () => {
    for (const m of v.messages) {
      const d = decodeDcep(hex(m.hex));
      if (m.id === 'ack') {
        expect(d).toEqual({ type: 2 });
      } else {
        expect(d).toEqual({
          type: 3,
          channelType: Number.parseInt(m.channel_type, 16),
          priority: m.priority,
          reliabilityParameter: m.reliability_parameter,
          label: m.label,
          protocol: m.protocol,
        });
      }
      expect(toHex(encodeDcep(d))).toBe(m.hex);
    }
  });

  it('accepts pion-style 4-byte ACKs and rejects malformed OPENs', () => {
    expect(decodeDcep(hex('02000000'))).toEqual({ type: 2 });
    expect(() => decodeDcep(hex('0300010000000000000a0000616263'))).toThrow(SctpError); // label past end
    expect(() => decodeDcep(hex('03050100000000000000000000'))).toThrow(SctpError); // unknown channel type
    expect(() => decodeDcep(hex('030001000000000000020000c328'))).toThrow(SctpError); // bad UTF-8
    expect(() => decodeDcep(new Uint8Array(0))).toThrow(SctpError);
  });

  it('parses the SCTP packets carrying DCEP and strings (PPIDs 50, 51, 56)', () => {
    const ppids = v.sctp_packets.map((p: { hex: string }) => {
      const c = decodePacket(hex(p.hex)).chunks[0]!;
      if (c.type !== 0) throw new Error('not DATA');
      return c.ppid;
    });
    expect(ppids).toEqual([50, 50, 56, 51]);
    const empty = decodePacket(hex(v.sctp_packets[2].hex)).chunks[0]!;
    expect(empty.type === 0 && [...empty.userData]).toEqual([0]);
  });
});
