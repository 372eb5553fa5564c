import { nobleCryptoBackend, type SrtpProfileName, SrtpSession } from '../src/index.js';
import { hex, nodeCryptoBackend, rtpPacket } from './helpers.js';

// The AES-CM keystream cache (src/transform/keystream-cache.ts) must never change a byte: drive
// long stateful streams through node and noble sessions and compare every packet, including
// late packets, growing sizes, more SSRCs than the cache holds, and ROC changes inside a batch.
describe.each<SrtpProfileName>(['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AES256_CM_HMAC_SHA1_80'])(
  'keystream cache on %s',
  (profile) => {
    test('stateful streams: node == noble, and every packet unprotects', () => {
      const keyLength = profile === 'SRTP_AES128_CM_HMAC_SHA1_80' ? 16 : 32;
      const k = { key: new Uint8Array(keyLength).fill(3), salt: new Uint8Array(14).fill(9) };
      const keys = { local: k, remote: k };
      const onNode = new SrtpSession({ profile, keys, crypto: nodeCryptoBackend });
      const onNoble = new SrtpSession({ profile, keys, crypto: nobleCryptoBackend });
      const receiver = new SrtpSession({ profile, keys, crypto: nodeCryptoBackend, replayWindow: 32768 });
      let seed = 7;
      const rand = (n: number) => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      const seqs = new Map<number, number>();
      const held: Uint8Array[] = [];
      for (let i = 0; i < 3000; i++) {
        const ssrc = 1000 + rand(20); // more SSRCs than the cache keeps
        const next = seqs.get(ssrc) ?? 65500 + rand(30); // start near the SEQ wrap
        const late = rand(10) === 0 && next > 5;
        const seq = late ? next - 1 - rand(5) : next;
        if (!late) seqs.set(ssrc, (next + 1 + (rand(8) === 0 ? rand(20) : 0)) & 0xffff);
        const size = [0, 1, 15, 17, 160, 1188, 1400, 1536, 2000][rand(9)] as number;
        const payload = new Uint8Array(size).map((_, j) => (j * 13 + i) & 0xff);
        const rtp = rtpPacket(seq & 0xffff, ssrc, payload, { csrcs: rand(4) === 0 ? [1] : [] });
        const a = onNode.protectRtp(rtp);
        expect(hex(onNoble.protectRtp(rtp))).toBe(hex(a));
        if (late) held.push(a);
        else {
          const r = receiver.unprotectRtp(a);
          expect(r.ok && hex(r.packet)).toBe(hex(rtp));
        }
      }
      // Late packets delivered afterwards: all decrypt (or are exact duplicates of delivered ones).
      for (const p of held) {
        const r = receiver.unprotectRtp(p);
        expect(r.ok ? 'ok' : r.reason).toMatch(/^(ok|replayed)$/);
      }
    });
  },
);
