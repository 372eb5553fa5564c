import type { PublicKeyInfo } from '../crypto/backend.js';
import { DtlsError } from '../errors.js';
import {
  bitString,
  children,
  decodeOid,
  expectTag,
  integer,
  oid,
  readNode,
  sequence,
  TAG,
  time,
  tlv,
  utf8,
} from './der.js';

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
} as const;

export interface TbsFields {
  serial: Uint8Array;
  commonName: string;
  notBefore: number;
  notAfter: number;
  /** Uncompressed P-256 point. */
  publicKey: Uint8Array;
}

/** RFC 5280 §4.1: the TBSCertificate of a self-signed ECDSA P-256 certificate (issuer = subject). */
export function encodeTbs(f: TbsFields): Uint8Array {
  const name = sequence(tlv(TAG.SET, sequence(oid(OID.commonName), utf8(f.commonName))));
  const sigAlg = sequence(oid(OID.ecdsaWithSha256));
  const spki = sequence(sequence(oid(OID.ecPublicKey), oid(OID.prime256v1)), bitString(f.publicKey));
  return sequence(
    tlv(TAG.CONTEXT_0, integer(new Uint8Array([2]))), // v3
    integer(f.serial),
    sigAlg,
    name,
    sequence(time(f.notBefore), time(f.notAfter)),
    name,
    spki,
  );
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }. */
export function encodeCertificate(tbs: Uint8Array, derSignature: Uint8Array): Uint8Array {
  return sequence(tbs, sequence(oid(OID.ecdsaWithSha256)), bitString(derSignature));
}

/** Extract the SubjectPublicKeyInfo of a DER certificate (RFC 5280 §4.1.2.7). */
export function readPublicKeyInfo(der: Uint8Array): PublicKeyInfo {
  const cert = expectTag(readNode(der), TAG.SEQUENCE, 'Certificate');
  const tbs = expectTag(children(cert)[0], TAG.SEQUENCE, 'TBSCertificate');
  const fields = children(tbs);
  // With the explicit [0] version, SPKI is the 7th field; without it (v1), the 6th.
  const spkiNode = expectTag(
    fields[fields[0]?.tag === TAG.CONTEXT_0 ? 6 : 5],
    TAG.SEQUENCE,
    'SubjectPublicKeyInfo',
  );
  const [alg, key] = children(spkiNode);
  const algParts = children(expectTag(alg, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const algOid = decodeOid(expectTag(algParts[0], TAG.OID, 'algorithm').value);
  const bits = expectTag(key, TAG.BIT_STRING, 'subjectPublicKey').value;
  if (bits.length < 1 || bits[0] !== 0) throw new DtlsError('decode', 'DER: bad public key bit string');
  const spki = new Uint8Array(spkiNode.raw);
  if (algOid === OID.rsaEncryption) return { kind: 'rsa', spki };
  if (algOid !== OID.ecPublicKey)
    throw new DtlsError('unsupported-certificate', `unsupported key algorithm ${algOid}`);
  const curveOid = decodeOid(expectTag(algParts[1], TAG.OID, 'namedCurve').value);
  const point = new Uint8Array(bits.subarray(1));
  if (curveOid === OID.prime256v1 && point.length === 65 && point[0] === 4)
    return { kind: 'ec', curve: 'P-256', point, spki };
  if (curveOid === OID.secp384r1 && point.length === 97 && point[0] === 4)
    return { kind: 'ec', curve: 'P-384', point, spki };
  throw new DtlsError('unsupported-certificate', `unsupported curve ${curveOid}`);
}
