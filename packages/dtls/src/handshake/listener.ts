import { ContentType, DTLS_1_0, type DtlsRecord, encodeRecord } from '../record/record.js';
import { type ClientHello, decodeClientHello } from './client-hello.js';
import type { ClientHelloAssembler } from './client-hello-assembler.js';
import { computeCookie, verifyCookie } from './cookie.js';
import { decodeFragments, encodeWholeMessage, HandshakeType } from './header.js';
import { encodeHelloVerifyRequest } from './hello-verify-request.js';

export type ListenResult =
  | { readonly kind: 'drop'; readonly malformed: boolean }
  /** A fragment of a ClientHello was kept; more are needed. */
  | { readonly kind: 'partial' }
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
 * each one with a HelloVerifyRequest and remembers nothing but the one bounded in-progress
 * fragmented ClientHello in `assembler` (§4.2.3). Decoding failures are reported, not thrown.
 * With `requireCookie` false (§4.2.1: "where amplification is not a problem", e.g. the peer's
 * address was already verified by ICE), the first well-formed ClientHello is accepted as it is.
 */
export function listen(
  secret: Uint8Array,
  rec: DtlsRecord,
  assembler: ClientHelloAssembler,
  requireCookie = true,
): ListenResult {
  if (rec.type !== ContentType.handshake || rec.epoch !== 0) return { kind: 'drop', malformed: false };
  try {
    let partial = false;
    for (const frag of decodeFragments(rec.fragment)) {
      if (frag.msgType !== HandshakeType.clientHello) continue;
      let body: Uint8Array;
      if (frag.fragmentOffset === 0 && frag.body.length === frag.length) {
        body = frag.body;
      } else {
        const r = assembler.add(frag);
        if (r === 'dropped') continue;
        if (r === 'partial') {
          partial = true;
          continue;
        }
        body = r;
      }
      return answer(secret, decodeClientHello(body), body, frag.messageSeq, rec.seq, requireCookie);
    }
    return partial ? { kind: 'partial' } : { kind: 'drop', malformed: false };
  } catch {
    return { kind: 'drop', malformed: true };
  }
}

function answer(
  secret: Uint8Array,
  hello: ClientHello,
  body: Uint8Array,
  messageSeq: number,
  recordSeq: number,
  requireCookie: boolean,
): ListenResult {
  if (!requireCookie || verifyCookie(secret, hello)) {
    return { kind: 'accept', hello, body: new Uint8Array(body), messageSeq, recordSeq };
  }
  // §4.2.1: HelloVerifyRequest uses DTLS 1.0 and echoes the ClientHello's record sequence number
  // (for a fragmented ClientHello, that of the record that completed it).
  const hvr = encodeHelloVerifyRequest({ version: DTLS_1_0, cookie: computeCookie(secret, hello) });
  const msg = encodeWholeMessage(HandshakeType.helloVerifyRequest, messageSeq, hvr);
  return { kind: 'verify', datagram: encodeRecord(ContentType.handshake, 0, recordSeq, msg, DTLS_1_0) };
}
