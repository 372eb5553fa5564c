import type { DtlsErrorCode } from './errors.js';

/** RFC 5246 §7.2 alert descriptions. */
export const AlertDescription = {
  closeNotify: 0,
  unexpectedMessage: 10,
  badRecordMac: 20,
  recordOverflow: 22,
  handshakeFailure: 40,
  badCertificate: 42,
  unsupportedCertificate: 43,
  certificateUnknown: 46,
  illegalParameter: 47,
  decodeError: 50,
  decryptError: 51,
  protocolVersion: 70,
  insufficientSecurity: 71,
  internalError: 80,
  noRenegotiation: 100,
  unsupportedExtension: 110,
} as const;

export const AlertLevel = { warning: 1, fatal: 2 } as const;

const NAMES = new Map<number, string>(
  Object.entries(AlertDescription).map(([k, v]) => [v, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
);

export function alertName(description: number): string {
  return NAMES.get(description) ?? `alert_${description}`;
}

/** The alert sent when the local side fails the handshake for `code`. */
export function alertFor(code: DtlsErrorCode): number {
  switch (code) {
    case 'bad-fingerprint':
    case 'bad-certificate':
      return AlertDescription.badCertificate;
    case 'unsupported-certificate':
      return AlertDescription.unsupportedCertificate;
    case 'bad-signature':
    case 'bad-finished':
      return AlertDescription.decryptError;
    case 'decode':
      return AlertDescription.decodeError;
    case 'illegal-parameter':
      return AlertDescription.illegalParameter;
    case 'unexpected-message':
      return AlertDescription.unexpectedMessage;
    case 'unsupported-extension':
      return AlertDescription.unsupportedExtension;
    case 'record-overflow':
      return AlertDescription.recordOverflow;
    case 'insufficient-security':
      return AlertDescription.insufficientSecurity;
    case 'bad-record-mac':
      return AlertDescription.badRecordMac;
    default:
      return AlertDescription.handshakeFailure;
  }
}
