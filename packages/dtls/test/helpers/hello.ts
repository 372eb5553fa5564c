import { decodeClientHello, encodeClientHello } from '../../src/handshake/client-hello.js';
import type { Extension } from '../../src/handshake/extensions.js';
import {
  decodeFragments,
  encodeFragment,
  encodeWholeMessage,
  HandshakeType,
} from '../../src/handshake/header.js';
import { decodeServerHello, encodeServerHello } from '../../src/handshake/server-hello.js';
import { ContentType, decodeDatagram, encodeRecord } from '../../src/record/record.js';

type Hello = typeof HandshakeType.clientHello | typeof HandshakeType.serverHello;

/** The extensions of every whole (unfragmented) epoch-0 hello of `msgType` in a datagram. */
export function helloExtensions(datagram: Uint8Array, msgType: Hello): Extension[][] {
  const out: Extension[][] = [];
  for (const r of decodeDatagram(datagram).records) {
    if (r.type !== ContentType.handshake || r.epoch !== 0) continue;
    for (const f of decodeFragments(r.fragment)) {
      if (f.msgType !== msgType || f.fragmentOffset !== 0 || f.body.length !== f.length) continue;
      const m = msgType === HandshakeType.clientHello ? decodeClientHello(f.body) : decodeServerHello(f.body);
      out.push([...m.extensions]);
    }
  }
  return out;
}

/** One hello body re-encoded with its extension list edited. */
function editHello(msgType: Hello, body: Uint8Array, edit: (exts: Extension[]) => Extension[]): Uint8Array {
  if (msgType === HandshakeType.clientHello) {
    const m = decodeClientHello(body);
    return encodeClientHello({ ...m, extensions: edit([...m.extensions]) });
  }
  const m = decodeServerHello(body);
  return encodeServerHello({ ...m, extensions: edit([...m.extensions]) });
}

/**
 * Re-encode every whole epoch-0 hello of `msgType` in a datagram with its extension list edited
 * (lengths may change). The two sides' transcripts then differ, so this only serves tests that
 * fail before Finished.
 */
export function rewriteHello(
  datagram: Uint8Array,
  msgType: Hello,
  edit: (exts: Extension[]) => Extension[],
): Uint8Array {
  const out: Uint8Array[] = [];
  for (const r of decodeDatagram(datagram).records) {
    if (r.type !== ContentType.handshake || r.epoch !== 0) {
      out.push(encodeRecord(r.type, r.epoch, r.seq, r.fragment, r.version));
      continue;
    }
    const msgs = decodeFragments(r.fragment).map((f) => {
      if (f.msgType !== msgType || f.fragmentOffset !== 0 || f.body.length !== f.length) {
        return encodeFragment(f.msgType, f.length, f.messageSeq, f.fragmentOffset, f.body);
      }
      return encodeWholeMessage(f.msgType, f.messageSeq, editHello(msgType, f.body, edit));
    });
    out.push(encodeRecord(r.type, r.epoch, r.seq, Buffer.concat(msgs), r.version));
  }
  return Buffer.concat(out);
}
