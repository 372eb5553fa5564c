// Packetization Layer Path MTU Discovery for SCTP (RFC 8899 §5, §6.2). Probe packets are a
// HEARTBEAT (RFC 9260 §3.3.5) padded to the probe size with a PAD chunk (RFC 4820 §3), confirmed
// by the HEARTBEAT-ACK. Probes carry no DATA, are not counted in flight and their loss never
// touches the congestion window (RFC 8899 §3 requirement 8, §4.3). Nothing here reads a clock.
import { write16, write32 } from '../packet/bytes.js';
import { encodeChunk } from '../packet/chunk.js';
import { ChunkType } from '../packet/chunk-type.js';
import { COMMON_HEADER } from '../packet/packet.js';

/** RFC 8899 §5.1.2: probes of one size sent before that size counts as failed. */
export const MAX_PROBES = 3;
/** RFC 8899 §5.1.1: PROBE_TIMER MUST NOT be smaller than 1 second. */
export const MIN_PROBE_TIMER = 1000;
/** RFC 8899 §5.1.1 PMTU_RAISE_TIMER: re-probe above a completed search after 600 s. */
export const PMTU_RAISE_TIMER = 600_000;
/**
 * Delay from establishment to the first probe (ms). The packets and events that complete the
 * handshake (COOKIE-ACK, DCEP, the channel opening, the application's first messages) go first; a
 * probe costs a packet of up to 16 KiB to seal and send and can wait. RFC 8899 §5.2 leaves the
 * moment to start the search to the PL.
 */
export const SEARCH_START_DELAY = 5;
/** The search stops once the unexplored range is this narrow (bytes). */
export const SEARCH_RESOLUTION = 32;
/** PAD chunk type (RFC 4820 §3): upper bits 10, so a receiver that does not know it skips it silently. */
export const PAD_CHUNK = 0x84;
/** Probe Heartbeat Info: sent time (float64), nonce (u32), probe size (u32). Plain heartbeats use 12 bytes. */
export const PROBE_INFO_SIZE = 16;
/** Common header + HEARTBEAT header + Heartbeat Info parameter header + info + PAD chunk header. */
const PROBE_OVERHEAD = COMMON_HEADER + 4 + 4 + PROBE_INFO_SIZE + 4;

/** RFC 8899 §5.2 states (DISABLED: maxMtu <= mtu; ERROR is folded into a BASE restart). */
export type PmtudState = 'disabled' | 'base' | 'search' | 'complete';

export interface PmtudStats {
  state: PmtudState;
  probesSent: number;
  probesConfirmed: number;
  /** Probe sizes given up after MAX_PROBES unanswered probes. */
  probeSizesFailed: number;
  /** HEARTBEAT-ACKs with probe-sized info that matched no outstanding probe. */
  probeAcksIgnored: number;
  /** Fallbacks to the base PLPMTU after suspected black holes (RFC 8899 §4.3). */
  blackHoles: number;
}

const floor4 = (n: number) => n & ~3;

/**
 * The PLPMTU search of one association. `plpmtu` is the SCTP packet size DATA bundling and
 * fragmentation use; it starts at the base (the `mtu` option) and only grows on confirmed probes.
 */
export class Plpmtud {
  plpmtu: number;
  state: PmtudState;
  /** PROBE_TIMER or PMTU_RAISE_TIMER deadline; undefined when none runs. */
  timerAt: number | undefined;
  readonly stats: PmtudStats;
  /** A probe packet is due at the next pollTransmit. */
  private due = false;
  private probeSize = 0;
  private probeCount = 0;
  private nonce = 0;
  /** Largest size not known to fail. */
  private ceiling: number;
  private failedOnce = false;

  constructor(
    readonly base: number,
    readonly max: number,
    private readonly random32: () => number,
  ) {
    this.plpmtu = base;
    this.ceiling = floor4(max);
    this.state = this.ceiling > base ? 'base' : 'disabled';
    this.stats = {
      state: this.state,
      probesSent: 0,
      probesConfirmed: 0,
      probeSizesFailed: 0,
      probeAcksIgnored: 0,
      blackHoles: 0,
    };
  }

  get probeDue(): boolean {
    return this.due;
  }

  /** The association is established: searching starts SEARCH_START_DELAY later (RFC 8899 §5.2, BASE -> SEARCH). */
  start(now: number): void {
    if (this.state === 'base') this.timerAt = now + SEARCH_START_DELAY;
  }

  private search(now: number): void {
    const next = this.nextSize();
    if (next === undefined) {
      // SEARCH_COMPLETE; PMTU_RAISE_TIMER runs (RFC 8899 §5.1.1).
      this.setState('complete');
      this.probeSize = 0;
      this.due = false;
      this.timerAt = now + PMTU_RAISE_TIMER;
      return;
    }
    this.setState('search');
    this.probeSize = next;
    this.probeCount = 0;
    this.nonce = this.random32();
    this.due = true;
  }

