/**
 * The werift forwarder, with werift 0.24.4's own parts (its 'werift/nonstandard' entry exports
 * its RTP/SRTP layer and media processors): SrtpSession.decrypt ->
 * RtpPacket.deSerialize -> DepacketizeBase('vp8') (werift's frame assembler: collects packets
 * up to the marker bit, no reordering) -> werift's VP8 packetizer -> SrtpSession.encrypt -> sink.
 * werift does not export a VP8 packetizer; the one its nonstandard media source uses
 * (nonstandard/userMedia/packetizer.js, one-octet VP8 descriptor, RtpPacket objects) is loaded
 * from its file. Its payload limit is set to ours (1188 octets).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Forwarder, Sink } from './ours.js';
import { type ForwardProfile, keysFor, MAX_RTP_PAYLOAD, OUT_SSRC, PAYLOAD_TYPE } from './stream.js';

const require = createRequire(import.meta.url);
const rtp = require('werift/nonstandard') as typeof import('werift/nonstandard');

interface WeriftPacketizer {
  maxPayloadSize: number;
  packetize(packet: { data: Buffer }, rtpTimestamp: number): InstanceType<typeof rtp.RtpPacket>[];
}
const { createPacketizer } = require(
  join(dirname(require.resolve('werift')), 'nonstandard', 'userMedia', 'packetizer.js'),
) as {
  createPacketizer(options: { codec: { payloadType: number }; sourceCodec: 'vp8' }): WeriftPacketizer;
};

function session(profile: ForwardProfile, seed: number) {
  const k = keysFor(profile, seed);
  return new rtp.SrtpSession({
    profile:
      profile === 'SRTP_AEAD_AES_128_GCM'
        ? rtp.ProtectionProfileAeadAes128Gcm
        : rtp.ProtectionProfileAes128CmHmacSha1_80,
    keys: {
      localMasterKey: k.key,
      localMasterSalt: k.salt,
      remoteMasterKey: k.key,
      remoteMasterSalt: k.salt,
    },
  });
}

export function weriftForwarder(profile: ForwardProfile, sink: Sink): Forwarder {
  const receive = session(profile, 1);
  const send = session(profile, 2);
  const depacketizer = new rtp.DepacketizeBase('vp8', {
    isFinalPacketInSequence: (h: { marker: boolean }) => h.marker,
    waitForKeyframe: true,
  });
  const packetizer = createPacketizer({ codec: { payloadType: PAYLOAD_TYPE }, sourceCodec: 'vp8' });
  packetizer.maxPayloadSize = MAX_RTP_PAYLOAD;
  let dropped = 0;
  return {
    get dropped() {
      return dropped;
    },
    forward(srtp, arrivalMs) {
      let plain: Buffer;
      try {
        plain = receive.decrypt(srtp);
      } catch {
        dropped++;
        return;
      }
      const packet = rtp.RtpPacket.deSerialize(plain);
      for (const output of depacketizer.processInput({ rtp: packet, time: arrivalMs })) {
        const frame = output.frame;
        if (frame === undefined) continue;
        for (const p of packetizer.packetize({ data: frame.data }, frame.timestamp as number)) {
          p.header.ssrc = OUT_SSRC;
          sink(send.encrypt(p.payload, p.header));
        }
      }
    },
  };
}
