import { ChunkType } from '../packet/chunk-type.js';
import type { InitChunk } from '../packet/init.js';
import { EDMID_DTLS, type Param, ParamType } from '../packet/params.js';
import { type CookieState, encodeCookie } from './cookie.js';
import type { AssociationState } from './events.js';

export const FEATURE_FORWARD_TSN = 1;
export const FEATURE_RECONFIG = 2;
export const FEATURE_ZERO_CHECKSUM = 4;

/** The optional parameters we put in INIT and INIT-ACK (RFC 9260 §3.3.2, RFC 5061 §4.2.7, RFC 9653 §5.1). */
export function localInitParams(zeroChecksum: boolean): Param[] {
  const params: Param[] = [
    // Supported Extensions: RE-CONFIG (130) and FORWARD-TSN (192).
    {
      type: ParamType.SUPPORTED_EXTENSIONS,
      value: Uint8Array.of(ChunkType.RE_CONFIG, ChunkType.FORWARD_TSN),
    },
    { type: ParamType.FORWARD_TSN_SUPPORTED, value: new Uint8Array(0) },
  ];
  if (zeroChecksum)
    params.push({ type: ParamType.ZERO_CHECKSUM_ACCEPTABLE, value: Uint8Array.of(0, 0, 0, EDMID_DTLS) });
  return params;
}

/** What the peer's INIT/INIT-ACK says it supports. */
export function peerFeatures(params: readonly Param[]): number {
  let f = 0;
  for (const p of params) {
    if (p.type === ParamType.FORWARD_TSN_SUPPORTED) f |= FEATURE_FORWARD_TSN;
    else if (p.type === ParamType.SUPPORTED_EXTENSIONS) {
      for (const t of p.value) {
        if (t === ChunkType.FORWARD_TSN) f |= FEATURE_FORWARD_TSN;
        if (t === ChunkType.RE_CONFIG) f |= FEATURE_RECONFIG;
      }
    } else if (p.type === ParamType.ZERO_CHECKSUM_ACCEPTABLE && p.value.length === 4) {
      const edmid = ((p.value[0]! << 24) | (p.value[1]! << 16) | (p.value[2]! << 8) | p.value[3]!) >>> 0;
      if (edmid === EDMID_DTLS) f |= FEATURE_ZERO_CHECKSUM;
    }
  }
  return f;
}

export function findParam(params: readonly Param[], type: number): Uint8Array | undefined {
  return params.find((p) => p.type === type)?.value;
}

export const MAX_STREAMS = 65535;

/** Our side of the association as the handshake sees it. */
export interface HandshakeView {
  state: AssociationState;
  localTag: number;
  localInitialTsn: number;
  peerTag: number;
}

export interface InitAckConfig {
  now: number;
  cookieLifespan: number;
  receiveWindow: number;
  zeroChecksum: boolean;
  secret: Uint8Array;
  /** A fresh non-zero tag and a fresh TSN, for a restart (§5.2.2). */
  fresh: () => [number, number];
}

/**
 * The INIT-ACK answering an INIT (RFC 9260 §5.1, §5.2.1, §5.2.2), with a signed State Cookie that
 * holds everything needed later: no state is kept until COOKIE-ECHO.
 */
export function initAckFor(c: InitChunk, me: HandshakeView, cfg: InitAckConfig): InitChunk {
  let localTag = me.localTag;
  let localTsn = me.localInitialTsn;
  let localTie = 0;
  let peerTie = 0;
  if (me.state === 'cookie-wait' || me.state === 'cookie-echoed') {
    // §5.2.1: INIT collision: answer with the tag and TSN of our own INIT, plus tie-tags.
    localTie = me.localTag;
    peerTie = me.peerTag;
  } else if (me.state !== 'closed') {
    // §5.2.2: INIT in an established association (peer restart): fresh tag, tie-tags = current tags.
    [localTag, localTsn] = cfg.fresh();
    localTie = me.localTag;
    peerTie = me.peerTag;
  }
  const state: CookieState = {
    createdAt: cfg.now,
    lifespan: cfg.cookieLifespan,
    localTag,
    peerTag: c.initiateTag,
    localInitialTsn: localTsn,
    peerInitialTsn: c.initialTsn,
    peerRwnd: c.advertisedRwnd,
    peerOutboundStreams: c.outboundStreams,
    peerInboundStreams: c.inboundStreams,
    localTieTag: localTie,
    peerTieTag: peerTie,
    peerFeatures: peerFeatures(c.params),
  };
  return {
    type: ChunkType.INIT_ACK,
    flags: 0,
    initiateTag: localTag,
    advertisedRwnd: cfg.receiveWindow,
    outboundStreams: MAX_STREAMS,
    inboundStreams: MAX_STREAMS,
    initialTsn: localTsn,
    params: [
      { type: ParamType.STATE_COOKIE, value: encodeCookie(state, cfg.secret) },
      ...localInitParams(cfg.zeroChecksum),
    ],
  };
}

/**
 * RFC 9260 §5.2.4 table: what a valid COOKIE-ECHO means when we already have an association.
 * A: peer restart; B: setup collision, take the peer's new tag; C: late, discard; D: both match.
 */
export function cookieCase(s: CookieState, localTag: number, peerTag: number): 'A' | 'B' | 'C' | 'D' {
  const localMatch = s.localTag === localTag;
  const peerMatch = s.peerTag === peerTag;
  if (!localMatch && !peerMatch && s.localTieTag === localTag && s.peerTieTag === peerTag) return 'A';
  if (localMatch && !peerMatch) return 'B';
  if (localMatch && peerMatch) return 'D';
  return 'C';
}
