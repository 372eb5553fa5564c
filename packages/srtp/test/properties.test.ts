import fc from 'fast-check';
import { nobleCryptoBackend, SRTP_PROFILES, type SrtpProfileName, SrtpSession } from '../src/index.js';
import { GCM_MODES, hex, nodeCryptoBackend, rtcpPacket, rtpPacket } from './helpers.js';

const PROFILES = Object.keys(SRTP_PROFILES) as SrtpProfileName[];
const REASONS = ['truncated', 'malformed', 'auth-failed', 'replayed', 'too-old', 'ssrc-limit'];

function keysFor(profile: SrtpProfileName, seed: number) {
  const p = SRTP_PROFILES[profile];
  const k = {
    key: new Uint8Array(p.keyLength).fill(seed),
    salt: new Uint8Array(p.saltLength).fill(seed ^ 0x5a),
  };
  return { local: k, remote: k };
}

/** Check one unprotect result: a typed drop, or a packet no longer than the input. */
function checkResult(r: ReturnType<SrtpSession['unprotectRtp']>, input: Uint8Array): void {
  if (r.ok) {
    expect(r.packet.length).toBeLessThan(input.length);
  } else {
    expect(REASONS).toContain(r.reason);
  }
}

describe.each(GCM_MODES)('unprotect never throws (fast-check, fixed seeds), gcm %s', (gcm) => {
  test.each(PROFILES)('%s: random bytes', (profile) => {
    const session = new SrtpSession({ profile, keys: keysFor(profile, 1), maxSsrcs: 4, gcm });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        checkResult(session.unprotectRtp(bytes), bytes);
        checkResult(session.unprotectRtcp(bytes), bytes);
      }),
      { seed: 0x5eed, numRuns: 400 },
    );
  });

  test.each(PROFILES)('%s: mutated valid packets (bit flips, truncation, extension)', (profile) => {
    const sender = new SrtpSession({ profile, keys: keysFor(profile, 3), gcm });
    const valid = [
      sender.protectRtp(rtpPacket(7, 1, new Uint8Array(40).fill(1), { csrcs: [9], extensionWords: 1 })),
      sender.protectRtcp(rtcpPacket(1, 20)),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 8 }),
        (base, flips, cut, tail) => {
          const receiver = new SrtpSession({ profile, keys: keysFor(profile, 3), gcm });
          const m = Uint8Array.from(base);
          for (const [at, x] of flips) m[at % m.length] = (m[at % m.length] as number) ^ x;
          const input = new Uint8Array([...m.subarray(0, cut % (m.length + 1)), ...tail]);
          const before = hex(input);
          const r1 = receiver.unprotectRtp(input);
          const r2 = receiver.unprotectRtcp(input);
          // Unprotect never writes into the caller's bytes.
          expect(hex(input)).toBe(before);
          checkResult(r1, input);
          checkResult(r2, input);
          // A mutated packet that is not byte-identical to a valid one never authenticates.
          const same = valid.some((v) => hex(v) === hex(input));
          if (!same) {
            expect(r1.ok).toBe(false);
            expect(r2.ok).toBe(false);
          }
        },
      ),
      { seed: 0xc0ffee, numRuns: 300 },
    );
  });
});

describe.each(GCM_MODES)('node:crypto and @noble produce identical bytes, gcm %s', (gcm) => {
  test.each(PROFILES)('%s: protect on both, unprotect across', (profile) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.uint8Array({ maxLength: 1300 }),
        fc.integer({ min: 0, max: 15 }),
        (seed, seq, ssrc, payload, cc) => {
          const keys = keysFor(profile, seed);
          const onNode = new SrtpSession({ profile, keys, crypto: nodeCryptoBackend, gcm });
          const onNoble = new SrtpSession({ profile, keys, crypto: nobleCryptoBackend, gcm: 'aead' });
          const rtp = rtpPacket(seq, ssrc, payload, { csrcs: Array.from({ length: cc }, (_, i) => i) });
          const a = onNode.protectRtp(rtp);
          expect(hex(onNoble.protectRtp(rtp))).toBe(hex(a));
          const back = onNoble.unprotectRtp(a);
          expect(back.ok && hex(back.packet)).toBe(hex(rtp));
          const rtcp = rtcpPacket(ssrc, (payload.length >> 2) << 2);
          const c = onNoble.protectRtcp(rtcp);
          expect(hex(onNode.protectRtcp(rtcp))).toBe(hex(c));
          const rtcpBack = onNode.unprotectRtcp(c);
          expect(rtcpBack.ok && hex(rtcpBack.packet)).toBe(hex(rtcp));
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });
});
