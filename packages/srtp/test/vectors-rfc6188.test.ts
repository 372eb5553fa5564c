import { deriveSessionKeys, SRTP_PROFILES } from '../src/index.js';
import { BACKENDS, hex, loadVectors, unhex } from './helpers.js';

const v = loadVectors('srtp-rfc6188-section7.json');

describe.each(BACKENDS)('RFC 6188 section 7 on %s', (_name, backend) => {
  test.each([
    ['7.1 AES-256-CM', 'aes_256_cm_keystream'],
    ['7.3 AES-192-CM', 'aes_192_cm_keystream'],
  ])('%s keystream: first and last 48 octets of the 65282-block segment', (_title, field) => {
    const ks = v[field];
    const aes = backend.aesCtr(unhex(ks.session_key_hex));
    const segment = new Uint8Array(ks.keystream_segment_length_blocks * 16);
    aes.xor(unhex(ks.initial_counter_hex), segment, segment);
    expect(hex(segment.subarray(0, 48))).toBe(ks.first_48_octets_hex);
    expect(hex(segment.subarray(segment.length - 48))).toBe(ks.last_48_octets_hex);
  });

  test.each([
    ['7.2 AES_256_CM_PRF', 'aes_256_cm_prf', SRTP_PROFILES.SRTP_AES256_CM_HMAC_SHA1_80],
    ['7.4 AES_192_CM_PRF', 'aes_192_cm_prf', SRTP_PROFILES.SRTP_AES192_CM_HMAC_SHA1_80],
  ])('%s key derivation', (_title, field, profile) => {
    const prf = v[field];
    const keys = deriveSessionKeys(backend, profile, {
      key: unhex(prf.master_key_hex),
      salt: unhex(prf.master_salt_hex),
    });
    expect(hex(keys.rtpEncryptionKey)).toBe(prf.cipher_key_hex);
    expect(hex(keys.rtpSalt)).toBe(prf.cipher_salt_hex);
    expect(hex(keys.rtpAuthenticationKey)).toBe(prf.auth_key_first_20_octets_hex);
  });
});
