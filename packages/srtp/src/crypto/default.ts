import type { CryptoBackend } from './backend.js';
import { nobleCryptoBackend } from './noble.js';
import { createNodeCryptoBackend, type NodeCrypto } from './node.js';

/**
 * The backend is chosen once at load time: node:crypto where the runtime has it (Node >= 20.16,
 * Deno and Bun expose process.getBuiltinModule), otherwise the portable @noble path. Nothing in
 * this package imports node:crypto statically, so it loads in browsers and bundlers too, and it
 * has no top-level await (which would break require() of this ESM package in Node 22+).
 */
function loadNodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const c = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return typeof c?.createCipheriv === 'function' ? c : undefined;
  } catch {
    return undefined;
  }
}

const nodeCrypto = loadNodeCrypto();

/** The node:crypto backend, or undefined where node:crypto is not available. */
export const nodeCryptoBackend: CryptoBackend | undefined =
  nodeCrypto === undefined ? undefined : createNodeCryptoBackend(nodeCrypto);

export const defaultCryptoBackend: CryptoBackend = nodeCryptoBackend ?? nobleCryptoBackend;
