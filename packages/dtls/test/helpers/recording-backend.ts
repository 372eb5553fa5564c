import type { CryptoBackend } from '../../src/crypto/backend.js';
import type { NamedGroup } from '../../src/crypto/groups.js';
import { nodeCrypto } from '../../src/crypto/node-backend.js';

/** The node backend, recording every ephemeral key share it makes (by group, in order). */
export function recordingBackend(): { backend: CryptoBackend; made: NamedGroup[] } {
  const made: NamedGroup[] = [];
  const backend: CryptoBackend = {
    ...nodeCrypto,
    generateKeyShare(group) {
      made.push(group);
      return nodeCrypto.generateKeyShare(group);
    },
  };
  return { backend, made };
}
