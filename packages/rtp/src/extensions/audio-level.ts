import { RtpError } from '../errors.js';

/** RFC 6464 §3: V flag and the level in -dBov (0 = loudest, 127 = silence). */
export interface AudioLevel {
  voiceActivity: boolean;
  level: number;
}

export function decodeAudioLevel(data: Uint8Array): AudioLevel {
  // RFC 6464 §3 allows padding after the one octet (two-byte form may give length 2).
  if (data.length < 1) throw new RtpError('bad-extension', 'audio level is empty');
  const b = data[0]!;
  return { voiceActivity: (b & 0x80) !== 0, level: b & 0x7f };
}

export function encodeAudioLevel(value: AudioLevel): Uint8Array {
  if (value.level < 0 || value.level > 127) throw new RtpError('bad-value', 'audio level must be 0-127');
  return new Uint8Array([(value.voiceActivity ? 0x80 : 0) | value.level]);
}
