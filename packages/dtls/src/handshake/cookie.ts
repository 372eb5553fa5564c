import { constantTimeEqual, hmacOf } from '../crypto/prf.js';
import { type ClientHello, encodeClientHello } from './client-hello.js';

export const COOKIE_LENGTH = 20;
const EMPTY = new Uint8Array(0);

/**
 * RFC 6347 §4.2.1 stateless cookie: HMAC(secret, ClientHello without its cookie [, peer address]).
 * The server stores nothing until a ClientHello returns with a cookie it can recompute, so a
 * repeated or spoofed ClientHello costs one HMAC and one small datagram.
 */
export function computeCookie(
  secret: Uint8Array,
  hello: ClientHello,
  peerAddress: Uint8Array = EMPTY,
): Uint8Array {
  const body = encodeClientHello({ ...hello, cookie: EMPTY });
  return hmacOf('sha256', secret, peerAddress, body).subarray(0, COOKIE_LENGTH);
}

export function verifyCookie(secret: Uint8Array, hello: ClientHello, peerAddress?: Uint8Array): boolean {
  return constantTimeEqual(hello.cookie, computeCookie(secret, hello, peerAddress));
}
