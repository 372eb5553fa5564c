/**
 * The shared workload of the SRTP benchmark: 1200-octet RTP packets (12-octet header, 1188-octet
 * payload), one SSRC, consecutive sequence numbers, and fixed master keys for both profiles.
 */
export const PACKET_SIZE = 1200;
export const SSRC = 0x11223344;

export type BenchProfile = 'SRTP_AES128_CM_HMAC_SHA1_80' | 'SRTP_AEAD_AES_128_GCM';

export interface Keys {
  key: Buffer;
  salt: Buffer;
}

export function masterKeys(profile: BenchProfile): Keys {
  const saltLength = profile === 'SRTP_AEAD_AES_128_GCM' ? 12 : 14;
  return {
    key: Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 29 + 3) & 0xff)),
    salt: Buffer.from(Array.from({ length: saltLength }, (_, i) => (i * 41 + 7) & 0xff)),
  };
}

/** RTP packet number `i` (seq = i mod 2^16), payload filled deterministically. */
export function rtpPacket(i: number): Buffer {
  const p = Buffer.alloc(PACKET_SIZE);
  p[0] = 0x80;
  p[1] = 96;
  p.writeUInt16BE(i & 0xffff, 2);
  p.writeUInt32BE((i * 3000) >>> 0, 4);
  p.writeUInt32BE(SSRC, 8);
  for (let j = 12; j < PACKET_SIZE; j++) p[j] = (i + j) & 0xff;
  return p;
}

/**
 * Run `fn` (which returns how many operations it did) until `ms` of this process's CPU time
 * have been used; return operations per CPU-second. CPU time rather than wall time, because the
 * machine's two cores are shared with other work and wall time would charge us for it.
 */
export function rate(fn: () => number, ms: number): number {
  fn(); // warm up
  let ops = 0;
  const start = process.cpuUsage();
  const limit = ms * 1000;
  let used = 0;
  while (used < limit) {
    ops += fn();
    const d = process.cpuUsage(start);
    used = d.user + d.system;
  }
  return ops / (used / 1e6);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
