/**
 * The @rtc forwarder: SRTP in -> @rtc/srtp unprotect -> @rtc/rtp decode -> JitterBuffer with the
 * VP8 depacketizer (reorders and assembles whole frames) -> Vp8Packetizer -> writeRtpPacket into
 * a reused buffer -> @rtc/srtp protect with the outgoing context -> sink.
 */
import {
  decodeRtpPacket,
  JitterBuffer,
  type RtpPacket,
  Vp8Depacketizer,
  Vp8Packetizer,
  writeRtpPacket,
} from '@rtc/rtp';
import { type GcmMode, SrtpSession } from '@rtc/srtp';
import { type ForwardProfile, keysFor, MAX_RTP_PAYLOAD, OUT_SSRC, PAYLOAD_TYPE } from './stream.js';

export type Sink = (packet: Uint8Array) => void;

export interface Forwarder {
  forward(srtp: Buffer, arrivalMs: number): void;
  readonly dropped: number;
}

export function rtcForwarder(profile: ForwardProfile, sink: Sink, gcm?: GcmMode): Forwarder {
  const inKeys = keysFor(profile, 1);
  const outKeys = keysFor(profile, 2);
  const extra = gcm === undefined ? {} : { gcm };
  const receive = new SrtpSession({ profile, keys: { local: inKeys, remote: inKeys }, ...extra });
  const send = new SrtpSession({ profile, keys: { local: outKeys, remote: outKeys }, ...extra });
  const jitter = new JitterBuffer({ depacketizer: new Vp8Depacketizer() });
  const packetizer = new Vp8Packetizer();
  const scratch = new Uint8Array(1500);
  const out: RtpPacket = {
    marker: false,
    payloadType: PAYLOAD_TYPE,
    sequenceNumber: 0,
    timestamp: 0,
    ssrc: OUT_SSRC,
    csrcs: [],
    extension: undefined,
    payload: scratch,
    paddingLength: 0,
  };
  let seq = 0;
  let dropped = 0;
  return {
    get dropped() {
      return dropped;
    },
    forward(srtp, arrivalMs) {
      const r = receive.unprotectRtp(srtp);
      if (!r.ok) {
        dropped++;
        return;
      }
      jitter.handlePacket(decodeRtpPacket(r.packet), arrivalMs);
      for (let frame = jitter.pollFrame(); frame !== undefined; frame = jitter.pollFrame()) {
        const payloads = packetizer.packetize(frame.data, MAX_RTP_PAYLOAD);
        for (let k = 0; k < payloads.length; k++) {
          out.marker = k === payloads.length - 1;
          out.sequenceNumber = seq++ & 0xffff;
          out.timestamp = frame.timestamp;
          out.payload = payloads[k] as Uint8Array;
          const n = writeRtpPacket(out, scratch, 0);
          sink(send.protectRtp(scratch.subarray(0, n)));
        }
      }
    },
  };
}
