import { randomBytes as nobleRandom } from '@noble/hashes/utils.js';

/** The process CSPRNG (WebCrypto getRandomValues, which Node backs with OpenSSL). */
export function randomBytes(n: number): Uint8Array {
  return nobleRandom(n);
}
