import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { HEADER_LENGTH } from '../constants.js';
import type { HashBackend } from './backend.js';

/** The part of noble's HMAC state used here (hmac.create returns it for SHA-1 and SHA-256 alike). */
interface Mac {
  _cloneInto(to?: Mac): Mac;
  update(data: Uint8Array): Mac;
  digest(): Uint8Array;
}

const createMac = (hash: typeof sha1 | typeof sha256, key: Uint8Array): Mac =>
  hmac.create(hash, key) as unknown as Mac;

interface KeyState {
  /** A copy of the key bytes: a caller who mutates its key array must not get a stale state. */
  bytes: Uint8Array;
  sha1?: Mac;
  sha256?: Mac;
}

// An ICE session or TURN allocation signs and checks every message with the same key. HMAC absorbs the
// key's inner and outer pad blocks before any message byte (RFC 2104), so those two compressions are
// done once per key and the state is cloned per message. Weakly keyed by the caller's key array.
const keyStates = new WeakMap<Uint8Array, KeyState>();
let sha1Work: Mac | undefined;
let sha256Work: Mac | undefined;

function stateFor(key: Uint8Array): KeyState {
  let state = keyStates.get(key);
  if (state === undefined || !sameBytes(state.bytes, key)) {
    state = { bytes: new Uint8Array(key) }; // a copy, also when key is a Buffer
    keyStates.set(key, state);
  }
  return state;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// The header with its length field replaced, built here instead of patching the caller's bytes.
const head = new Uint8Array(HEADER_LENGTH);

function adjustedHeader(message: Uint8Array, length: number): Uint8Array {
  for (let i = 0; i < HEADER_LENGTH; i++) head[i] = message[i]!;
  head[2] = length >>> 8;
  head[3] = length & 0xff;
  return head;
}

function mac(
  base: Mac,
  work: Mac | undefined,
  message: Uint8Array,
  end: number,
  length: number,
): [Uint8Array, Mac] {
  const h = base._cloneInto(work);
  h.update(adjustedHeader(message, length)).update(message.subarray(HEADER_LENGTH, end));
  return [h.digest(), h];
}

/** Pure-JS hashes from @noble/hashes: runs anywhere (browsers, Deno, Bun, Node without OpenSSL). */
export const nobleBackend: HashBackend = {
  name: 'noble',
  hmacSha1(key, message, end, length) {
    const state = stateFor(key);
    const base = (state.sha1 ??= createMac(sha1, state.bytes));
    const [out, work] = mac(base, sha1Work, message, end, length);
    sha1Work = work;
    return out;
  },
  hmacSha256(key, message, end, length) {
    const state = stateFor(key);
    const base = (state.sha256 ??= createMac(sha256, state.bytes));
    const [out, work] = mac(base, sha256Work, message, end, length);
    sha256Work = work;
    return out;
  },
  md5(data) {
    return md5(data);
  },
  sha256(data) {
    return sha256(data);
  },
};
