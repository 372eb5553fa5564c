// RFC 7983 §7 (as updated by RFC 9443 §3): one ICE transport carries STUN, DTLS and SRTP/SRTCP;
// the first byte tells them apart.
//   0..3    STUN            20..63  DTLS
//   64..79  TURN channel    128..191 RTP / RTCP
// Anything else is dropped and counted by the caller.

export type Protocol = 'stun' | 'dtls' | 'rtp' | 'turn-channel' | 'unknown';

export function classifyPacket(data: Uint8Array): Protocol {
  if (data.length === 0) return 'unknown';
  const b = data[0]!;
  if (b <= 3) return 'stun';
  if (b >= 20 && b <= 63) return 'dtls';
  if (b >= 128 && b <= 191) return 'rtp';
  if (b >= 64 && b <= 79) return 'turn-channel';
  return 'unknown';
}