  /** The next size to probe, or undefined when the search is done. */
  private nextSize(): number | undefined {
    const lo = this.plpmtu;
    // Optimistic first: the caller's maxMtu (on loopback it is usually right); after a failure, bisect.
    if (!this.failedOnce) return this.ceiling > lo ? this.ceiling : undefined;
    if (this.ceiling - lo < SEARCH_RESOLUTION) return undefined;
    const mid = floor4((lo + this.ceiling + 4) >> 1);
    return mid > lo ? mid : undefined;
  }

  private setState(s: PmtudState): void {
    this.state = s;
    this.stats.state = s;
  }

  /** Build the probe packet (HEARTBEAT + PAD, exactly probeSize bytes) when one is due. */
  takeProbe(localPort: number, remotePort: number, tag: number, now: number, rto: number): Uint8Array {
    const size = this.probeSize;
    const p = new Uint8Array(size);
    write16(p, 0, localPort);
    write16(p, 2, remotePort);
    write32(p, 4, tag);
    const info = new Uint8Array(PROBE_INFO_SIZE);
    const dv = new DataView(info.buffer);
    dv.setFloat64(0, now);
    dv.setUint32(8, this.nonce);
    dv.setUint32(12, size);
    const off = encodeChunk({ type: ChunkType.HEARTBEAT, flags: 0, info }, p, COMMON_HEADER);
    // The PAD chunk's padding bytes are zero (RFC 4820 §3); the array already is.
    p[off] = PAD_CHUNK;
    write16(p, off + 2, size - off);
    this.due = false;
    this.probeCount++;
    this.stats.probesSent++;
    this.timerAt = now + Math.max(MIN_PROBE_TIMER, rto);
    return p;
  }

  /** A HEARTBEAT-ACK with PROBE_INFO_SIZE bytes of info. Returns true if it confirmed the probe. */
  onAck(info: Uint8Array, now: number): boolean {
    const dv = new DataView(info.buffer, info.byteOffset, info.length);
    if (
      this.state !== 'search' ||
      info.length !== PROBE_INFO_SIZE ||
      dv.getUint32(8) !== this.nonce ||
      dv.getUint32(12) !== this.probeSize ||
      this.probeCount === 0
    ) {
      this.stats.probeAcksIgnored++;
      return false;
    }
    // RFC 8899 §5.2: a confirmed probe raises the PLPMTU; continue the search from there.
    this.stats.probesConfirmed++;
    this.plpmtu = this.probeSize;
    this.timerAt = undefined;
    this.due = false;
    this.search(now);
    return true;
  }

  /** PROBE_TIMER or PMTU_RAISE_TIMER expiry. */
  onTimer(now: number): void {
    if (this.timerAt === undefined || now < this.timerAt) return;
    this.timerAt = undefined;
    if (this.state === 'base') {
      this.search(now);
      return;
    }
    if (this.state === 'complete') {
      // PMTU_RAISE_TIMER (RFC 8899 §5.1.1): try once more above the current PLPMTU.
      this.ceiling = floor4(this.max);
      this.failedOnce = false;
      this.search(now);
      return;
    }
    if (this.state !== 'search') return;
    if (this.probeCount < MAX_PROBES) {
      this.due = true;
      return;
    }
    // MAX_PROBES unanswered: this size fails; the search goes on below it (§5.3.2).
    this.stats.probeSizesFailed++;
    this.ceiling = this.probeSize - 4;
    this.failedOnce = true;
    this.search(now);
  }

  /**
   * Data in packets above the base size keeps going unacknowledged (T3-rtx expired `consecutive`
   * times without a SACK): suspect a black hole (RFC 8899 §4.3, §5.2 ERROR), return to the base
   * PLPMTU and search again. Returns true when the PLPMTU was lowered.
   */
  onDataLoss(consecutive: number, now: number): boolean {
    if (this.plpmtu <= this.base || consecutive < 2) return false;
    this.stats.blackHoles++;
    this.plpmtu = this.base;
    this.ceiling = floor4(this.max);
    this.failedOnce = false;
    this.timerAt = undefined;
    this.setState('base');
    this.search(now);
    return true;
  }

  /** PLPMTUD overhead of a probe (for tests: the smallest possible probe). */
  static readonly overhead = PROBE_OVERHEAD;
}

/** The PLPMTUD state for an association, or undefined when there is nothing to search (maxMtu <= mtu). */
export function newPlpmtud(t: {
  o: { mtu: number; maxMtu: number };
  random32(): number;
}): Plpmtud | undefined {
  if (floor4(t.o.maxMtu) <= t.o.mtu) return undefined;
  return new Plpmtud(t.o.mtu, t.o.maxMtu, () => t.random32());
}

/** stats.pmtud of an association that does not probe. */
export function disabledPmtudStats(probeAcksIgnored: number): PmtudStats {
  return {
    state: 'disabled',
    probesSent: 0,
    probesConfirmed: 0,
    probeSizesFailed: 0,
    probeAcksIgnored,
    blackHoles: 0,
  };
}
