import { RtpError } from '../errors.js';
import type { RtpPacket } from '../packet/rtp-packet.js';
import { encodeRtpPacket } from '../packet/rtp-packet.js';
import { wrapRtx } from '../packet/rtx.js';

export interface PacketHistoryOptions {
  /** Packets kept (ring buffer). Default 1024. */
  capacity?: number;
  /** Packets older than this are not retransmitted. Default 1000 ms. */
  maxAgeMs?: number;
  /** The same packet is not resent more often than this. Default 10 ms. */
  minResendIntervalMs?: number;
  /** RFC 4588 RTX stream; without it the original packet is resent as-is. */
  rtx?: { payloadType: number; ssrc: number; initialSequenceNumber: number };
  /** Pending retransmissions at most (further ones are dropped and counted). Default 512. */
  maxQueued?: number;
}

export interface PacketHistoryStats {
  stored: number;
  retransmitted: number;
  /** NACKed packets no longer (or never) in the history. */
  missing: number;
  /** NACKed packets skipped because they were resent very recently. */
  throttled: number;
  queueOverflows: number;
}

interface Entry {
  packet: RtpPacket;
  storedAt: number;
  resentAt: number | undefined;
}

/**
 * Send-side history answering NACKs (sans-I/O): `store` each sent packet, `handleNack` with the lost
 * sequence numbers from a received generic NACK, then drain `pollTransmit()` for the RTX (or plain)
 * retransmissions as bytes ready for SRTP.
 */
export class PacketHistory {
  readonly stats: PacketHistoryStats = {
    stored: 0,
    retransmitted: 0,
    missing: 0,
    throttled: 0,
    queueOverflows: 0,
  };
  private readonly ring: (Entry | undefined)[];
  private readonly maxAgeMs: number;
  private readonly minResendIntervalMs: number;
  private readonly maxQueued: number;
  private readonly rtx: PacketHistoryOptions['rtx'];
  private rtxSeq: number;
  private queue: Uint8Array[] = [];

  constructor(options: PacketHistoryOptions = {}) {
    const capacity = options.capacity ?? 1024;
    if (capacity < 1 || capacity > 65536) throw new RtpError('bad-value', 'capacity must be 1-65536');
    this.ring = new Array(capacity).fill(undefined);
    this.maxAgeMs = options.maxAgeMs ?? 1000;
    this.minResendIntervalMs = options.minResendIntervalMs ?? 10;
    this.maxQueued = options.maxQueued ?? 512;
    this.rtx = options.rtx;
    this.rtxSeq = (options.rtx?.initialSequenceNumber ?? 0) & 0xffff;
  }

  /** Keeps a copy of a sent packet (payload copied: the caller may reuse its buffer). */
  store(packet: RtpPacket, now: number): void {
    const copy: RtpPacket = {
      ...packet,
      payload: packet.payload.slice(),
      extension: packet.extension && {
        profile: packet.extension.profile,
        data: packet.extension.data.slice(),
      },
    };
    this.ring[packet.sequenceNumber % this.ring.length] = {
      packet: copy,
      storedAt: now,
      resentAt: undefined,
    };
    this.stats.stored++;
  }

  handleNack(lost: readonly number[], now: number): void {
    for (const seq of lost) {
      const e = this.ring[seq % this.ring.length];
      if (!e || e.packet.sequenceNumber !== seq || now - e.storedAt > this.maxAgeMs) {
        this.stats.missing++;
        continue;
      }
      if (e.resentAt !== undefined && now - e.resentAt < this.minResendIntervalMs) {
        this.stats.throttled++;
        continue;
      }
      if (this.queue.length >= this.maxQueued) {
        this.stats.queueOverflows++;
        continue;
      }
      e.resentAt = now;
      const out = this.rtx
        ? wrapRtx(e.packet, {
            payloadType: this.rtx.payloadType,
            ssrc: this.rtx.ssrc,
            sequenceNumber: this.rtxSeq,
          })
        : e.packet;
      if (this.rtx) this.rtxSeq = (this.rtxSeq + 1) & 0xffff;
      this.queue.push(encodeRtpPacket(out));
      this.stats.retransmitted++;
    }
  }

  pollTransmit(): Uint8Array | undefined {
    return this.queue.shift();
  }

  /** The stored packet for `sequenceNumber`, if still held. */
  get(sequenceNumber: number): RtpPacket | undefined {
    const e = this.ring[sequenceNumber % this.ring.length];
    return e && e.packet.sequenceNumber === sequenceNumber ? e.packet : undefined;
  }
}
