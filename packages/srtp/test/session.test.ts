import {
  type MasterKey,
  SRTP_PROFILES,
  SrtpError,
  type SrtpProfileName,
  SrtpSession,
  type SrtpSessionOptions,
} from '../src/index.js';
import { BACKENDS, hex, rtcpPacket, rtpPacket } from './helpers.js';

function master(profile: SrtpProfileName, seed: number): MasterKey {
  const p = SRTP_PROFILES[profile];
  const key = new Uint8Array(p.keyLength).map((_, i) => (seed * 31 + i * 7) & 0xff);
  const salt = new Uint8Array(p.saltLength).map((_, i) => (seed * 17 + i * 13) & 0xff);
  return { key, salt };
}

/** A sender/receiver pair sharing keys (a's local = b's remote). */
function pair(profile: SrtpProfileName, extra: Partial<SrtpSessionOptions> = {}) {
  const k1 = master(profile, 1);
  const k2 = master(profile, 2);
  const a = new SrtpSession({ ...extra, profile, keys: { local: k1, remote: k2 } });
  const b = new SrtpSession({ ...extra, profile, keys: { local: k2, remote: k1 } });
  return { a, b };
}

const ALL = Object.keys(SRTP_PROFILES) as SrtpProfileName[];
const payload = new Uint8Array(1200).map((_, i) => i & 0xff);

describe.each(BACKENDS)('SrtpSession round trips on %s', (_name, backend) => {
  test.each(ALL)('%s: RTP with CSRCs and extension, and RTCP', (profile) => {
    const { a, b } = pair(profile, { crypto: backend });
    const p = SRTP_PROFILES[profile];
    const rtp = rtpPacket(65535, 0xdeadbeef, payload, { csrcs: [1, 2, 3], extensionWords: 2, marker: true });
    const srtp = a.protectRtp(rtp);
    expect(srtp.length).toBe(rtp.length + p.rtpTagLength);
    const headerLength = 12 + 12 + 12;
    // The header (CSRCs and extension) stays in the clear; the payload does not (except NULL).
    expect(hex(srtp.subarray(0, headerLength))).toBe(hex(rtp.subarray(0, headerLength)));
    expect(hex(srtp.subarray(headerLength, rtp.length)) === hex(rtp.subarray(headerLength))).toBe(
      p.cipher === 'null',
    );
    const back = b.unprotectRtp(srtp);
    expect(back.ok && hex(back.packet)).toBe(hex(rtp));

    const rtcp = rtcpPacket(0xdeadbeef, 40);
    const srtcp = a.protectRtcp(rtcp);
    expect(srtcp.length).toBe(rtcp.length + p.rtcpTagLength + 4);
    const rtcpBack = b.unprotectRtcp(srtcp);
    expect(rtcpBack.ok && hex(rtcpBack.packet)).toBe(hex(rtcp));
    expect(b.stats.rtpUnprotected).toBe(1);
    expect(b.stats.rtcpUnprotected).toBe(1);
    expect(a.stats.rtpProtected).toBe(1);
    expect(a.stats.rtcpProtected).toBe(1);
  });
});

