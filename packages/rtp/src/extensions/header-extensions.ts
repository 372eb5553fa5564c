import { RtpError } from '../errors.js';
import type { RtpHeaderExtensionBlock } from '../packet/rtp-packet.js';

/** RFC 8285 §4.2: profile value of the one-byte header form. */
export const ONE_BYTE_PROFILE = 0xbede;
/** RFC 8285 §4.3: two-byte form is 0x100 followed by 4 "appbits" (0x1000..0x100F). */
export const TWO_BYTE_PROFILE = 0x1000;

/** One RFC 8285 extension element: local id (negotiated by a=extmap) and its data (a view). */
export interface HeaderExtension {
  id: number;
  data: Uint8Array;
}

export function isOneByteProfile(profile: number): boolean {
  return profile === ONE_BYTE_PROFILE;
}

export function isTwoByteProfile(profile: number): boolean {
  return (profile & 0xfff0) === TWO_BYTE_PROFILE;
}

/**
 * Parses the elements of an RFC 8285 block. Returns [] for profiles that are not RFC 8285 (the raw
 * block stays available on the packet). Element data are views into the block.
 */
export function parseHeaderExtensions(block: RtpHeaderExtensionBlock): HeaderExtension[] {
  const out: HeaderExtension[] = [];
  const { profile, data } = block;
  const len = data.length;
  let i = 0;
  if (profile === ONE_BYTE_PROFILE) {
    while (i < len) {
      const b = data[i]!;
      const id = b >> 4;
      if (id === 0) {
        // RFC 8285 §4.2: a zero byte is padding, skipped.
        i++;
        continue;
      }
      // RFC 8285 §4.2: id 15 is reserved; the parser must stop processing the block.
      if (id === 15) break;
      const n = (b & 0x0f) + 1;
      if (i + 1 + n > len) throw new RtpError('bad-extension', 'one-byte extension element overruns block');
      out.push({ id, data: data.subarray(i + 1, i + 1 + n) });
      i += 1 + n;
    }
  } else if (isTwoByteProfile(profile)) {
    while (i < len) {
      const id = data[i]!;
      if (id === 0) {
        i++;
        continue;
      }
      if (i + 2 > len) throw new RtpError('bad-extension', 'two-byte extension header overruns block');
      const n = data[i + 1]!;
      if (i + 2 + n > len) throw new RtpError('bad-extension', 'two-byte extension element overruns block');
      out.push({ id, data: data.subarray(i + 2, i + 2 + n) });
      i += 2 + n;
    }
  }
  return out;
}

/** Finds one element without allocating an array; undefined if absent or not an RFC 8285 block. */
export function findHeaderExtension(
  block: RtpHeaderExtensionBlock | undefined,
  id: number,
): Uint8Array | undefined {
  if (!block) return undefined;
  const { profile, data } = block;
  const len = data.length;
  let i = 0;
  if (profile === ONE_BYTE_PROFILE) {
    while (i < len) {
      const b = data[i]!;
      const eid = b >> 4;
      if (eid === 0) {
        i++;
        continue;
      }
      if (eid === 15) return undefined;
      const n = (b & 0x0f) + 1;
      if (i + 1 + n > len) throw new RtpError('bad-extension', 'one-byte extension element overruns block');
      if (eid === id) return data.subarray(i + 1, i + 1 + n);
      i += 1 + n;
    }
  } else if (isTwoByteProfile(profile)) {
    while (i < len) {
      const eid = data[i]!;
      if (eid === 0) {
        i++;
        continue;
      }
      if (i + 2 > len) throw new RtpError('bad-extension', 'two-byte extension header overruns block');
      const n = data[i + 1]!;
      if (i + 2 + n > len) throw new RtpError('bad-extension', 'two-byte extension element overruns block');
      if (eid === id) return data.subarray(i + 2, i + 2 + n);
      i += 2 + n;
    }
  }
  return undefined;
}

export type HeaderExtensionForm = 'one-byte' | 'two-byte';

/**
 * Builds an RFC 8285 block. Without `form`, the one-byte form is used when every element fits it
 * (id 1-14, 1-16 bytes), else the two-byte form (which needs a=extmap-allow-mixed or two-byte
 * negotiation, RFC 8285 §4.1.1 / §6). Padded with zero bytes to a 32-bit boundary.
 */
export function encodeHeaderExtensions(
  elements: readonly HeaderExtension[],
  form?: HeaderExtensionForm,
  appBits = 0,
): RtpHeaderExtensionBlock {
  let fitsOne = true;
  for (const e of elements) {
    if (e.id < 1 || e.id > 255 || !Number.isInteger(e.id))
      throw new RtpError('bad-value', 'extension id 1-255');
    if (e.data.length > 255) throw new RtpError('bad-value', 'extension element longer than 255 bytes');
    if (e.id > 14 || e.data.length < 1 || e.data.length > 16) fitsOne = false;
  }
  const chosen = form ?? (fitsOne ? 'one-byte' : 'two-byte');
  if (chosen === 'one-byte' && !fitsOne) {
    throw new RtpError('bad-value', 'element does not fit the one-byte form (id 1-14, 1-16 bytes)');
  }
  const hdr = chosen === 'one-byte' ? 1 : 2;
  let size = 0;
  for (const e of elements) size += hdr + e.data.length;
  const data = new Uint8Array((size + 3) & ~3);
  let o = 0;
  for (const e of elements) {
    if (hdr === 1) {
      data[o++] = (e.id << 4) | (e.data.length - 1);
    } else {
      data[o++] = e.id;
      data[o++] = e.data.length;
    }
    data.set(e.data, o);
    o += e.data.length;
  }
  return { profile: chosen === 'one-byte' ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE | (appBits & 0x0f), data };
}
