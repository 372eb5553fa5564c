import { Certificate, nodeCrypto } from '../src/index.js';

// nodeCrypto.verify keeps imported peer keys in a small process-wide cache keyed by the
// SubjectPublicKeyInfo bytes: a cached key must never verify another key's signature.

const data = new TextEncoder().encode('handshake_messages');

test('cached peer keys verify only their own signatures, across evictions', () => {
  const certs = Array.from({ length: 40 }, () => Certificate.generate());
  const sigs = certs.map((c) => nodeCrypto.sign(c.key, data));
  for (let round = 0; round < 2; round++) {
    // 40 distinct keys: more than the cache holds, so the second round re-imports evicted ones.
    for (let i = 0; i < certs.length; i++) {
      const info = certs[i]!.publicKeyInfo;
      expect(nodeCrypto.verify(info, 'ecdsa_secp256r1_sha256', data, sigs[i]!)).toBe(true);
      const other = sigs[(i + 1) % certs.length]!;
      expect(nodeCrypto.verify(info, 'ecdsa_secp256r1_sha256', data, other)).toBe(false);
      const tampered = data.slice();
      tampered[0] = (tampered[0] as number) ^ 1;
      expect(nodeCrypto.verify(info, 'ecdsa_secp256r1_sha256', tampered, sigs[i]!)).toBe(false);
      // An RSA scheme never verifies with an EC key, cached or not.
      expect(nodeCrypto.verify(info, 'rsa_pkcs1_sha256', data, sigs[i]!)).toBe(false);
    }
  }
});