describe('SrtpSession behaviour', () => {
  test('_32 profile: 4-octet SRTP tag, 10-octet SRTCP tag (RFC 5764 §4.1.2)', () => {
    const { a } = pair('SRTP_AES128_CM_HMAC_SHA1_32');
    expect(a.protectRtp(rtpPacket(1, 1, payload)).length).toBe(12 + 1200 + 4);
    expect(a.protectRtcp(rtcpPacket(1)).length).toBe(32 + 4 + 10);
  });

  test('empty RTP payload and header-only RTCP', () => {
    for (const profile of ALL) {
      const { a, b } = pair(profile);
      const rtp = rtpPacket(5, 9, new Uint8Array(0));
      const r = b.unprotectRtp(a.protectRtp(rtp));
      expect(r.ok && hex(r.packet)).toBe(hex(rtp));
      const rtcp = rtcpPacket(9, 0);
      const c = b.unprotectRtcp(a.protectRtcp(rtcp));
      expect(c.ok && hex(c.packet)).toBe(hex(rtcp));
    }
  });

  test('ROC advances across a SEQ wrap, with reordering around it (RFC 3711 §3.3.1)', () => {
    const { a, b } = pair('SRTP_AES128_CM_HMAC_SHA1_80');
    const sent = new Map<number, Uint8Array>();
    // 65530 .. 65535, 0 .. 20 (ROC 0 -> 1), then a second wrap much later is not needed.
    const seqs: number[] = [];
    for (let i = 0; i < 27; i++) seqs.push((65530 + i) & 0xffff);
    for (const s of seqs) sent.set(s, a.protectRtp(rtpPacket(s, 7, payload.subarray(0, 50))));
    // Deliver with the wrap reordered: 65530..65533, 1, 0, 65535, 65534, 2..20
    const order = [65530, 65531, 65532, 65533, 1, 0, 65535, 65534, ...seqs.slice(8)];
    for (const s of order) {
      const r = b.unprotectRtp(sent.get(s) as Uint8Array);
      expect(r.ok).toBe(true);
    }
    // A packet from after the wrap protected with ROC 1 does not verify as ROC 0 and vice versa:
    // a fresh receiver seeing seq 0 first (ROC 0 guess) fails authentication.
    const fresh = new SrtpSession({
      profile: 'SRTP_AES128_CM_HMAC_SHA1_80',
      keys: {
        local: master('SRTP_AES128_CM_HMAC_SHA1_80', 2),
        remote: master('SRTP_AES128_CM_HMAC_SHA1_80', 1),
      },
    });
    expect(fresh.unprotectRtp(sent.get(0) as Uint8Array)).toEqual({ ok: false, reason: 'auth-failed' });
    expect(b.stats.rtpUnprotected).toBe(27);
  });

  test('many wraps: 200000 packets in order keep authenticating (GCM)', () => {
    const { a, b } = pair('SRTP_AEAD_AES_128_GCM');
    const small = payload.subarray(0, 16);
    let ok = 0;
    for (let i = 0; i < 200_000; i += 97) {
      const r = b.unprotectRtp(a.protectRtp(rtpPacket(i & 0xffff, 3, small)));
      if (r.ok) ok++;
    }
    expect(ok).toBe(Math.ceil(200_000 / 97));
  });

  test('retransmitting an old SEQ reuses its index, so the receiver sees a replay', () => {
    const { a, b } = pair('SRTP_AES128_CM_HMAC_SHA1_80');
    const first = a.protectRtp(rtpPacket(100, 5, payload));
    a.protectRtp(rtpPacket(101, 5, payload));
    const again = a.protectRtp(rtpPacket(100, 5, payload));
    expect(hex(again)).toBe(hex(first));
    expect(b.unprotectRtp(first).ok).toBe(true);
    expect(b.unprotectRtp(again)).toEqual({ ok: false, reason: 'replayed' });
  });

  test('SRTCP indices count from 0 per SSRC', () => {
    const { a, b } = pair('SRTP_AES128_CM_HMAC_SHA1_80');
    for (let i = 0; i < 3; i++) {
      const p = a.protectRtcp(rtcpPacket(11));
      const word = new DataView(p.buffer, p.byteOffset).getUint32(p.length - 14);
      expect(word).toBe((0x80000000 | i) >>> 0);
      expect(b.unprotectRtcp(p).ok).toBe(true);
    }
    const other = a.protectRtcp(rtcpPacket(12));
    expect(new DataView(other.buffer, other.byteOffset).getUint32(other.length - 14)).toBe(0x80000000);
  });

  test('removeSsrc frees a context slot', () => {
    const { a, b } = pair('SRTP_AES128_CM_HMAC_SHA1_80', { maxSsrcs: 1 });
    expect(b.unprotectRtp(a.protectRtp(rtpPacket(1, 1, payload))).ok).toBe(true);
    const second = a.protectRtp(rtpPacket(1, 1, payload));
    expect(() => a.protectRtp(rtpPacket(1, 2, payload))).toThrow(SrtpError);
    a.removeSsrc(1);
    const fromTwo = a.protectRtp(rtpPacket(1, 2, payload));
    expect(b.unprotectRtp(fromTwo)).toEqual({ ok: false, reason: 'ssrc-limit' });
    b.removeSsrc(1);
    expect(b.unprotectRtp(fromTwo).ok).toBe(true);
    expect(second.length).toBeGreaterThan(0);
  });

  test('configuration errors throw SrtpError with a code', () => {
    const k = master('SRTP_AES128_CM_HMAC_SHA1_80', 1);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof SrtpError ? e.code : 'other';
      }
      return 'none';
    };
    const base = { profile: 'SRTP_AES128_CM_HMAC_SHA1_80', keys: { local: k, remote: k } } as const;
    expect(code(() => new SrtpSession({ ...base, replayWindow: 63 }))).toBe('invalid-config');
    expect(code(() => new SrtpSession({ ...base, replayWindow: 40000 }))).toBe('invalid-config');
    expect(code(() => new SrtpSession({ ...base, rtcpReplayWindow: 1.5 }))).toBe('invalid-config');
    expect(code(() => new SrtpSession({ ...base, maxSsrcs: 0 }))).toBe('invalid-config');
    expect(code(() => new SrtpSession({ ...base, profile: 'SRTP_X' as SrtpProfileName }))).toBe(
      'invalid-config',
    );
    expect(
      code(() => new SrtpSession({ ...base, keys: { local: { key: k.key, salt: k.key }, remote: k } })),
    ).toBe('invalid-key');
    expect(
      code(() => new SrtpSession({ ...base, keys: { local: k, remote: { key: k.salt, salt: k.salt } } })),
    ).toBe('invalid-key');
    const s = new SrtpSession(base);
    expect(code(() => s.protectRtp(new Uint8Array(11)))).toBe('invalid-packet');
    expect(code(() => s.protectRtp(Uint8Array.of(0x40, ...new Uint8Array(20))))).toBe('invalid-packet');
    expect(code(() => s.protectRtcp(new Uint8Array(7)))).toBe('invalid-packet');
  });
});
