import {
  deriveSessionKeys,
  exporterLength,
  SRTP_PROFILES,
  SrtpError,
  type SrtpProfileName,
  SrtpSession,
  srtpKeysFromExporter,
} from '../src/index.js';
import { hex, loadVectors, nodeCryptoBackend, rtcpPacket, rtpPacket, unhex } from './helpers.js';

const v = loadVectors('dtls-srtp-exporter-constructed.json');
const exporter = v.steps.exporter_dtls_srtp;

const CASES: Array<[SrtpProfileName, string, string]> = [
  ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AES128_CM_HMAC_SHA1_80 (0x0001, key 16, salt 14, L=60)', 'L60_hex'],
  ['SRTP_AEAD_AES_128_GCM', 'SRTP_AEAD_AES_128_GCM (0x0007, key 16, salt 12, L=56)', 'L56_hex'],
  ['SRTP_AEAD_AES_256_GCM', 'SRTP_AEAD_AES_256_GCM (0x0008, key 32, salt 12, L=88)', 'L88_hex'],
];

describe('keying from the DTLS-SRTP exporter (RFC 5764 §4.2)', () => {
  test.each(CASES)('%s: split into client/server keys and salts', (profile, layoutKey, lengthKey) => {
    const material = unhex(exporter[lengthKey]);
    expect(exporterLength(profile)).toBe(material.length);
    const layout = v.srtp_key_layout[layoutKey];
    const client = srtpKeysFromExporter(material, profile, 'client');
    const server = srtpKeysFromExporter(material, profile, 'server');
    expect(hex(client.local.key)).toBe(layout.client_master_key_hex);
    expect(hex(client.local.salt)).toBe(layout.client_master_salt_hex);
    expect(hex(client.remote.key)).toBe(layout.server_master_key_hex);
    expect(hex(client.remote.salt)).toBe(layout.server_master_salt_hex);
    expect(server.local).toEqual(client.remote);
    expect(server.remote).toEqual(client.local);
  });

  test('SHA1_32 also takes 60 octets', () => {
    expect(exporterLength('SRTP_AES128_CM_HMAC_SHA1_32')).toBe(60);
  });

  test('session keys of both sides (RFC 3711 §4.3.3 KDF)', () => {
    const keys = srtpKeysFromExporter(unhex(exporter.L60_hex), 'SRTP_AES128_CM_HMAC_SHA1_80', 'client');
    const profile = SRTP_PROFILES.SRTP_AES128_CM_HMAC_SHA1_80;
    for (const [side, master] of [
      ['client', keys.local],
      ['server', keys.remote],
    ] as const) {
      const want = v.srtp_session_keys_AES128_CM_HMAC_SHA1_80[side];
      const got = deriveSessionKeys(nodeCryptoBackend, profile, master);
      expect(hex(got.rtpEncryptionKey)).toBe(want.srtp_encryption_key_hex);
      expect(hex(got.rtpAuthenticationKey)).toBe(want.srtp_authentication_key_hex);
      expect(hex(got.rtpSalt)).toBe(want.srtp_salting_key_hex);
      expect(hex(got.rtcpEncryptionKey)).toBe(want.srtcp_encryption_key_hex);
      expect(hex(got.rtcpAuthenticationKey)).toBe(want.srtcp_authentication_key_hex);
      expect(hex(got.rtcpSalt)).toBe(want.srtcp_salting_key_hex);
    }
  });

  test.each(CASES)('%s: a DTLS client and server session talk to each other', (profile, _l, lengthKey) => {
    const material = unhex(exporter[lengthKey]);
    const client = new SrtpSession({ profile, keys: srtpKeysFromExporter(material, profile, 'client') });
    const server = new SrtpSession({ profile, keys: srtpKeysFromExporter(material, profile, 'server') });
    const rtp = rtpPacket(1, 0x1234, new Uint8Array(100).fill(7));
    const up = server.unprotectRtp(client.protectRtp(rtp));
    expect(up.ok && hex(up.packet)).toBe(hex(rtp));
    const rtcp = rtcpPacket(0x4321);
    const back = client.unprotectRtcp(server.protectRtcp(rtcp));
    expect(back.ok && hex(back.packet)).toBe(hex(rtcp));
    // Same role on both ends = wrong keys: authentication fails.
    const wrong = new SrtpSession({ profile, keys: srtpKeysFromExporter(material, profile, 'client') });
    expect(wrong.unprotectRtp(client.protectRtp(rtpPacket(2, 0x1234, rtp)))).toEqual({
      ok: false,
      reason: 'auth-failed',
    });
  });

  test('wrong material length and unknown profile throw SrtpError', () => {
    expect(() => srtpKeysFromExporter(new Uint8Array(59), 'SRTP_AES128_CM_HMAC_SHA1_80', 'client')).toThrow(
      SrtpError,
    );
    expect(() => exporterLength('NOPE' as SrtpProfileName)).toThrow(SrtpError);
  });
});
