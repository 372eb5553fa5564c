import { ChunkType } from '../packet/chunk-type.js';
import { EDMID_DTLS, type Param, ParamType } from '../packet/params.js';

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
