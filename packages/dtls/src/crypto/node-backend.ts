import {
  constants,
  createCipheriv,
  createDecipheriv,
  createECDH,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { DtlsError } from '../errors.js';
import type { Aead, CryptoBackend, KeyShare, PublicKeyInfo, SigningKey } from './backend.js';
import { type NamedGroup, type SignatureScheme, schemeHash } from './groups.js';
import type { AeadAlgorithm } from './suites.js';

const TAG = 16;

function nodeAead(alg: AeadAlgorithm, rawKey: Uint8Array): Aead {
  const key: KeyObject = createSecretKey(rawKey);
  const opts = { authTagLength: TAG } as const;
  const sealInto = (
    out: Uint8Array,
    offset: number,
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
  ) => {
    // node's typings have no overload for chacha20-poly1305; it behaves like GCM here.
    const c = createCipheriv(alg as 'aes-128-gcm', key, nonce, opts);
    c.setAAD(aad);
    out.set(c.update(plaintext), offset);
    c.final();
    out.set(c.getAuthTag(), offset + plaintext.length);
  };
  return {
    sealInto,
    seal(nonce, aad, plaintext) {
      const out = new Uint8Array(plaintext.length + TAG);
      sealInto(out, 0, nonce, aad, plaintext);
      return out;
    },
    open(nonce, aad, sealed) {
      if (sealed.length < TAG) return undefined;
      const ctLen = sealed.length - TAG;
      const d = createDecipheriv(alg as 'aes-128-gcm', key, nonce, opts);
      d.setAAD(aad);
      d.setAuthTag(sealed.subarray(ctLen));
      const p = d.update(sealed.subarray(0, ctLen));
      try {
        d.final();
      } catch {
        return undefined;
      }
      return new Uint8Array(p.buffer, p.byteOffset, p.length);
    },
  };
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function x25519Share(): KeyShare {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return {
    group: 'x25519',
    publicKey: new Uint8Array(pub),
    deriveSecret(peer) {
      if (peer.length !== 32) throw new DtlsError('illegal-parameter', 'x25519 public key must be 32 bytes');
      let secret: Buffer;
      try {
        const key = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(peer) }, format: 'jwk' });
        secret = diffieHellman({ privateKey, publicKey: key });
      } catch {
        throw new DtlsError('illegal-parameter', 'bad x25519 public key');
      }
      // RFC 7748 §6.1: an all-zero output means a small-order point.
      if (secret.every((b) => b === 0)) throw new DtlsError('illegal-parameter', 'x25519 small-order point');
      return new Uint8Array(secret);
    },
  };
}

function nistShare(group: 'secp256r1' | 'secp384r1'): KeyShare {
  const ecdh = createECDH(group === 'secp256r1' ? 'prime256v1' : 'secp384r1');
  const pub = ecdh.generateKeys();
  const size = group === 'secp256r1' ? 65 : 97;
  return {
    group,
    publicKey: new Uint8Array(pub),
    deriveSecret(peer) {
      // RFC 8422 §5.4: only the uncompressed point format is used.
      if (peer.length !== size || peer[0] !== 4) throw new DtlsError('illegal-parameter', 'bad ECDH point');
      try {
        return new Uint8Array(ecdh.computeSecret(peer));
      } catch {
        throw new DtlsError('illegal-parameter', 'ECDH point not on curve');
      }
    },
  };
}

const privateKeys = new WeakMap<Uint8Array, KeyObject>();

/** OpenSSL key generation: ~50x faster than the pure-JS path, and no JIT warm-up on first use. */
function generateSigningKey(): SigningKey {
  const { privateKey: k } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = k.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  const publicKey = new Uint8Array(65);
  publicKey[0] = 4;
  publicKey.set(x, 1 + 32 - x.length);
  publicKey.set(y, 33 + 32 - y.length);
  const d = Buffer.from(jwk.d!, 'base64url');
  const privateKey = new Uint8Array(32);
  privateKey.set(d, 32 - d.length);
  privateKeys.set(privateKey, k);
  return { privateKey, publicKey };
}

function signingKeyObject(key: SigningKey): KeyObject {
  let k = privateKeys.get(key.privateKey);
  if (!k) {
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      d: b64u(key.privateKey),
      x: b64u(key.publicKey.subarray(1, 33)),
      y: b64u(key.publicKey.subarray(33, 65)),
    };
    k = createPrivateKey({ key: jwk, format: 'jwk' });
    privateKeys.set(key.privateKey, k);
  }
  return k;
}

/**
 * Imported peer keys by SubjectPublicKeyInfo bytes: importing a P-256 point costs ~100 us in
 * OpenSSL 3, and a process often meets the same certificate again (reconnects, a server's many
 * clients of one peer). Public keys only; small and bounded (oldest entry evicted).
 */
const publicKeys = new Map<string, KeyObject>();
const MAX_PUBLIC_KEYS = 32;

function cachedPublicKey(info: PublicKeyInfo): KeyObject {
  const id = Buffer.from(info.spki.buffer, info.spki.byteOffset, info.spki.length).toString('latin1');
  let key = publicKeys.get(id);
  if (key) return key;
  key = importPublicKey(info);
  if (publicKeys.size >= MAX_PUBLIC_KEYS) publicKeys.delete(publicKeys.keys().next().value!);
  publicKeys.set(id, key);
  return key;
}

/**
 * EC keys are imported from their point as a JWK: OpenSSL 3 decodes a DER SubjectPublicKeyInfo
 * about twice as slowly, and this runs once per handshake on the critical path. RSA keys use SPKI.
 */
function importPublicKey(info: PublicKeyInfo): KeyObject {
  if (info.kind === 'ec') {
    const size = info.curve === 'P-256' ? 32 : 48;
    if (info.point.length === 1 + 2 * size && info.point[0] === 4) {
      const x = b64u(info.point.subarray(1, 1 + size));
      const y = b64u(info.point.subarray(1 + size));
      return createPublicKey({ key: { kty: 'EC', crv: info.curve, x, y }, format: 'jwk' });
    }
  }
  return createPublicKey({ key: Buffer.from(info.spki), format: 'der', type: 'spki' });
}

function verify(info: PublicKeyInfo, scheme: SignatureScheme, data: Uint8Array, sig: Uint8Array): boolean {
  const isRsa = scheme.startsWith('rsa_');
  if (isRsa !== (info.kind === 'rsa')) return false;
  try {
    const key = cachedPublicKey(info);
    const hash = schemeHash(scheme);
    if (scheme.startsWith('rsa_pss')) {
      return nodeVerify(
        hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
        sig,
      );
    }
    if (isRsa) return nodeVerify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
    return nodeVerify(hash, data, { key, dsaEncoding: 'der' }, sig);
  } catch {
    return false;
  }
}

/** node:crypto (OpenSSL) primitives: the fast path on Node. */
export const nodeCrypto: CryptoBackend = {
  name: 'node',
  createAead: nodeAead,
  generateKeyShare(group: NamedGroup) {
    return group === 'x25519' ? x25519Share() : nistShare(group);
  },
  generateSigningKey,
  sign(key, data) {
    return new Uint8Array(nodeSign('sha256', data, { key: signingKeyObject(key), dsaEncoding: 'der' }));
  },
  verify,
};
