import { ContentType, DTLS_1_0, type DtlsRecord, encodeRecord } from '../record/record.js';
import { type ClientHello, decodeClientHello } from './client-hello.js';
import { computeCookie, verifyCookie } from './cookie.js';
import { decodeFragments, encodeWholeMessage, HandshakeType } from './header.js';
import { encodeHelloVerifyRequest } from './hello-verify-request.js';

export type ListenResult =
  | { readonly kind: 'drop'; readonly malformed: boolean }
  /** Send this HelloVerifyRequest datagram; keep no state. */
  | { readonly kind: 'verify'; readonly datagram: Uint8Array }
  /** The cookie verified: start the handshake with this ClientHello. */
  | {
      readonly kind: 'accept';
      readonly hello: ClientHello;
      readonly body: Uint8Array;
      readonly messageSeq: number;
      readonly recordSeq: number;
    };

/**
 * RFC 6347 §4.2.1: until a ClientHello returns with a cookie it can recompute, the server answers
 * each one with a HelloVerifyRequest and remembers nothing. Decoding failures are reported, not thrown.
 */
export function listen(secret: Uint8Array, rec: DtlsRecord): ListenResult {
  if (rec.type !== ContentType.handshake || rec.epoch !== 0) return { kind: 'drop', malformed: false };
  try {
    const frag = decodeFragments(rec.fragment)[0];
    // A stateless server needs the whole ClientHello in one fragment.
    if (
      !frag ||
      frag.msgType !== HandshakeType.clientHello ||
      frag.fragmentOffset !== 0 ||
      frag.body.length !== frag.length
    ) {
      return { kind: 'drop', malformed: false };
    }
    const hello = decodeClientHello(frag.body);
    if (verifyCookie(secret, hello)) {
      return {
        kind: 'accept',
        hello,
        body: new Uint8Array(frag.body),
        messageSeq: frag.messageSeq,
        recordSeq: rec.seq,
      };
    }
    // §4.2.1: HelloVerifyRequest uses DTLS 1.0 and echoes the ClientHello's record sequence number.
    const hvr = encodeHelloVerifyRequest({ version: DTLS_1_0, cookie: computeCookie(secret, hello) });
    const msg = encodeWholeMessage(HandshakeType.helloVerifyRequest, frag.messageSeq, hvr);
    return { kind: 'verify', datagram: encodeRecord(ContentType.handshake, 0, rec.seq, msg, DTLS_1_0) };
  } catch {
    return { kind: 'drop', malformed: true };
  }
}
