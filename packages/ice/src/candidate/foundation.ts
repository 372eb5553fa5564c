import type { CandidateType } from './types.js';

export interface FoundationInput {
  type: CandidateType;
  /** The base's IP address. */
  baseAddress: string;
  /** The STUN/TURN server's IP for srflx and relay candidates. */
  serverAddress?: string;
  transport: string;
}

/**
 * RFC 8445 §5.1.1.3: candidates share a foundation when they have the same type, base IP address,
 * STUN/TURN server IP and transport. We hash those into a short decimal string (an ice-char token).
 */
export function computeFoundation(input: FoundationInput): string {
  const key = `${input.type}|${input.baseAddress.toLowerCase()}|${input.serverAddress ?? ''}|${input.transport}`;
  // FNV-1a 32-bit: stable across runs, so a restarted agent keeps its foundations.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h >>> 0);
}
