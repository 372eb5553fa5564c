import { createRequire } from 'node:module';
import type { BenchProfile, Keys } from './workload.js';

type WeriftRtp = typeof import('werift-rtp');

// werift-rtp is CommonJS.
const werift = createRequire(import.meta.url)('werift-rtp') as WeriftRtp;

export type WeriftHeader = InstanceType<WeriftRtp['RtpHeader']>;

export interface WeriftSession {
  encrypt(payload: Buffer, header: WeriftHeader): Buffer;
  decrypt(packet: Buffer): Buffer;
}

/** werift-rtp 0.8.9's SrtpSession with local = remote keys (so it can read what it writes). */
export function weriftSession(profile: BenchProfile, keys: Keys): WeriftSession {
  return new werift.SrtpSession({
    profile:
      profile === 'SRTP_AEAD_AES_128_GCM'
        ? werift.ProtectionProfileAeadAes128Gcm
        : werift.ProtectionProfileAes128CmHmacSha1_80,
    keys: {
      localMasterKey: keys.key,
      localMasterSalt: keys.salt,
      remoteMasterKey: keys.key,
      remoteMasterSalt: keys.salt,
    },
  });
}

/** werift's API takes a parsed header and the payload; parse once, outside the timed loop. */
export function weriftHeader(packet: Buffer): WeriftHeader {
  return werift.RtpHeader.deSerialize(packet);
}
