import { SrtpError } from './errors.js';
import type { MasterKey } from './kdf.js';
import { resolveProfile, type SrtpProfile, type SrtpProfileName } from './profiles.js';

/** RFC 5764 §4.2: the TLS exporter label for DTLS-SRTP keying material (no context value). */
export const DTLS_SRTP_EXPORTER_LABEL = 'EXTRACTOR-dtls_srtp';

/** Which side of the DTLS handshake we are: decides which half of the keying material we send with. */
export type DtlsRole = 'client' | 'server';

export interface SrtpKeys {
  /** Our write key: protects what we send. */
  readonly local: MasterKey;
  /** The peer's write key: unprotects what we receive. */
  readonly remote: MasterKey;
}

/**
 * Octets to ask the DTLS exporter for: 2 * (key + salt), e.g. 60 for AES128_CM_HMAC_SHA1_80,
 * 56 for AEAD_AES_128_GCM, 88 for AEAD_AES_256_GCM (RFC 5764 §4.2, RFC 7714 §12).
 */
export function exporterLength(profile: SrtpProfileName | SrtpProfile): number {
  const p = mustResolve(profile);
  return 2 * (p.keyLength + p.saltLength);
}

/**
 * Split the DTLS exporter output into the two master keys (RFC 5764 §4.2):
 * client_write_key | server_write_key | client_write_salt | server_write_salt.
 * The DTLS client protects with the client_write pair and the server with the server_write pair.
 */
export function srtpKeysFromExporter(
  material: Uint8Array,
  profile: SrtpProfileName | SrtpProfile,
  role: DtlsRole,
): SrtpKeys {
  const p = mustResolve(profile);
  const k = p.keyLength;
  const s = p.saltLength;
  if (material.length !== 2 * (k + s)) {
    throw new SrtpError(
      'invalid-key',
      `${p.name} needs ${2 * (k + s)} octets of keying material, got ${material.length}`,
    );
  }
  const client: MasterKey = { key: material.slice(0, k), salt: material.slice(2 * k, 2 * k + s) };
  const server: MasterKey = { key: material.slice(k, 2 * k), salt: material.slice(2 * k + s, 2 * (k + s)) };
  return role === 'client' ? { local: client, remote: server } : { local: server, remote: client };
}

function mustResolve(profile: SrtpProfileName | SrtpProfile): SrtpProfile {
  const p = resolveProfile(profile);
  if (p === undefined) throw new SrtpError('invalid-config', `unknown SRTP profile ${String(profile)}`);
  return p;
}
