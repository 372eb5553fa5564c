// Packets that arrive before the layer for them exists: DTLS before the remote description tells
// us our role and the fingerprint, SRTP while our side of the DTLS handshake is still finishing
// (the peer's ended a flight earlier; its key frame is kept for the media path instead of lost).

/** Early DTLS datagrams kept until the DTLS endpoint exists. */
const MAX_EARLY_DTLS = 32;
/** Early SRTP/SRTCP kept until the media path is attached. */
const MAX_EARLY_RTP = 64;

export interface EarlyCounters {
  earlyDtlsHeld: number;
  earlyDtlsDropped: number;
  unknownPackets: number;
  rtpIgnored: number;
  earlyRtpHeld: number;
}

export class EarlyPackets {
  /** DTLS datagrams dropped or held for lack of a DTLS endpoint; other unknown packets. */
  readonly counters: EarlyCounters = {
    earlyDtlsHeld: 0,
    earlyDtlsDropped: 0,
    unknownPackets: 0,
    rtpIgnored: 0,
    earlyRtpHeld: 0,
  };
  #dtls: Uint8Array[] | undefined;
  #rtp: Uint8Array[] | undefined;

  holdDtls(datagram: Uint8Array): void {
    const held = (this.#dtls ??= []);
    if (held.length < MAX_EARLY_DTLS) {
      held.push(datagram);
      this.counters.earlyDtlsHeld++;
    } else this.counters.earlyDtlsDropped++;
  }

  takeDtls(): Uint8Array[] {
    const held = this.#dtls ?? [];
    this.#dtls = undefined;
    return held;
  }

  /** Holds SRTP while DTLS is connecting (`holding`); otherwise it is counted as ignored. */
  holdRtp(packet: Uint8Array, holding: boolean): void {
    if (holding && (this.#rtp?.length ?? 0) < MAX_EARLY_RTP) {
      (this.#rtp ??= []).push(packet);
      this.counters.earlyRtpHeld++;
    } else this.counters.rtpIgnored++;
  }

  takeRtp(): Uint8Array[] {
    const held = this.#rtp ?? [];
    this.#rtp = undefined;
    return held;
  }

  /** What was held for a media path that was not attached is not for us. */
  dropRtp(): void {
    this.counters.rtpIgnored += this.#rtp?.length ?? 0;
    this.#rtp = undefined;
  }
}
