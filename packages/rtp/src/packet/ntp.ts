// RFC 3550 §4: NTP timestamps are 64-bit fixed point seconds since 1900-01-01 (32.32). The caller
// passes the wall-clock time; nothing here reads a clock.

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

/** 64-bit NTP timestamp for a Unix time in milliseconds. */
export function ntpFromUnixMs(unixMs: number): bigint {
  const seconds = Math.floor(unixMs / 1000);
  const fracMs = unixMs - seconds * 1000;
  const frac = Math.floor((fracMs / 1000) * 2 ** 32);
  return (BigInt(seconds + NTP_UNIX_OFFSET_SECONDS) << 32n) | BigInt(frac >>> 0);
}

/** Unix time in milliseconds for a 64-bit NTP timestamp. */
export function unixMsFromNtp(ntp: bigint): number {
  const seconds = Number(ntp >> 32n) - NTP_UNIX_OFFSET_SECONDS;
  const frac = Number(ntp & 0xffffffffn);
  return seconds * 1000 + (frac / 2 ** 32) * 1000;
}

/** RFC 3550 §6.4.1 LSR: the middle 32 bits of the NTP timestamp. */
export function ntpMiddle32(ntp: bigint): number {
  return Number((ntp >> 16n) & 0xffffffffn);
}

/**
 * RFC 3550 §6.4.1 round-trip time from a report block: A - LSR - DLSR in 1/65536 s, where `nowNtp`
 * is the arrival time of the report. Returns milliseconds, or undefined when LSR is 0 (no SR yet).
 */
export function roundTripTimeMs(nowNtp: bigint, lsr: number, dlsr: number): number | undefined {
  if (lsr === 0) return undefined;
  const a = ntpMiddle32(nowNtp);
  const rtt = (a - lsr - dlsr) >>> 0;
  // A negative result (clock skew) shows up as a huge unsigned value.
  if (rtt > 0x80000000) return 0;
  return (rtt / 65536) * 1000;
}
