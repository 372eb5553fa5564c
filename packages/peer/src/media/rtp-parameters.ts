// webrtc-pc §5.2 RTCRtpParameters and friends, as plain dictionaries, and the checks on
// RTCRtpEncodingParameters shared by addTransceiver (§4.4.1.x sendEncodings) and setParameters.
import { domError } from '../w3c/errors.js';
import type { MediaCodec, NegotiatedExtension } from './codecs/capabilities.js';

export interface RTCRtpEncodingParameters {
  rid?: string;
  active?: boolean;
  maxBitrate?: number;
  maxFramerate?: number;
  scaleResolutionDownBy?: number;
  priority?: 'very-low' | 'low' | 'medium' | 'high';
  networkPriority?: 'very-low' | 'low' | 'medium' | 'high';
}

export interface RTCRtpCodecParameters {
  payloadType: number;
  mimeType: string;
  clockRate: number;
  channels?: number;
  sdpFmtpLine?: string;
}

export interface RTCRtpHeaderExtensionParameters {
  uri: string;
  id: number;
  encrypted: boolean;
}

export interface RTCRtcpParameters {
  cname?: string;
  reducedSize?: boolean;
}

export interface RTCRtpParameters {
  headerExtensions: RTCRtpHeaderExtensionParameters[];
  rtcp: RTCRtcpParameters;
  codecs: RTCRtpCodecParameters[];
}

export interface RTCRtpSendParameters extends RTCRtpParameters {
  transactionId: string;
  encodings: RTCRtpEncodingParameters[];
  degradationPreference?: string;
}

/** What negotiation settled for one m= section (set by the RTCPeerConnection after each answer). */
export interface NegotiatedRtp {
  codecs: readonly MediaCodec[];
  headerExtensions: readonly NegotiatedExtension[];
  cname?: string;
  reducedSize?: boolean;
}

export function codecParameters(codecs: readonly MediaCodec[]): RTCRtpCodecParameters[] {
  return codecs.map((c) => {
    const p: RTCRtpCodecParameters = {
      payloadType: c.payloadType,
      mimeType: c.mimeType,
      clockRate: c.clockRate,
    };
    if (c.channels !== undefined) p.channels = c.channels;
    if (c.sdpFmtpLine !== undefined) p.sdpFmtpLine = c.sdpFmtpLine;
    return p;
  });
}

export function headerExtensionParameters(
  exts: readonly NegotiatedExtension[],
): RTCRtpHeaderExtensionParameters[] {
  return exts.map((e) => ({ uri: e.uri, id: e.id, encrypted: false }));
}

const RID = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * webrtc-pc §4.4.1.x addTransceiver sendEncodings checks: rid grammar (RFC 8851 §10) and
 * uniqueness (TypeError), rid required when more than one encoding (TypeError), scale and frame
 * rate ranges (RangeError). Returns normalized copies with `active` defaulted to true.
 */
export function checkSendEncodings(
  kind: 'audio' | 'video',
  encodings: readonly RTCRtpEncodingParameters[] | undefined,
): RTCRtpEncodingParameters[] {
  const list = encodings && encodings.length > 0 ? encodings : [{}];
  const rids = new Set<string>();
  const out: RTCRtpEncodingParameters[] = [];
  for (const e of list) {
    if (e.rid !== undefined) {
      if (!RID.test(e.rid)) throw domError('TypeError', `invalid rid '${e.rid}'`);
      if (rids.has(e.rid)) throw domError('TypeError', `duplicate rid '${e.rid}'`);
      rids.add(e.rid);
    } else if (list.length > 1) throw domError('TypeError', 'every encoding needs a rid with simulcast');
    checkEncodingRanges(e);
    const copy: RTCRtpEncodingParameters = { ...e, active: e.active ?? true };
    if (kind === 'video' && copy.scaleResolutionDownBy === undefined && list.length > 1) {
      // §5.2: default scale for simulcast layers is 2^(n - 1 - i)
      copy.scaleResolutionDownBy = 2 ** (list.length - 1 - out.length);
    }
    out.push(copy);
  }
  return out;
}

export function checkEncodingRanges(e: RTCRtpEncodingParameters): void {
  if (e.scaleResolutionDownBy !== undefined && !(e.scaleResolutionDownBy >= 1))
    throw domError('RangeError', 'scaleResolutionDownBy must be at least 1');
  if (e.maxFramerate !== undefined && !(e.maxFramerate >= 0))
    throw domError('RangeError', 'maxFramerate must not be negative');
  if (e.maxBitrate !== undefined && !(e.maxBitrate >= 0))
    throw domError('RangeError', 'maxBitrate must not be negative');
}
