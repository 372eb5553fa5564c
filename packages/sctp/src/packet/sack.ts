import { SctpError } from '../errors.js';
import { read16, read32, write16, write32 } from './bytes.js';
import { ChunkType } from './chunk-type.js';

/** SACK (RFC 9260 §3.3.4). Gap blocks are offsets from the cumulative TSN ack, flattened: [s0, e0, s1, e1...]. */
export interface SackChunk {
  type: typeof ChunkType.SACK;
  flags: number;
  cumulativeTsnAck: number;
  advertisedRwnd: number;
  gapBlocks: number[];
  duplicateTsns: number[];
}

export function decodeSack(b: Uint8Array, off: number, len: number, flags: number): SackChunk {
  if (len < 16) throw new SctpError('bad-length', `SACK chunk length ${len} < 16`);
  const nGaps = read16(b, off + 12);
  const nDups = read16(b, off + 14);
  if (16 + nGaps * 4 + nDups * 4 > len)
    throw new SctpError('bad-length', 'SACK gap/dup counts exceed length');
  const gapBlocks = new Array<number>(nGaps * 2);
  let p = off + 16;
  for (let i = 0; i < nGaps * 2; i++, p += 2) gapBlocks[i] = read16(b, p);
  const duplicateTsns = new Array<number>(nDups);
  for (let i = 0; i < nDups; i++, p += 4) duplicateTsns[i] = read32(b, p);
  return {
    type: ChunkType.SACK,
    flags,
    cumulativeTsnAck: read32(b, off + 4),
    advertisedRwnd: read32(b, off + 8),
    gapBlocks,
    duplicateTsns,
  };
}

export function sackSize(c: SackChunk): number {
  return 16 + c.gapBlocks.length * 2 + c.duplicateTsns.length * 4;
}

export function encodeSack(c: SackChunk, out: Uint8Array, off: number): number {
  write32(out, off + 4, c.cumulativeTsnAck);
  write32(out, off + 8, c.advertisedRwnd);
  write16(out, off + 12, c.gapBlocks.length >> 1);
  write16(out, off + 14, c.duplicateTsns.length);
  let p = off + 16;
  for (const g of c.gapBlocks) {
    write16(out, p, g);
    p += 2;
  }
  for (const d of c.duplicateTsns) {
    write32(out, p, d);
    p += 4;
  }
  return p;
}
