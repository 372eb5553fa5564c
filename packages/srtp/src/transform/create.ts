import type { CryptoBackend } from '../crypto/backend.js';
import { ghashAvailable } from '../crypto/ghash.js';
import type { SessionKeys } from '../kdf.js';
import type { SrtpProfile } from '../profiles.js';
import { AeadGcmTransform, type GcmMode } from './aead-gcm.js';
import { CmHmacTransform } from './cm-hmac.js';
import type { PacketTransform } from './transform.js';

/** See GcmMode; chosen by measurement (README "Performance"). */
export const DEFAULT_GCM_MODE: GcmMode = 'table';

/** The transform for a profile, with its keys prepared once. */
export function createTransform(
  backend: CryptoBackend,
  profile: SrtpProfile,
  keys: SessionKeys,
  gcm: GcmMode = DEFAULT_GCM_MODE,
): PacketTransform {
  return profile.cipher === 'aes-gcm'
    ? new AeadGcmTransform(backend, profile, keys, gcm !== 'aead' && ghashAvailable() ? gcm : 'aead')
    : new CmHmacTransform(backend, profile, keys);
}
