import { concat, type PrfHash, prf } from './prf.js';
import type { CipherSuite } from './suites.js';

export const MASTER_SECRET_LENGTH = 48;

/**
 * RFC 5246 §8.1 master secret, or with RFC 7627 §4 the extended master secret, which binds the
 * secret to the session hash (the transcript up to and including ClientKeyExchange).
 */
export function deriveMasterSecret(
  hash: PrfHash,
  preMasterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  sessionHash: Uint8Array | undefined,
): Uint8Array {
  if (sessionHash)
    return prf(hash, preMasterSecret, 'extended master secret', sessionHash, MASTER_SECRET_LENGTH);
  return prf(
    hash,
    preMasterSecret,
    'master secret',
    concat(clientRandom, serverRandom),
    MASTER_SECRET_LENGTH,
  );
}

export interface TrafficKeys {
  readonly clientKey: Uint8Array;
  readonly serverKey: Uint8Array;
  readonly clientIv: Uint8Array;
  readonly serverIv: Uint8Array;
}

/** RFC 5246 §6.3 key block (AEAD suites have no MAC keys); note server_random comes first here. */
export function deriveTrafficKeys(
  suite: CipherSuite,
  masterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
): TrafficKeys {
  const k = suite.keyLength;
  const iv = suite.fixedIvLength;
  const block = prf(
    suite.prfHash,
    masterSecret,
    'key expansion',
    concat(serverRandom, clientRandom),
    2 * k + 2 * iv,
  );
  return {
    clientKey: block.slice(0, k),
    serverKey: block.slice(k, 2 * k),
    clientIv: block.slice(2 * k, 2 * k + iv),
    serverIv: block.slice(2 * k + iv, 2 * k + 2 * iv),
  };
}

/** RFC 5246 §7.4.9: verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]. */
export function computeVerifyData(
  hash: PrfHash,
  masterSecret: Uint8Array,
  label: 'client finished' | 'server finished',
  transcriptHash: Uint8Array,
): Uint8Array {
  return prf(hash, masterSecret, label, transcriptHash, 12);
}

/** RFC 5705 §4 exporter without a context value (the form RFC 5764 uses for DTLS-SRTP). */
export function exportKeyingMaterial(
  hash: PrfHash,
  masterSecret: Uint8Array,
  label: string,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  length: number,
  context?: Uint8Array,
): Uint8Array {
  let seed = concat(clientRandom, serverRandom);
  if (context) seed = concat(seed, new Uint8Array([context.length >>> 8, context.length & 0xff]), context);
  return prf(hash, masterSecret, label, seed, length);
}
