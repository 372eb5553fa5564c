import { deriveKey, deriveSessionKeys, KDF_LABEL, SRTP_PROFILES } from '../src/index.js';
import { BACKENDS, hex, loadVectors, unhex } from './helpers.js';

const v = loadVectors('srtp-rfc3711-appendix-b.json');

describe.each(BACKENDS)('RFC 3711 Appendix B on %s', (_name, backend) => {
  test('B.2 AES-CM keystream: counter blocks from the salt, incl. blocks 0xfeff..0xff01', () => {
    const cm = v.aes_cm_keystream;
    const aes = backend.aesCtr(unhex(cm.session_key_hex));
    for (const block of cm.blocks) {
      const out = new Uint8Array(16);
      aes.xor(unhex(block.counter_hex), out, out);
      expect(hex(out)).toBe(block.keystream_hex.toLowerCase());
    }
  });

  test('B.2 whole 1044512-octet segment from one counter: first and 65282nd blocks', () => {
    const cm = v.aes_cm_keystream;
    const aes = backend.aesCtr(unhex(cm.session_key_hex));
    const segment = new Uint8Array(cm.keystream_segment_length_octets);
    aes.xor(unhex(cm.offset_hex), segment, segment);
    expect(hex(segment.subarray(0, 16))).toBe(cm.blocks[0].keystream_hex.toLowerCase());
    expect(hex(segment.subarray(segment.length - 16))).toBe(cm.blocks.at(-1).keystream_hex.toLowerCase());
  });

  test('B.3 key derivation: cipher key, salt, 94-octet auth key', () => {
    const kd = v.key_derivation;
    const master = { key: unhex(kd.master_key_hex), salt: unhex(kd.master_salt_hex) };
    expect(hex(deriveKey(backend, master, KDF_LABEL.rtpEncryption, 16))).toBe(
      kd.cipher_key.output_hex.toLowerCase(),
    );
    expect(hex(deriveKey(backend, master, KDF_LABEL.rtpSalt, 14))).toBe(
      kd.cipher_salt.output_hex.toLowerCase(),
    );
    expect(hex(deriveKey(backend, master, KDF_LABEL.rtpAuthentication, 94))).toBe(
      kd.auth_key.output_94_octets_hex.toLowerCase(),
    );
    const keys = deriveSessionKeys(backend, SRTP_PROFILES.SRTP_AES128_CM_HMAC_SHA1_80, master);
    expect(hex(keys.rtpEncryptionKey)).toBe(kd.cipher_key.output_hex.toLowerCase());
    expect(hex(keys.rtpAuthenticationKey)).toBe(kd.auth_key.output_first_20_octets_hex.toLowerCase());
    expect(hex(keys.rtpSalt)).toBe(kd.cipher_salt.output_hex.toLowerCase());
  });
});
