import { RtpError } from '../errors.js';

// draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: 16-bit transport-wide sequence number.

export function decodeTransportSequenceNumber(data: Uint8Array): number {
  if (data.length < 2) throw new RtpError('bad-extension', 'transport-cc sequence number must be 2 bytes');
  return (data[0]! << 8) | data[1]!;
}

export function encodeTransportSequenceNumber(seq: number): Uint8Array {
  return new Uint8Array([(seq >>> 8) & 0xff, seq & 0xff]);
}
