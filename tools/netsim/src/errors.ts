/** What went wrong, as a string literal the tests can match on. */
export type NetsimErrorCode =
  | 'bad-address'
  | 'bad-config'
  | 'address-in-use'
  | 'port-in-use'
  | 'no-free-port'
  | 'socket-closed'
  | 'unknown-node'
  | 'reentrant';

/**
 * The one error class of the simulator. It is thrown only for programming errors in a test
 * (bad configuration, double bind, sending on a closed socket). Network conditions (loss, NAT
 * filtering, no route) never throw: they drop the datagram and count it.
 */
export class NetsimError extends Error {
  override readonly name = 'NetsimError';
  readonly code: NetsimErrorCode;

  constructor(code: NetsimErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
