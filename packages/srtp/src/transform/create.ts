import type { CryptoBackend } from '../crypto/backend.js';
import type { SessionKeys } from '../kdf.js';
import type { SrtpProfile } from '../profiles.js';
import { AeadGcmTransform } from './aead-gcm.js';
import { CmHmacTransform } from './cm-hmac.js';
import type { PacketTransform } from './transform.js';

/** The transform for a profile, with its keys prepared once. */
export function createTransform(
  backend: CryptoBackend,
  profile: SrtpProfile,
  keys: SessionKeys,
): PacketTransform {
  return profile.cipher === 'aes-gcm'
    ? new AeadGcmTransform(backend, profile, keys)
    : new CmHmacTransform(backend, profile, keys);
}
