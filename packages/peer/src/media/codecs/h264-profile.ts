// H.264 profile-level-id handling for offer/answer (RFC 6184 §8.1 and §8.2.2). The 3-byte value is
// profile_idc, profile-iop (constraint_set0..5 flags) and level_idc. Two values describe the same
// profile when they map to the same profile below; the level is then negotiated separately.

export type H264Profile =
  | 'constrained-baseline'
  | 'baseline'
  | 'main'
  | 'extended'
  | 'high'
  | 'constrained-high';

export interface H264ProfileLevel {
  profile: H264Profile;
  /** level_idc; level 1b is reported as 9 (below 1.0 = 10) so that comparisons order it right. */
  level: number;
}

/** RFC 6184 §8.1: profile-level-id defaults to 42000A (baseline profile, level 1.0). */
export const DEFAULT_PROFILE_LEVEL_ID = '42000a';

const LEVEL_1B = 9;

/** Classifies a profile-level-id (6 hex digits) or returns undefined when it names no known profile. */
export function parseProfileLevelId(value: string): H264ProfileLevel | undefined {
  if (!/^[0-9a-fA-F]{6}$/.test(value)) return undefined;
  const n = Number.parseInt(value, 16);
  const idc = n >>> 16;
  const iop = (n >>> 8) & 0xff;
  let level = n & 0xff;
  const set0 = (iop & 0x80) !== 0;
  const set1 = (iop & 0x40) !== 0;
  const set3 = (iop & 0x10) !== 0;
  let profile: H264Profile | undefined;
  // Constrained baseline is what every profile with both set0 and set1 (or 42 with set1) can decode.
  if (idc === 0x42) profile = set1 ? 'constrained-baseline' : 'baseline';
  else if (idc === 0x4d) profile = set0 ? 'constrained-baseline' : 'main';
  else if (idc === 0x58) profile = set0 && set1 ? 'constrained-baseline' : set0 ? 'baseline' : 'extended';
  else if (idc === 0x64) profile = (iop & 0x0c) === 0x0c ? 'constrained-high' : 'high';
  if (profile === undefined) return undefined;
  // RFC 6184 §8.1: level 1b is level_idc 11 with constraint_set3 in the baseline-family profiles.
  if (level === 11 && set3 && (idc === 0x42 || idc === 0x4d || idc === 0x58)) level = LEVEL_1B;
  return { profile, level };
}

export function formatProfileLevelId(p: H264ProfileLevel): string {
  const base: Record<H264Profile, string> = {
    'constrained-baseline': '42e0',
    baseline: '4200',
    main: '4d00',
    extended: '5800',
    high: '6400',
    'constrained-high': '640c',
  };
  if (p.level === LEVEL_1B) {
    // level 1b: constraint_set3 with level_idc 11 where the profile supports it
    if (p.profile === 'constrained-baseline') return '42f00b';
    if (p.profile === 'baseline') return '42100b';
    if (p.profile === 'main') return '4d100b';
  }
  return base[p.profile] + (p.level === LEVEL_1B ? 11 : p.level).toString(16).padStart(2, '0');
}

/**
 * RFC 6184 §8.2.2: the answer keeps the offered profile; the level is the lower of the two unless
 * both sides set level-asymmetry-allowed=1, in which case the answerer states the level it can
 * receive (its own). Returns undefined when the profiles differ (the codec is not in the answer).
 */
export function answerProfileLevelId(
  offered: string,
  local: string,
  asymmetryAllowed: boolean,
): string | undefined {
  const o = parseProfileLevelId(offered);
  const l = parseProfileLevelId(local);
  if (!o || !l || o.profile !== l.profile) return undefined;
  const level = asymmetryAllowed ? l.level : Math.min(o.level, l.level);
  return formatProfileLevelId({ profile: o.profile, level });
}
