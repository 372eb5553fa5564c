// webrtc-pc §4.8.1: RTCIceCandidate. The candidate-attribute grammar is @rtc/ice's (RFC 8839 §5.1);
// here we only expose its fields with the W3C names. Liberal on input: a leading "a=" (seen from
// libdatachannel) is accepted, and sdpMLineIndex may be null when sdpMid is given.
import { type Candidate, parseCandidate } from '@rtc/ice';

export interface RTCIceCandidateInit {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export type RTCIceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export class RTCIceCandidate {
  readonly candidate: string;
  readonly sdpMid: string | null;
  readonly sdpMLineIndex: number | null;
  readonly usernameFragment: string | null;
  readonly foundation: string | null = null;
  readonly component: 'rtp' | 'rtcp' | null = null;
  readonly priority: number | null = null;
  readonly address: string | null = null;
  readonly protocol: 'udp' | 'tcp' | null = null;
  readonly port: number | null = null;
  readonly type: RTCIceCandidateType | null = null;
  readonly tcpType: 'active' | 'passive' | 'so' | null = null;
  readonly relatedAddress: string | null = null;
  readonly relatedPort: number | null = null;

  constructor(init: RTCIceCandidateInit = {}) {
    const sdpMid = init.sdpMid ?? null;
    const sdpMLineIndex = init.sdpMLineIndex ?? null;
    if (sdpMid === null && sdpMLineIndex === null) {
      throw new TypeError("Failed to construct 'RTCIceCandidate': sdpMid and sdpMLineIndex are both null");
    }
    this.candidate = normalizeCandidateLine(init.candidate ?? '');
    this.sdpMid = sdpMid;
    this.sdpMLineIndex = sdpMLineIndex;
    let parsed: Candidate | undefined;
    if (this.candidate !== '') {
      try {
        parsed = parseCandidate(this.candidate);
      } catch {
        parsed = undefined; // webrtc-pc: the fields stay null when the line does not parse
      }
    }
    this.usernameFragment = init.usernameFragment ?? parsed?.ufrag ?? null;
    if (parsed) {
      this.foundation = parsed.foundation;
      this.component = parsed.component === 2 ? 'rtcp' : 'rtp';
      this.priority = parsed.priority;
      this.address = parsed.address;
      this.protocol = parsed.transport === 'tcp' ? 'tcp' : 'udp';
      this.port = parsed.port;
      this.type = parsed.type;
      this.tcpType = parsed.tcpType ?? null;
      this.relatedAddress = parsed.relatedAddress ?? null;
      this.relatedPort = parsed.relatedPort ?? null;
    }
  }

  toJSON(): RTCIceCandidateInit {
    return {
      candidate: this.candidate,
      sdpMid: this.sdpMid,
      sdpMLineIndex: this.sdpMLineIndex,
      usernameFragment: this.usernameFragment,
    };
  }
}

/** "a=candidate:..." -> "candidate:..." (libdatachannel sends the a= prefix). */
export function normalizeCandidateLine(line: string): string {
  const trimmed = line.trim();
  return trimmed.startsWith('a=') ? trimmed.slice(2) : trimmed;
}
