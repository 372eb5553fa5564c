/** Why a DTLS operation failed. Decoders only ever throw DtlsError. */
export type DtlsErrorCode =
  | 'decode'
  | 'bad-fingerprint'
  | 'bad-certificate'
  | 'unsupported-certificate'
  | 'bad-signature'
  | 'bad-finished'
  | 'bad-record-mac'
  | 'handshake-failure'
  | 'illegal-parameter'
  | 'unsupported-extension'
  | 'record-overflow'
  | 'unexpected-message'
  | 'insufficient-security'
  | 'handshake-timeout'
  | 'peer-alert'
  | 'invalid-state'
  | 'invalid-argument';

export class DtlsError extends Error {
  readonly code: DtlsErrorCode;
  constructor(code: DtlsErrorCode, message: string) {
    super(message);
    this.name = 'DtlsError';
    this.code = code;
  }
}
