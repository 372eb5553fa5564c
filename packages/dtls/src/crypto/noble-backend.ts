import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { DtlsError } from '../errors.js';
import type { Aead, CryptoBackend, KeyShare, PublicKeyInfo } from './backend.js';
import { type NamedGroup, type SignatureScheme, schemeHash } from './groups.js';
import type { AeadAlgorithm } from './suites.js';

function nobleAead(alg: AeadAlgorithm, key: Uint8Array): Aead {
  const make = alg === 'chacha20-poly1305' ? chacha20poly1305 : gcm;
  return {
    seal: (nonce, aad, plaintext) => make(key, nonce, aad).encrypt(plaintext),
    sealInto(out, offset, nonce, aad, plaintext) {
      out.set(make(key, nonce, aad).encrypt(plaintext), offset);
    },
    open(nonce, aad, sealed) {
      try {
        return make(key, nonce, aad).decrypt(sealed);
      } catch {
        return undefined;
      }
    },
  };
}

function share(group: NamedGroup): KeyShare {
  if (group === 'x25519') {
    const priv = x25519.utils.randomSecretKey();
    return {
      group,
      publicKey: x25519.getPublicKey(priv),
      deriveSecret(peer) {
        if (peer.length !== 32)
          throw new DtlsError('illegal-parameter', 'x25519 public key must be 32 bytes');
        let s: Uint8Array;
        try {
          s = x25519.getSharedSecret(priv, peer);
        } catch {
          throw new DtlsError('illegal-parameter', 'bad x25519 public key');
        }
        if (s.every((b) => b === 0)) throw new DtlsError('illegal-parameter', 'x25519 small-order point');
        return s;
      },
    };
  }
  const curve = group === 'secp256r1' ? p256 : p384;
  const size = group === 'secp256r1' ? 65 : 97;
  const priv = curve.utils.randomSecretKey();
  return {
    group,
    publicKey: curve.getPublicKey(priv, false),
    deriveSecret(peer) {
      if (peer.length !== size || peer[0] !== 4) throw new DtlsError('illegal-parameter', 'bad ECDH point');
      try {
        // RFC 8422 §5.10: the premaster secret is the X coordinate.
        return curve.getSharedSecret(priv, peer, true).subarray(1);
      } catch {
        throw new DtlsError('illegal-parameter', 'ECDH point not on curve');
      }
    },
  };
}

function verify(info: PublicKeyInfo, scheme: SignatureScheme, data: Uint8Array, sig: Uint8Array): boolean {
  // RSA is verified on the node backend only; the portable path supports ECDSA peers.
  if (info.kind !== 'ec' || !scheme.startsWith('ecdsa_')) return false;
  const curve = info.curve === 'P-256' ? p256 : p384;
  const digest = schemeHash(scheme) === 'sha256' ? sha256(data) : sha384(data);
  try {
    // Peers (OpenSSL among them) do not normalise s, so high-s signatures are valid here.
    return curve.verify(sig, digest, info.point, { format: 'der', prehash: false, lowS: false });
  } catch {
    return false;
  }
}

/** Pure-JS primitives from @noble: the portable path. */
export const nobleCrypto: CryptoBackend = {
  name: 'noble',
  createAead: nobleAead,
  generateKeyShare: share,
  generateSigningKey() {
    const privateKey = p256.utils.randomSecretKey();
    return { privateKey, publicKey: p256.getPublicKey(privateKey, false) };
  },
  sign: (key, data) => p256.sign(data, key.privateKey, { format: 'der' }),
  verify,
};
