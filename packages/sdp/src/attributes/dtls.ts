// RFC 8122 §5: a=fingerprint:<hash-func> <fingerprint>, a=setup:<role>.
// The fingerprint bytes belong to @rtc/dtls: here the value stays a string.
import { checkToken, splitTokens } from '../grammar.js';

export interface Fingerprint {
  /** Hash function token as written, e.g. 'sha-256'. */
  algorithm: string;
  /** Colon-separated upper-case hex as written, e.g. '6B:8B:...'. */
  value: string;
}

export function parseFingerprint(value: string): Fingerprint | undefined {
  const t = splitTokens(value);
  if (t.length !== 2) return undefined;
  return { algorithm: t[0]!, value: t[1]! };
}

export function formatFingerprint(f: Fingerprint): string {
  return `${checkToken(f.algorithm, 'fingerprint algorithm')} ${checkToken(f.value, 'fingerprint value')}`;
}

/** RFC 4145 §4 / RFC 8842 §5: DTLS role negotiation. */
export type Setup = 'active' | 'passive' | 'actpass' | 'holdconn';

export function parseSetup(value: string): Setup | undefined {
  const v = value.trim();
  return v === 'active' || v === 'passive' || v === 'actpass' || v === 'holdconn' ? v : undefined;
}
