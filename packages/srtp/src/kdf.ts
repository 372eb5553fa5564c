import type { CryptoBackend } from './crypto/backend.js';
import { SrtpError } from './errors.js';
import type { SrtpProfile } from './profiles.js';

/** A master key and master salt, as negotiated (DTLS-SRTP exporter, SDES, or static). */
export interface MasterKey {
  readonly key: Uint8Array;
  readonly salt: Uint8Array;
}

/** The six session keys of one direction (RFC 3711 §4.3.2 labels 0x00..0x05). */
export interface SessionKeys {
  readonly rtpEncryptionKey: Uint8Array;
  /** Empty for AEAD profiles (RFC 7714 §11: no separate authentication key). */
  readonly rtpAuthenticationKey: Uint8Array;
  readonly rtpSalt: Uint8Array;
  readonly rtcpEncryptionKey: Uint8Array;
  readonly rtcpAuthenticationKey: Uint8Array;
  readonly rtcpSalt: Uint8Array;
}

/** RFC 3711 §4.3.2 key derivation labels. */
export const KDF_LABEL = Object.freeze({
  rtpEncryption: 0x00,
  rtpAuthentication: 0x01,
  rtpSalt: 0x02,
  rtcpEncryption: 0x03,
  rtcpAuthentication: 0x04,
  rtcpSalt: 0x05,
});

/** The KDF always works on a 112-bit salt (RFC 3711 §4.3.1). */
const KDF_SALT_LENGTH = 14;

/**
 * The AES-CM PRF of RFC 3711 §4.3.3 with key_derivation_rate 0, so r = index DIV kdr = 0 and
 * the session keys never change (the only rate WebRTC uses). With a 24/32-octet master key this
 * is the AES_192_CM_PRF / AES_256_CM_PRF of RFC 6188 §3, which AEAD_AES_256_GCM also uses
 * (RFC 7714 §11).
 *
 * AEAD profiles have a 96-bit master salt; like libsrtp (the reference implementation that
 * every deployed peer interoperates with) it is right-padded with two zero octets to 112 bits.
 */
export function deriveKey(
  backend: CryptoBackend,
  master: MasterKey,
  label: number,
  length: number,
): Uint8Array {
  // x = key_id XOR master_salt, key_id = label || r (56 bits) aligned to the salt's low end;
  // the counter block is x * 2^16 (RFC 3711 §4.3.1, §4.3.3).
  const iv = new Uint8Array(16);
  iv.set(master.salt.subarray(0, KDF_SALT_LENGTH));
  iv[KDF_SALT_LENGTH - 7] = (iv[KDF_SALT_LENGTH - 7] as number) ^ label;
  const out = new Uint8Array(length);
  backend.aesCtr(master.key).xor(iv, out, out);
  return out;
}

export function checkMasterKey(profile: SrtpProfile, master: MasterKey, what: string): void {
  if (master.key.length !== profile.keyLength) {
    throw new SrtpError(
      'invalid-key',
      `${what} master key is ${master.key.length} octets; ${profile.name} needs ${profile.keyLength}`,
    );
  }
  if (master.salt.length !== profile.saltLength) {
    throw new SrtpError(
      'invalid-key',
      `${what} master salt is ${master.salt.length} octets; ${profile.name} needs ${profile.saltLength}`,
    );
  }
}

/** Derive the session keys of one direction from its master key and salt. */
export function deriveSessionKeys(
  backend: CryptoBackend,
  profile: SrtpProfile,
  master: MasterKey,
): SessionKeys {
  checkMasterKey(profile, master, 'the');
  const k = profile.keyLength;
  const a = profile.authKeyLength;
  const s = profile.saltLength;
  return {
    rtpEncryptionKey: deriveKey(backend, master, KDF_LABEL.rtpEncryption, k),
    rtpAuthenticationKey: deriveKey(backend, master, KDF_LABEL.rtpAuthentication, a),
    rtpSalt: deriveKey(backend, master, KDF_LABEL.rtpSalt, s),
    rtcpEncryptionKey: deriveKey(backend, master, KDF_LABEL.rtcpEncryption, k),
    rtcpAuthenticationKey: deriveKey(backend, master, KDF_LABEL.rtcpAuthentication, a),
    rtcpSalt: deriveKey(backend, master, KDF_LABEL.rtcpSalt, s),
  };
}
