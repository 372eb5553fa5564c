import type { CryptoBackend } from './backend.js';
import { nobleCryptoBackend } from './noble.js';

/**
 * The backend chosen once at load time: node:crypto where it can be loaded (Node, Deno, Bun),
 * otherwise the portable @noble path.
 */
async function chooseBackend(): Promise<CryptoBackend> {
  try {
    const { nodeCryptoBackend } = await import('./node.js');
    return nodeCryptoBackend;
  } catch {
    return nobleCryptoBackend;
  }
}

export const defaultCryptoBackend: CryptoBackend = await chooseBackend();
