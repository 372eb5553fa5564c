import { RtpError } from '../errors.js';

/** 3GPP TS 26.114 §7.4.5 coordination of video orientation (CVO): 0 0 0 0 C F R1 R0. */
export interface VideoOrientation {
  /** C: false = front-facing camera, true = back-facing. */
  backCamera: boolean;
  /** F: horizontal flip. */
  flip: boolean;
  /** Clockwise rotation in degrees. */
  rotation: 0 | 90 | 180 | 270;
}

const ROTATIONS = [0, 90, 180, 270] as const;

export function decodeVideoOrientation(data: Uint8Array): VideoOrientation {
  if (data.length < 1) throw new RtpError('bad-extension', 'video orientation is empty');
  const b = data[0]!;
  return { backCamera: (b & 0x08) !== 0, flip: (b & 0x04) !== 0, rotation: ROTATIONS[b & 0x03]! };
}

export function encodeVideoOrientation(value: VideoOrientation): Uint8Array {
  const r = ROTATIONS.indexOf(value.rotation);
  if (r < 0) throw new RtpError('bad-value', 'rotation must be 0, 90, 180 or 270');
  return new Uint8Array([(value.backCamera ? 0x08 : 0) | (value.flip ? 0x04 : 0) | r]);
}
