// W3C webrtc-pc reports errors as DOMExceptions with the names browsers use (WebIDL §2.8.1), and
// argument errors as TypeError, so code written for a browser can branch on `error.name`.

export type DomErrorName =
  | 'InvalidStateError'
  | 'InvalidAccessError'
  | 'InvalidModificationError'
  | 'OperationError'
  | 'NotSupportedError'
  | 'SyntaxError'
  | 'TypeError'
  | 'RangeError'
  | 'NotFoundError'
  | 'DataError';

export function domError(name: DomErrorName, message: string): Error {
  if (name === 'TypeError') return new TypeError(message);
  if (name === 'RangeError') return new RangeError(message);
  return new DOMException(message, name);
}

/** Fails with InvalidStateError when the connection is closed (webrtc-pc §4.4.1.x "If [[IsClosed]]"). */
export function assertNotClosed(closed: boolean): void {
  if (closed) throw domError('InvalidStateError', 'The RTCPeerConnection is closed');
}
