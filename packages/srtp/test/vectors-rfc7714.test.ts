import { createTransform, type SessionKeys, SRTP_PROFILES } from '../src/index.js';
import { hex, loadVectors, PATHS, unhex } from './helpers.js';

const file = loadVectors('srtp-aead-rfc7714.json');
// biome-ignore lint/suspicious/noExplicitAny: vector files are untyped JSON
type Vector = any;
const vectors: Vector[] = file.vectors;

/** The RFC 7714 vectors give session keys directly: use them for both RTP and RTCP. */
function sessionKeys(v: Vector): SessionKeys {
  const key = unhex(v.key_hex);
  const salt = unhex(v.salt_hex);
  const none = new Uint8Array(0);
  return {
    rtpEncryptionKey: key,
    rtpAuthenticationKey: none,
    rtpSalt: salt,
    rtcpEncryptionKey: key,
    rtcpAuthenticationKey: none,
    rtcpSalt: salt,
  };
}

function profileFor(v: Vector) {
  return v.key_hex.length === 64 ? SRTP_PROFILES.SRTP_AEAD_AES_256_GCM : SRTP_PROFILES.SRTP_AEAD_AES_128_GCM;
}

const RTP_HEADER = 12;
const SSRC = 0x5501a0b2;
const SEQ = 0xf17b;

function byId(id: string): Vector {
  const v = vectors.find((x) => x.id === id);
  if (v === undefined) throw new Error(`missing vector ${id}`);
  return v;
}

describe.each(PATHS)('RFC 7714 sections 16 and 17 on %s', (_name, backend, mode) => {
  test.each(['rfc7714-16.1.1', 'rfc7714-16.2.1'])('%s SRTP encryption', (id) => {
    const v = byId(id);
    const t = createTransform(backend, profileFor(v), sessionKeys(v), mode);
    const out = t.protectRtp(unhex(v.plaintext_packet_hex), RTP_HEADER, SSRC, 0, SEQ);
    expect(hex(out)).toBe(v.protected_packet_hex);
  });

  test.each(['rfc7714-16.1.2', 'rfc7714-16.2.2'])('%s SRTP decryption, and a flipped bit fails', (id) => {
    const v = byId(id);
    const t = createTransform(backend, profileFor(v), sessionKeys(v), mode);
    const packet = unhex(v.protected_packet_hex);
    const out = t.unprotectRtp(packet, RTP_HEADER, SSRC, 0, SEQ);
    expect(out).toBeDefined();
    expect(hex((out as Uint8Array).subarray(RTP_HEADER))).toBe(v.recovered_payload_hex);
    expect(hex((out as Uint8Array).subarray(0, RTP_HEADER))).toBe(v.protected_packet_hex.slice(0, 24));
    // Wrong ROC changes the IV: authentication must fail.
    expect(t.unprotectRtp(packet, RTP_HEADER, SSRC, 1, SEQ)).toBeUndefined();
    for (const at of [1, RTP_HEADER + 3, packet.length - 1]) {
      const bad = packet.slice();
      bad[at] = (bad[at] as number) ^ 0x01;
      expect(t.unprotectRtp(bad, RTP_HEADER, SSRC, 0, SEQ)).toBeUndefined();
    }
  });

  test.each(['rfc7714-16.1.3', 'rfc7714-16.1.4', 'rfc7714-16.2.3', 'rfc7714-16.2.4'])(
    '%s authentication-only tag (GCM primitive: AAD = whole packet, empty plaintext)',
    (id) => {
      const v = byId(id);
      const gcm = backend.aesGcm(unhex(v.key_hex));
      const iv = unhex(v.iv_hex);
      const aad = unhex(v.aad_hex);
      const tag = new Uint8Array(16);
      gcm.seal(iv, aad, new Uint8Array(0), tag);
      expect(hex(tag)).toBe(v.tag_hex);
      expect(gcm.open(iv, aad, tag, new Uint8Array(0))).toBe(true);
      const bad = tag.slice();
      bad[15] = (bad[15] as number) ^ 0x80;
      expect(gcm.open(iv, aad, bad, new Uint8Array(0))).toBe(false);
    },
  );

  test('17.1 SRTCP AEAD_AES_128_GCM encryption and tagging', () => {
    const v = byId('rfc7714-17.1');
    const t = createTransform(backend, profileFor(v), sessionKeys(v), mode);
    const out = t.protectRtcp(
      unhex(v.plaintext_packet_hex),
      0x4d617273,
      Number.parseInt(v.srtcp_index_hex, 16),
    );
    expect(hex(out)).toBe(v.protected_packet_hex);
    // ...and back.
    const back = t.unprotectRtcp(out, 0x4d617273, Number.parseInt(v.srtcp_index_hex, 16), true);
    expect(hex(back as Uint8Array)).toBe(v.plaintext_packet_hex);
  });

  test('17.2 SRTCP AEAD_AES_256_GCM verification and decryption', () => {
    const v = byId('rfc7714-17.2');
    const t = createTransform(backend, profileFor(v), sessionKeys(v), mode);
    const packet = unhex(v.protected_packet_hex);
    expect(t.rtcpIndexOffset(packet.length)).toBe(packet.length - 4);
    const out = t.unprotectRtcp(packet, 0x4d617273, 0x5d4, true);
    expect(hex(out as Uint8Array)).toBe(v.recovered_packet_hex);
    expect(t.unprotectRtcp(packet, 0x4d617273, 0x5d5, true)).toBeUndefined();
  });

  test.each(['rfc7714-17.3', 'rfc7714-17.4'])(
    '%s SRTCP tag-only (E=0) verifies and returns the packet',
    (id) => {
      const v = byId(id);
      const t = createTransform(backend, profileFor(v), sessionKeys(v), mode);
      const tagged = unhex(v.tagged_packet_hex);
      const out = t.unprotectRtcp(tagged, 0x4d617273, 0x5d4, false);
      expect(hex(out as Uint8Array)).toBe(v.plaintext_packet_hex ?? v.recovered_packet_hex);
      const bad = tagged.slice();
      bad[20] = (bad[20] as number) ^ 0x04;
      expect(t.unprotectRtcp(bad, 0x4d617273, 0x5d4, false)).toBeUndefined();
    },
  );
});
