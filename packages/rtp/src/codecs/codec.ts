/** Splits one encoded frame into RTP payloads. The caller sets the marker bit on the last one. */
export interface RtpPacketizer {
  packetize(frame: Uint8Array, maxPayloadSize: number): Uint8Array[];
}

/** Codec knowledge the jitter buffer needs, and frame reassembly. */
export interface RtpDepacketizer {
  /** True when this payload starts a keyframe (decoder refresh point). */
  isKeyframe(payload: Uint8Array): boolean;
  /** True/false when the payload format marks frame starts; undefined when it cannot tell. */
  isFrameStart(payload: Uint8Array): boolean | undefined;
  /** Rebuilds the codec bitstream of one frame from its payloads in sequence order. */
  assemble(payloads: readonly Uint8Array[]): Uint8Array;
}

export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  let size = total ?? 0;
  if (total === undefined) for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
