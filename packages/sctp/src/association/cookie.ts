import { createHmac, timingSafeEqual } from 'node:crypto';
import { read16, read32, write16, write32 } from '../packet/bytes.js';

/**
 * The State Cookie (RFC 9260 §5.1.3): everything needed to build the association from COOKIE-ECHO
 * alone, so that no state is held between INIT and COOKIE-ECHO. Signed with HMAC-SHA256 under a
 * per-association secret; the creation time is the caller's clock (the cookie only comes back to us).
 */
export interface CookieState {
  createdAt: number;
  lifespan: number;
  localTag: number;
  peerTag: number;
  localInitialTsn: number;
  peerInitialTsn: number;
  peerRwnd: number;
  peerOutboundStreams: number;
  peerInboundStreams: number;
  /** Tie-tags (RFC 9260 §5.2.2): our current tags when the INIT arrived in a non-CLOSED state, else 0. */
  localTieTag: number;
  peerTieTag: number;
  /** Bit 0: peer supports FORWARD-TSN, bit 1: RE-CONFIG, bit 2: zero checksum (DTLS). */
  peerFeatures: number;
}

const BODY = 48;
const MAC = 32;
export const COOKIE_SIZE = BODY + MAC;

function mac(secret: Uint8Array, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function encodeCookie(s: CookieState, secret: Uint8Array): Uint8Array {
  const b = new Uint8Array(COOKIE_SIZE);
  const dv = new DataView(b.buffer);
  b[0] = 1; // format version
  dv.setFloat64(4, s.createdAt);
  write32(b, 12, s.lifespan);
  write32(b, 16, s.localTag);
  write32(b, 20, s.peerTag);
  write32(b, 24, s.localInitialTsn);
  write32(b, 28, s.peerInitialTsn);
  write32(b, 32, s.peerRwnd);
  write16(b, 36, s.peerOutboundStreams);
  write16(b, 38, s.peerInboundStreams);
  write32(b, 40, s.localTieTag);
  write32(b, 44, s.peerTieTag);
  b[1] = s.peerFeatures;
  b.set(mac(secret, b.subarray(0, BODY)), BODY);
  return b;
}

export type CookieCheck =
  | { ok: true; state: CookieState }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'stale'; staleness: number; state: CookieState };

/** Verify the MAC (constant time) and the lifespan against the caller's `now` (RFC 9260 §5.1.5 steps 2-3). */
export function verifyCookie(b: Uint8Array, secret: Uint8Array, now: number): CookieCheck {
  if (b.length !== COOKIE_SIZE || b[0] !== 1) return { ok: false, reason: 'invalid' };
  const expect = mac(secret, b.subarray(0, BODY));
  if (!timingSafeEqual(expect, b.subarray(BODY))) return { ok: false, reason: 'invalid' };
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const state: CookieState = {
    createdAt: dv.getFloat64(4),
    lifespan: read32(b, 12),
    localTag: read32(b, 16),
    peerTag: read32(b, 20),
    localInitialTsn: read32(b, 24),
    peerInitialTsn: read32(b, 28),
    peerRwnd: read32(b, 32),
    peerOutboundStreams: read16(b, 36),
    peerInboundStreams: read16(b, 38),
    localTieTag: read32(b, 40),
    peerTieTag: read32(b, 44),
    peerFeatures: b[1]!,
  };
  const age = now - state.createdAt;
  if (age > state.lifespan) return { ok: false, reason: 'stale', staleness: age - state.lifespan, state };
  return { ok: true, state };
}
