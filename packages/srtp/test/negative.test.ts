import { type MasterKey, SRTP_PROFILES, type SrtpProfileName, SrtpSession } from '../src/index.js';
import { rtcpPacket, rtpPacket } from './helpers.js';

function master(profile: SrtpProfileName, seed: number): MasterKey {
  const p = SRTP_PROFILES[profile];
  return {
    key: new Uint8Array(p.keyLength).fill(seed),
    salt: new Uint8Array(p.saltLength).fill(seed + 1),
  };
}

function pair(
  profile: SrtpProfileName,
  extra: { replayWindow?: number; rtcpReplayWindow?: number; maxSsrcs?: number } = {},
) {
  const k1 = master(profile, 1);
  const k2 = master(profile, 2);
  return {
    a: new SrtpSession({ ...extra, profile, keys: { local: k1, remote: k2 } }),
    b: new SrtpSession({ ...extra, profile, keys: { local: k2, remote: k1 } }),
  };
}

const PROFILES: SrtpProfileName[] = [
  'SRTP_AES128_CM_HMAC_SHA1_80',
  'SRTP_AES128_CM_HMAC_SHA1_32',
  'SRTP_AEAD_AES_128_GCM',
  'SRTP_AEAD_AES_256_GCM',
];
const body = new Uint8Array(200).fill(0x42);

