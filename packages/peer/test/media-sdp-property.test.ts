// Property: a remote offer derived from real browser offers by dropping, repeating and altering lines
// is either applied and answered, or refused with a DOMException / TypeError (webrtc-pc error names),
// never anything else (no TypeError from inside the stack, no crash in the media wiring).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { RTCPeerConnection } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const offers = [
  'qrpc-firefox99-audio-video-offer.sdp',
  'qrpc-chrome-video-simulcast-audio-datachannel-offer.sdp',
  'aiortc-safari-audio-video-datachannel.sdp',
].map((f) =>
  readFileSync(join(here, 'vectors/media', f), 'utf8')
    .split('\r\n')
    .filter((l) => l !== ''),
);

const edit = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('digits' as const), at: fc.nat(), to: fc.integer({ min: 0, max: 70000 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), keep: fc.nat({ max: 40 }) }),
);

function apply(lines: string[], edits: { op: string; at: number; to?: number; keep?: number }[]): string {
  const out = [...lines];
  for (const e of edits) {
    const i = e.at % out.length;
    if (e.op === 'drop') out.splice(i, 1);
    else if (e.op === 'repeat') out.splice(i, 0, out[i]!);
    else if (e.op === 'digits') out[i] = out[i]!.replace(/\d+/, String(e.to));
    else out[i] = out[i]!.slice(0, e.keep);
  }
  return `${out.join('\r\n')}\r\n`;
}

const expected = (e: unknown) =>
  e instanceof DOMException || e instanceof TypeError || e instanceof RangeError;

test('mutated browser offers are answered or refused with the browser error types', async () => {
  let applied = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: offers.length - 1 }),
      fc.array(edit, { minLength: 1, maxLength: 4 }),
      async (which, edits) => {
        const pc = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
        try {
          await pc.setRemoteDescription({ type: 'offer', sdp: apply(offers[which]!, edits) });
          const answer = await pc.createAnswer();
          await pc.setLocalDescription(answer);
          for (const t of pc.getTransceivers()) t.receiver.getParameters();
          applied++;
        } catch (e) {
          if (!expected(e)) throw e;
          // TypeError is only for arguments: an SDP problem must be a DOMException.
          if (!(e instanceof DOMException)) throw e;
          refused++;
        } finally {
          pc.close();
        }
      },
    ),
    { numRuns: 150, seed: 8 },
  );
  expect(applied).toBeGreaterThan(0);
  expect(refused).toBeGreaterThan(0);
}, 60_000);
