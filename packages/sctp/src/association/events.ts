import type { ChannelInfo } from '../channel.js';
import type { PmtudStats } from './pmtud.js';

export type AssociationState =
  | 'closed'
  | 'cookie-wait'
  | 'cookie-echoed'
  | 'established'
  | 'shutdown-pending'
  | 'shutdown-sent'
  | 'shutdown-received'
  | 'shutdown-ack-sent';

/** Why the association ended. */
export type CloseReason = 'shutdown' | 'abort' | 'peer-abort' | 'failure' | 'protocol-violation';

export type AssociationEvent =
  /** The four-way handshake completed (RFC 9260 §5.1). */
  | { type: 'associated' }
  /** A data channel became open: one we created, or one the peer opened with DCEP. */
  | { type: 'channel-open'; channel: ChannelInfo; remote: boolean }
  | { type: 'message'; channelId: number; data: Uint8Array; binary: boolean }
  | { type: 'buffered-amount-low'; channelId: number }
  /** The peer reset its outgoing stream (RFC 8831 §6.7): the channel is closing; what was queued still goes. */
  | { type: 'channel-closing'; channelId: number }
  | { type: 'channel-closed'; channelId: number }
  /** The peer restarted the association (RFC 9260 §5.2.4 case A): every channel was closed. */
  | { type: 'restart' }
  | { type: 'closed'; reason: CloseReason; message?: string }
  /** A non-fatal problem reported by the peer (ERROR chunk) or detected locally. */
  | { type: 'error'; message: string; causeCodes?: number[]; channelId?: number };

export interface AssociationStats {
  state: AssociationState;
  messagesSent: number;
  messagesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  packetsSent: number;
  packetsReceived: number;
  /** Packets dropped: bad checksum, bad tag, malformed, out of window. */
  packetsDropped: number;
  retransmissions: number;
  fastRetransmits: number;
  t3Expirations: number;
  abandonedMessages: number;
  /** Smoothed RTT in ms (RFC 9260 §6.3.1), undefined before the first sample. */
  srtt: number | undefined;
  rto: number;
  cwnd: number;
  ssthresh: number;
  flightSize: number;
  peerRwnd: number;
  localRwnd: number;
  /** The current PLPMTU: the SCTP packet size DATA is bundled to (RFC 8899; the `mtu` option until a probe raises it). */
  pmtu: number;
  /** PLPMTUD search state and probe counters (RFC 8899 §5.2). */
  pmtud: PmtudStats | undefined;
}
