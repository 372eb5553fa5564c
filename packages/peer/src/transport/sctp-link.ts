// What the peer connection needs from the SCTP association (RFC 8831 data channels over RFC 8261
// SCTP-over-DTLS). The binding to @rtc/sctp's Association lives in sctp-association.ts.

export interface ChannelParameters {
  label: string;
  protocol: string;
  ordered: boolean;
  maxRetransmits: number | undefined;
  maxPacketLifeTime: number | undefined;
  negotiated: boolean;
  id: number | undefined;
}

export type SctpEvent =
  | { type: 'connected' }
  /** The peer opened a channel with DCEP (RFC 8832 §5.1). */
  | { type: 'channel-incoming'; id: number; parameters: ChannelParameters }
  /** A channel we created is open (DCEP ACK, or association up for negotiated channels). */
  | { type: 'channel-open'; id: number }
  | { type: 'message'; id: number; data: Uint8Array; binary: boolean }
  | { type: 'buffered-low'; id: number }
  | { type: 'channel-closing'; id: number }
  | { type: 'channel-closed'; id: number }
  | { type: 'closed'; reason: string };

export interface SctpLink {
  /**
   * Sends INIT (again, if ours is unanswered), or nothing when the peer's INIT was answered first.
   * Called on False Start (DTLS client), on DTLS connected (server) and shortly after (client).
   */
  start(now: number): void;
  handlePacket(data: Uint8Array, now: number): void;
  handleTimeout(now: number): void;
  nextDeadline(): number | undefined;
  pollTransmit(): Uint8Array | undefined;
  pollEvent(): SctpEvent | undefined;
  /** Creates a channel (id chosen by DTLS role when absent); opened once the association is up. */
  createChannel(parameters: ChannelParameters, now: number): number;
  send(id: number, data: Uint8Array, binary: boolean, now: number): void;
  closeChannel(id: number, now: number): void;
  bufferedAmount(id: number): number;
  setBufferedAmountLowThreshold(id: number, threshold: number): void;
  close(now: number): void;
  readonly connected: boolean;
  /** Counters of the association, for diagnostics. */
  readonly stats: Record<string, unknown>;
  readonly maxChannels: number;
  /**
   * The largest SCTP packet worth probing on the path now in use (RFC 8899 PLPMTUD); undefined
   * means no probing beyond the base size.
   */
  setPathMaxMtu(maxMtu: number | undefined, now: number): void;
  /**
   * The round trip ICE measured on the pair the DTLS records take: SCTP's first RTT measurement
   * (RFC 9260 §6.3.1 C1), so its handshake timers follow the path rather than RTO.Initial.
   */
  setPathRtt(rttMs: number): void;
}