describe.each(PROFILES)('%s drops bad input with a typed reason and counts it', (profile) => {
  test('bad tag: any flipped bit in header, payload or tag', () => {
    const { a, b } = pair(profile);
    const srtp = a.protectRtp(rtpPacket(10, 1, body));
    for (const at of [0, 1, 5, 12, 100, srtp.length - 1]) {
      const bad = srtp.slice();
      bad[at] = (bad[at] as number) ^ 0x20;
      expect(b.unprotectRtp(bad)).toEqual({ ok: false, reason: 'auth-failed' });
    }
    const srtcp = a.protectRtcp(rtcpPacket(1));
    for (const at of [1, 9, srtcp.length - 1]) {
      const bad = srtcp.slice();
      bad[at] = (bad[at] as number) ^ 0x01;
      expect(b.unprotectRtcp(bad)).toEqual({ ok: false, reason: 'auth-failed' });
    }
    // The genuine packets still pass afterwards: failures did not disturb the state.
    expect(b.unprotectRtp(srtp).ok).toBe(true);
    expect(b.unprotectRtcp(srtcp).ok).toBe(true);
    expect(b.stats.rtpDropped['auth-failed']).toBe(6);
    expect(b.stats.rtcpDropped['auth-failed']).toBe(3);
  });

  test('wrong key: auth-failed', () => {
    const { a } = pair(profile);
    const other = new SrtpSession({
      profile,
      keys: { local: master(profile, 9), remote: master(profile, 9) },
    });
    expect(other.unprotectRtp(a.protectRtp(rtpPacket(1, 1, body)))).toEqual({
      ok: false,
      reason: 'auth-failed',
    });
    expect(other.unprotectRtcp(a.protectRtcp(rtcpPacket(1)))).toEqual({ ok: false, reason: 'auth-failed' });
  });

  test('replayed packet (SRTP and SRTCP)', () => {
    const { a, b } = pair(profile);
    const srtp = a.protectRtp(rtpPacket(10, 1, body));
    expect(b.unprotectRtp(srtp).ok).toBe(true);
    expect(b.unprotectRtp(srtp)).toEqual({ ok: false, reason: 'replayed' });
    const srtcp = a.protectRtcp(rtcpPacket(1));
    expect(b.unprotectRtcp(srtcp).ok).toBe(true);
    expect(b.unprotectRtcp(srtcp)).toEqual({ ok: false, reason: 'replayed' });
    expect(b.stats.rtpDropped.replayed).toBe(1);
    expect(b.stats.rtcpDropped.replayed).toBe(1);
  });

  test('too-old packet: behind the configured window (SRTP and SRTCP)', () => {
    const { a, b } = pair(profile, { replayWindow: 64, rtcpReplayWindow: 64 });
    const old = a.protectRtp(rtpPacket(1000, 1, body));
    const edge = a.protectRtp(rtpPacket(1001, 1, body));
    expect(b.unprotectRtp(a.protectRtp(rtpPacket(1064, 1, body))).ok).toBe(true);
    expect(b.unprotectRtp(old)).toEqual({ ok: false, reason: 'too-old' });
    // 1064 - 1001 = 63 < 64: still inside the window, and never seen.
    expect(b.unprotectRtp(edge).ok).toBe(true);
    const oldRtcp = a.protectRtcp(rtcpPacket(1));
    for (let i = 0; i < 64; i++) a.protectRtcp(rtcpPacket(1));
    expect(b.unprotectRtcp(a.protectRtcp(rtcpPacket(1))).ok).toBe(true);
    expect(b.unprotectRtcp(oldRtcp)).toEqual({ ok: false, reason: 'too-old' });
    expect(b.stats.rtpDropped['too-old']).toBe(1);
    expect(b.stats.rtcpDropped['too-old']).toBe(1);
  });

  test('truncated packets: every prefix is dropped, none throws', () => {
    const { a, b } = pair(profile);
    const srtp = a.protectRtp(rtpPacket(10, 1, new Uint8Array(8), { csrcs: [5], extensionWords: 1 }));
    const srtcp = a.protectRtcp(rtcpPacket(1, 4));
    const tag = SRTP_PROFILES[profile].rtpTagLength;
    for (let n = 0; n < srtp.length; n++) {
      const r = b.unprotectRtp(srtp.subarray(0, n));
      expect(r.ok).toBe(false);
      // Shorter than header + tag: 'truncated' without touching crypto; longer: the tag fails.
      const headerLength = 12 + 4 + 8;
      if (n < headerLength + tag) expect(r).toEqual({ ok: false, reason: 'truncated' });
      else expect(r).toEqual({ ok: false, reason: 'auth-failed' });
    }
    for (let n = 0; n < srtcp.length; n++) expect(b.unprotectRtcp(srtcp.subarray(0, n)).ok).toBe(false);
    expect(b.stats.rtpDropped.truncated).toBeGreaterThan(0);
    expect(b.stats.rtcpDropped.truncated).toBeGreaterThan(0);
    expect(b.unprotectRtp(srtp).ok).toBe(true);
    expect(b.unprotectRtcp(srtcp).ok).toBe(true);
  });

  test('unknown SSRC beyond the context limit: ssrc-limit, and forged SSRCs take no slot', () => {
    const { b } = pair(profile, { maxSsrcs: 2 });
    const { a } = pair(profile);
    const other = new SrtpSession({
      profile,
      keys: { local: master(profile, 7), remote: master(profile, 7) },
    });
    // Forged packets (wrong key) under many SSRCs must not consume slots.
    for (let s = 100; s < 110; s++)
      expect(b.unprotectRtp(other.protectRtp(rtpPacket(1, s, body))).ok).toBe(false);
    expect(b.unprotectRtp(a.protectRtp(rtpPacket(1, 1, body))).ok).toBe(true);
    expect(b.unprotectRtp(a.protectRtp(rtpPacket(1, 2, body))).ok).toBe(true);
    expect(b.unprotectRtp(a.protectRtp(rtpPacket(1, 3, body)))).toEqual({ ok: false, reason: 'ssrc-limit' });
    expect(b.unprotectRtp(a.protectRtp(rtpPacket(2, 1, body))).ok).toBe(true);
    expect(b.unprotectRtcp(a.protectRtcp(rtcpPacket(1))).ok).toBe(true);
    expect(b.unprotectRtcp(a.protectRtcp(rtcpPacket(2))).ok).toBe(true);
    expect(b.unprotectRtcp(a.protectRtcp(rtcpPacket(3)))).toEqual({ ok: false, reason: 'ssrc-limit' });
    expect(b.stats.rtpDropped['ssrc-limit']).toBe(1);
    expect(b.stats.rtpDropped['auth-failed']).toBe(10);
    expect(b.stats.rtcpDropped['ssrc-limit']).toBe(1);
  });

  test('not RTP version 2: malformed', () => {
    const { a, b } = pair(profile);
    const srtp = a.protectRtp(rtpPacket(1, 1, body));
    srtp[0] = 0x40;
    expect(b.unprotectRtp(srtp)).toEqual({ ok: false, reason: 'malformed' });
    const srtcp = a.protectRtcp(rtcpPacket(1));
    srtcp[0] = 0x01;
    expect(b.unprotectRtcp(srtcp)).toEqual({ ok: false, reason: 'malformed' });
  });
});
