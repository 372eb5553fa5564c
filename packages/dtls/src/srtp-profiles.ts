/** RFC 5764 §4.1.2 and RFC 7714 §14.2 DTLS-SRTP protection profiles. */
export type SrtpProfile =
  | 'SRTP_AES128_CM_HMAC_SHA1_80'
  | 'SRTP_AES128_CM_HMAC_SHA1_32'
  | 'SRTP_AEAD_AES_128_GCM'
  | 'SRTP_AEAD_AES_256_GCM';

export const SRTP_PROFILE_IDS: Record<SrtpProfile, number> = {
  SRTP_AES128_CM_HMAC_SHA1_80: 0x0001,
  SRTP_AES128_CM_HMAC_SHA1_32: 0x0002,
  SRTP_AEAD_AES_128_GCM: 0x0007,
  SRTP_AEAD_AES_256_GCM: 0x0008,
};

/** Keying material each profile needs from the exporter: 2 * (key + salt) (RFC 5764 §4.2). */
export const SRTP_KEYING_MATERIAL_LENGTH: Record<SrtpProfile, number> = {
  SRTP_AES128_CM_HMAC_SHA1_80: 60,
  SRTP_AES128_CM_HMAC_SHA1_32: 60,
  SRTP_AEAD_AES_128_GCM: 56,
  SRTP_AEAD_AES_256_GCM: 88,
};

export const DEFAULT_SRTP_PROFILES: readonly SrtpProfile[] = [
  'SRTP_AEAD_AES_128_GCM',
  'SRTP_AEAD_AES_256_GCM',
  'SRTP_AES128_CM_HMAC_SHA1_80',
  'SRTP_AES128_CM_HMAC_SHA1_32',
];

export function srtpProfileById(id: number): SrtpProfile | undefined {
  for (const [name, pid] of Object.entries(SRTP_PROFILE_IDS)) if (pid === id) return name as SrtpProfile;
  return undefined;
}
