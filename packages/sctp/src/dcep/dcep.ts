import { SctpError } from '../errors.js';
import { read16, read32, write16, write32 } from '../packet/bytes.js';

/** DCEP message types (RFC 8832 §8.2.1). */
export const DcepType = { ACK: 0x02, OPEN: 0x03 } as const;

/** Channel types (RFC 8832 §5.1): bit 7 = unordered, low bits = reliability policy. */
export const ChannelType = {
  RELIABLE: 0x00,
  RELIABLE_UNORDERED: 0x80,
  PARTIAL_RELIABLE_REXMIT: 0x01,
  PARTIAL_RELIABLE_REXMIT_UNORDERED: 0x81,
  PARTIAL_RELIABLE_TIMED: 0x02,
  PARTIAL_RELIABLE_TIMED_UNORDERED: 0x82,
} as const;

/** PPIDs (RFC 8831 §8, RFC 8832 §8.1). */
export const Ppid = {
  DCEP: 50,
  STRING: 51,
  BINARY_PARTIAL: 52,
  BINARY: 53,
  STRING_PARTIAL: 54,
  STRING_EMPTY: 56,
  BINARY_EMPTY: 57,
} as const;

export interface DataChannelOpen {
  type: typeof DcepType.OPEN;
  channelType: number;
  priority: number;
  reliabilityParameter: number;
  label: string;
  protocol: string;
}

export interface DataChannelAck {
  type: typeof DcepType.ACK;
}

export type DcepMessage = DataChannelOpen | DataChannelAck;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const enc = new TextEncoder();

/** Decode a DCEP message (RFC 8832 §5). Throws SctpError('invalid-dcep') on anything malformed. */
export function decodeDcep(b: Uint8Array): DcepMessage {
  if (b.length < 1) throw new SctpError('invalid-dcep', 'empty DCEP message');
  // pion sends a 4-byte ACK: accept trailing bytes after the type octet.
  if (b[0] === DcepType.ACK) return { type: DcepType.ACK };
  if (b[0] !== DcepType.OPEN) throw new SctpError('invalid-dcep', `unknown DCEP message type ${b[0]}`);
  if (b.length < 12) throw new SctpError('invalid-dcep', 'DATA_CHANNEL_OPEN shorter than 12 bytes');
  const channelType = b[1]!;
  if (![0x00, 0x80, 0x01, 0x81, 0x02, 0x82].includes(channelType))
    throw new SctpError('invalid-dcep', `unknown channel type ${channelType}`);
  const labelLen = read16(b, 8);
  const protoLen = read16(b, 10);
  if (12 + labelLen + protoLen > b.length)
    throw new SctpError('invalid-dcep', 'label/protocol past message end');
  let label: string;
  let protocol: string;
  try {
    label = utf8.decode(b.subarray(12, 12 + labelLen));
    protocol = utf8.decode(b.subarray(12 + labelLen, 12 + labelLen + protoLen));
  } catch {
    throw new SctpError('invalid-dcep', 'label or protocol is not UTF-8');
  }
  return {
    type: DcepType.OPEN,
    channelType,
    priority: read16(b, 2),
    reliabilityParameter: read32(b, 4),
    label,
    protocol,
  };
}

export function encodeDcep(m: DcepMessage): Uint8Array {
  if (m.type === DcepType.ACK) return Uint8Array.of(DcepType.ACK);
  const label = enc.encode(m.label);
  const protocol = enc.encode(m.protocol);
  if (label.length > 0xffff || protocol.length > 0xffff)
    throw new SctpError('invalid-argument', 'label or protocol longer than 65535 bytes');
  const b = new Uint8Array(12 + label.length + protocol.length);
  b[0] = DcepType.OPEN;
  b[1] = m.channelType;
  write16(b, 2, m.priority);
  write32(b, 4, m.reliabilityParameter);
  write16(b, 8, label.length);
  write16(b, 10, protocol.length);
  b.set(label, 12);
  b.set(protocol, 12 + label.length);
  return b;
}
