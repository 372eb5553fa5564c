/** RFC 8422 §5.1.1 / RFC 7748: named groups for ECDHE. */
export type NamedGroup = 'x25519' | 'secp256r1' | 'secp384r1';

export const GROUP_IDS: Record<NamedGroup, number> = { x25519: 29, secp256r1: 23, secp384r1: 24 };

/** Reverse of a codepoint table, built once: lookups run for every offered group and scheme. */
function byId<T extends string>(ids: Record<T, number>): ReadonlyMap<number, T> {
  return new Map((Object.keys(ids) as T[]).map((name) => [ids[name], name]));
}

const GROUPS_BY_ID = byId(GROUP_IDS);

export function groupById(id: number): NamedGroup | undefined {
  return GROUPS_BY_ID.get(id);
}

/** RFC 5246 §7.4.1.4.1 + RFC 8446 §4.2.3 codepoints (TLS 1.2 uses them as hash|signature pairs). */
export type SignatureScheme =
  | 'ecdsa_secp256r1_sha256'
  | 'ecdsa_secp384r1_sha384'
  | 'rsa_pkcs1_sha256'
  | 'rsa_pkcs1_sha384'
  | 'rsa_pss_rsae_sha256'
  | 'rsa_pss_rsae_sha384';

export const SIGNATURE_SCHEME_IDS: Record<SignatureScheme, number> = {
  ecdsa_secp256r1_sha256: 0x0403,
  ecdsa_secp384r1_sha384: 0x0503,
  rsa_pkcs1_sha256: 0x0401,
  rsa_pkcs1_sha384: 0x0501,
  rsa_pss_rsae_sha256: 0x0804,
  rsa_pss_rsae_sha384: 0x0805,
};

const SCHEMES_BY_ID = byId(SIGNATURE_SCHEME_IDS);

export function schemeById(id: number): SignatureScheme | undefined {
  return SCHEMES_BY_ID.get(id);
}

export function schemeHash(s: SignatureScheme): 'sha256' | 'sha384' {
  return s.endsWith('sha384') ? 'sha384' : 'sha256';
}
