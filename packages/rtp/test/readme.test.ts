import { readFileSync } from 'node:fs';
import {
  decodeRtcp,
  decodeRtpPacket,
  decodeTransportSequenceNumber,
  encodeHeaderExtensions,
  encodeRtcp,
  encodeRtpPacket,
  encodeTransportSequenceNumber,
  findHeaderExtension,
  isRtcp,
  JitterBuffer,
  NackGenerator,
  PacketHistory,
  rtpHeaderLength,
  rtpSsrc,
  Vp8Depacketizer,
  Vp8Packetizer,
  writeRtpPacket,
} from '../src/index.js';

// The README example, run as a test. The region between the markers must match the README's code block.
test('README example runs and the README shows this exact code', () => {
  const logs: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => logs.push(args);
  try {
    // README-BEGIN
    // Send side: packetize a VP8 key frame, add a transport-cc sequence number (extmap id 3).
    const packetizer = new Vp8Packetizer();
    const frame = new Uint8Array(3000).fill(1);
    frame[0] = 0x10; // VP8 payload header with P=0: a key frame
    const history = new PacketHistory({ rtx: { payloadType: 97, ssrc: 0x2222, initialSequenceNumber: 0 } });
    const wire: Uint8Array[] = [];
    const payloads = packetizer.packetize(frame, 1200);
    payloads.forEach((payload, i) => {
      const packet = {
        marker: i === payloads.length - 1,
        payloadType: 96,
        sequenceNumber: 1000 + i,
        timestamp: 90000,
        ssrc: 0x1111,
        csrcs: [],
        extension: encodeHeaderExtensions([{ id: 3, data: encodeTransportSequenceNumber(i) }]),
        payload,
        paddingLength: 0,
      };
      history.store(packet, 0);
      wire.push(encodeRtpPacket(packet)); // or writeRtpPacket(packet, yourBuffer, offset)
    });

    // Receive side: classify (RFC 5761), parse without copying, reassemble frames, request losses.
    const jitter = new JitterBuffer({ depacketizer: new Vp8Depacketizer() });
    const nacks = new NackGenerator();
    for (const [i, bytes] of wire.entries()) {
      if (i === 1) continue; // lost on the way
      if (isRtcp(bytes)) continue;
      console.log('ssrc', rtpSsrc(bytes), 'payload at', rtpHeaderLength(bytes));
      const packet = decodeRtpPacket(bytes);
      const twcc = findHeaderExtension(packet.extension, 3);
      if (twcc) console.log('transport-wide seq', decodeTransportSequenceNumber(twcc));
      nacks.handlePacket(packet.sequenceNumber, 10);
      jitter.handlePacket(packet, 10);
    }
    nacks.handleTimeout(10);
    const lost = nacks.pollNack() ?? [];
    const feedback = encodeRtcp([{ type: 'nack', senderSsrc: 0x3333, mediaSsrc: 0x1111, lost }]);

    // Back on the send side: the NACK is answered with RTX packets.
    for (const rtcp of decodeRtcp(feedback)) if (rtcp.type === 'nack') history.handleNack(rtcp.lost, 20);
    for (let rtx = history.pollTransmit(); rtx; rtx = history.pollTransmit()) {
      // An RTX-aware receiver maps it back with unwrapRtx(decodeRtpPacket(rtx), 96, 0x1111).
      console.log('retransmit', rtx.length, 'bytes');
      jitter.handlePacket(decodeRtpPacket(wire[1]!), 30);
    }
    const assembled = jitter.pollFrame();
    console.log('frame', assembled?.data.length, 'key', assembled?.keyframe); // frame 3000 key true

    // Hot path: serialize into a reused buffer, no allocation.
    const out = new Uint8Array(1500);
    const n = writeRtpPacket(decodeRtpPacket(wire[0]!), out, 0);
    console.log('wrote', n, 'bytes');
    // README-END
  } finally {
    console.log = log;
  }
  expect(logs).toContainEqual(['frame', 3000, 'key', true]);
  expect(logs).toContainEqual(['retransmit', 1222, 'bytes']);
  const self = readFileSync(new URL(import.meta.url), 'utf8');
  const region = self.slice(self.indexOf('// README-BEGIN') + 16, self.indexOf('    // README-END'));
  const dedented = region
    .split('\n')
    .map((l) => l.replace(/^ {4}/, ''))
    .join('\n')
    .trim();
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(dedented);
});
