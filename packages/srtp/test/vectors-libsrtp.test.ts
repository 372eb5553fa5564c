import { type SrtpProfileName, SrtpSession } from '../src/index.js';
import { hex, loadVectors, PATHS, unhex } from './helpers.js';

const file = loadVectors('srtp-libsrtp-known-answers.json');

const PROFILE: Record<string, SrtpProfileName> = {
  'libsrtp-srtp_validate': 'SRTP_AES128_CM_HMAC_SHA1_80',
  'libsrtp-srtp_validate_null_sha1_80': 'SRTP_NULL_HMAC_SHA1_80',
  'libsrtp-srtp_validate_gcm': 'SRTP_AEAD_AES_128_GCM',
  'libsrtp-srtp_validate_aes_192': 'SRTP_AES192_CM_HMAC_SHA1_80',
  'libsrtp-srtp_validate_aes_256': 'SRTP_AES256_CM_HMAC_SHA1_80',
};

// biome-ignore lint/suspicious/noExplicitAny: vector files are untyped JSON
const cases: Array<[string, any]> = file.vectors.map((v: { id: string }) => [v.id, v]);

describe.each(PATHS)(
  'libsrtp known answers (whole packets, from master key) on %s',
  (_name, backend, gcm) => {
    test.each(cases)('%s', (id, v) => {
      const master = { key: unhex(v.master_key_hex), salt: unhex(v.master_salt_hex) };
      const profile = PROFILE[id] as SrtpProfileName;
      const sender = new SrtpSession({
        profile,
        keys: { local: master, remote: master },
        crypto: backend,
        gcm,
      });
      const receiver = new SrtpSession({
        profile,
        keys: { local: master, remote: master },
        crypto: backend,
        gcm,
      });

      const srtp = sender.protectRtp(unhex(v.rtp_plaintext_hex));
      expect(hex(srtp)).toBe(v.srtp_protected_hex);
      const rtp = receiver.unprotectRtp(unhex(v.srtp_protected_hex));
      expect(rtp.ok && hex(rtp.packet)).toBe(v.rtp_plaintext_hex);

      if (v.rtcp_plaintext_hex !== undefined) {
        // The vectors carry SRTCP index 1; our index starts at 0 (RFC 3711 §3.4), so the second packet.
        expect(v.srtcp_index).toBe(1);
        sender.protectRtcp(unhex(v.rtcp_plaintext_hex));
        const srtcp = sender.protectRtcp(unhex(v.rtcp_plaintext_hex));
        expect(hex(srtcp)).toBe(v.srtcp_protected_hex);
        const rtcp = receiver.unprotectRtcp(unhex(v.srtcp_protected_hex));
        expect(rtcp.ok && hex(rtcp.packet)).toBe(v.rtcp_plaintext_hex);
      }
    });
  },
);
