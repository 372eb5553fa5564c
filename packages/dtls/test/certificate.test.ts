import { execFileSync } from 'node:child_process';
import { verify, X509Certificate } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { readPublicKeyInfo } from '../src/certificate/x509.js';
import {
  Certificate,
  computeFingerprint,
  matchesFingerprint,
  nobleCrypto,
  parseFingerprint,
} from '../src/index.js';

describe('self-signed certificates', () => {
  const a = Certificate.generate();
  const b = Certificate.generate();

  it('fresh key per certificate', () => {
    expect(Buffer.from(a.key.publicKey)).not.toEqual(Buffer.from(b.key.publicKey));
    expect(a.fingerprint()).not.toBe(b.fingerprint());
  });

  it('fingerprints in SDP format', () => {
    expect(a.fingerprint('sha-256')).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(a.fingerprint('sha-384').split(':')).toHaveLength(48);
    expect(a.fingerprint('sha-512').split(':')).toHaveLength(64);
  });

  it('node:crypto (OpenSSL) parses it, verifies its self-signature and agrees on the fingerprint', () => {
    const x = new X509Certificate(a.der);
    expect(x.subject).toBe('CN=WebRTC');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.fingerprint256).toBe(a.fingerprint('sha-256'));
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('the node:crypto key pair is consistent (private scalar -> public point) and signs verifiably', () => {
    expect(Buffer.from(p256.getPublicKey(a.key.privateKey, false))).toEqual(Buffer.from(a.key.publicKey));
    // The raw scalar (as fromKey stores it) signs with the portable path too; OpenSSL verifies it.
    const sig = nobleCrypto.sign(a.key, new Uint8Array([1, 2, 3]));
    const x = new X509Certificate(a.der);
    expect(verify('sha256', new Uint8Array([1, 2, 3]), { key: x.publicKey, dsaEncoding: 'der' }, sig)).toBe(
      true,
    );
  });

  it('the portable (noble) path generates a certificate OpenSSL verifies', () => {
    const c = Certificate.generate({ crypto: nobleCrypto });
    const x = new X509Certificate(c.der);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(Buffer.from(p256.getPublicKey(c.key.privateKey, false))).toEqual(Buffer.from(c.key.publicKey));
  });

  it('reads back its own public key', () => {
    const info = readPublicKeyInfo(a.der);
    expect(info.kind === 'ec' && Buffer.from(info.point)).toEqual(Buffer.from(a.key.publicKey));
  });

  it('matching is case-insensitive and any listed fingerprint may match', () => {
    const fp = parseFingerprint(`SHA-256 ${a.fingerprint().toLowerCase()}`);
    expect(fp.algorithm).toBe('sha-256');
    expect(matchesFingerprint(a.der, [{ algorithm: 'sha-512', value: '00' }, fp])).toBe(true);
    expect(matchesFingerprint(b.der, [fp])).toBe(false);
    expect(computeFingerprint('sha-384', a.der)).toBe(a.fingerprint('sha-384'));
  });

  it('round-trips through fromKey', () => {
    const c = Certificate.fromKey(a.der, a.key.privateKey);
    expect(c.fingerprint()).toBe(a.fingerprint());
  });

  it('openssl x509 reads it when openssl is present', () => {
    let out: string;
    try {
      out = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], {
        input: a.der,
        encoding: 'utf8',
      });
    } catch {
      console.warn('openssl not available; skipped');
      return;
    }
    expect(out).toContain('ecdsa-with-SHA256');
    expect(out).toContain('prime256v1');
  });
});
