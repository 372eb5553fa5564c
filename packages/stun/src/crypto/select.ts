import { StunError } from '../errors.js';
import type { HashBackend } from './backend.js';
import { nobleBackend } from './noble.js';
import { createNodeBackend } from './node.js';

const nodeBackend = createNodeBackend();

// Chosen once at load time: OpenSSL when running on Node, @noble/hashes elsewhere.
let current: HashBackend = nodeBackend ?? nobleBackend;

/** The backend every integrity and key computation uses. */
export function hashBackend(): HashBackend {
  return current;
}

/**
 * Switches the hash implementation ('node' = node:crypto, 'noble' = @noble/hashes). Meant for tests and
 * for callers who want the pure-JS path; the default is 'node' whenever node:crypto is available.
 */
export function setHashBackend(name: 'node' | 'noble'): void {
  if (name === 'noble') {
    current = nobleBackend;
    return;
  }
  if (nodeBackend === undefined) throw new StunError('invalid-argument', 'node:crypto is not available here');
  current = nodeBackend;
}

/** The name of the backend in use. */
export function hashBackendName(): 'node' | 'noble' {
  return current.name;
}
