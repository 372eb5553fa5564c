/** Every failure thrown by @rtc/ice is an IceError with one of these codes. */
export type IceErrorCode =
  /** A candidate line does not follow the RFC 8839 §5.1 grammar. */
  | 'invalid-candidate'
  /** An argument passed by the caller is out of range or malformed. */
  | 'invalid-argument'
  /** The call is not allowed in the agent's current state (e.g. after close). */
  | 'invalid-state';

export class IceError extends Error {
  override readonly name = 'IceError';
  readonly code: IceErrorCode;

  constructor(code: IceErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
