import fc from 'fast-check';
import { MediaDescription, parseSdp, SdpParseError, SessionDescription } from '../src/index.js';
import { readVector, vectorNames } from './vectors.js';

const vectors = vectorNames.map(readVector);

/** Reads every typed view; none of them may throw on anything the parser accepted. */
function touchEverything(sdp: SessionDescription): unknown[] {
  const seen: unknown[] = [
    sdp.version,
    sdp.origin,
    sdp.sessionName,
    sdp.timing,
    sdp.groups,
    sdp.bundle,
    sdp.msidSemantic,
    sdp.connection,
    sdp.bandwidths,
    sdp.iceUfrag,
    sdp.icePwd,
    sdp.iceOptions,
    sdp.iceLite,
    sdp.fingerprints,
    sdp.setup,
    sdp.direction,
    sdp.extmaps,
    sdp.extmapAllowMixed,
    sdp.attributes(),
  ];
  for (const m of sdp.media) {
    seen.push(
      m.mediaLine,
      m.mid,
      m.msids,
      m.bundleOnly,
      m.rtcp,
      m.rtcpMux,
      m.rtcpMuxOnly,
      m.rtcpRsize,
      m.rtpmaps,
      m.fmtps,
      m.rtcpFeedback,
      m.codecs,
      m.ssrcs,
      m.ssrcGroups,
      m.rids,
      m.simulcast,
      m.sctpPort,
      m.maxMessageSize,
      m.sctpmap,
      m.candidates,
      m.endOfCandidates,
      m.connection,
      m.bandwidths,
      m.fingerprints,
      m.setup,
      m.direction,
      m.extmaps,
      m.iceOptions,
    );
  }
  return seen;
}

/** Parsing either fails with SdpParseError or yields a model whose views work and whose output is stable. */
function checkInput(text: string): void {
  for (const strict of [false, true]) {
    let sdp: SessionDescription;
    try {
      sdp = parseSdp(text, { strict });
    } catch (e) {
      if (!(e instanceof SdpParseError)) throw e;
      expect(e.line).toBeGreaterThanOrEqual(1);
      continue;
    }
    touchEverything(sdp);
    const once = sdp.toString();
    expect(parseSdp(once, { strict }).toString()).toBe(once);
  }
}

const KNOWN = [
  'rtpmap',
  'fmtp',
  'rtcp-fb',
  'extmap',
  'ssrc',
  'ssrc-group',
  'group',
  'msid',
  'msid-semantic',
  'rid',
  'simulcast',
  'sctp-port',
  'max-message-size',
  'sctpmap',
  'fingerprint',
  'setup',
  'rtcp',
  'ice-options',
  'mid',
  'candidate',
  'sendrecv',
];
const junk = fc.string({
  unit: fc.constantFrom(...' 0123456789/:;,=~*-abcdefghsendrecvpt\t'.split('')),
  maxLength: 30,
});
const sdpLine = fc.oneof(
  fc
    .tuple(fc.constantFrom(...KNOWN), fc.option(junk, { nil: undefined }))
    .map(([n, v]) => (v === undefined ? `a=${n}` : `a=${n}:${v}`)),
  fc.tuple(fc.constantFrom('m', 'c', 'b', 't', 'o', 's', 'a', 'x'), junk).map(([t, v]) => `${t}=${v}`),
  fc.string({ maxLength: 20 }),
);

describe('properties: the parser only ever throws SdpParseError', () => {
  it('random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (s) => checkInput(s)),
      { numRuns: 3000, seed: 8866 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) =>
        checkInput(`v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\n${s}`),
      ),
      { numRuns: 2000, seed: 4566 },
    );
  });

  it('random SDP-shaped lines, known attributes with junk values', () => {
    fc.assert(
      fc.property(fc.array(sdpLine, { maxLength: 25 }), fc.boolean(), (lines, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        checkInput(`v=0${eol}o=- 1 1 IN IP4 0.0.0.0${eol}s=-${eol}${lines.join(eol)}${eol}`);
      }),
      { numRuns: 3000, seed: 8853 },
    );
  });

  it('mutated real SDPs', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
      fc.record({
        kind: fc.constant('char' as const),
        at: fc.nat(),
        s: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
      }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        s: fc.string({ maxLength: 12, unit: 'binary' }),
      }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: vectors.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (vi, muts) => {
          let text = vectors[vi]!;
          for (const mu of muts) {
            const lines = text.split('\r\n');
            switch (mu.kind) {
              case 'delete':
                lines.splice(mu.at % lines.length, 1);
                text = lines.join('\r\n');
                break;
              case 'duplicate': {
                const i = mu.at % lines.length;
                lines.splice(i, 0, lines[i]!);
                text = lines.join('\r\n');
                break;
              }
              case 'swap': {
                const i = mu.at % lines.length;
                const j = mu.to % lines.length;
                [lines[i], lines[j]] = [lines[j]!, lines[i]!];
                text = lines.join('\r\n');
                break;
              }
              case 'char': {
                const i = mu.at % Math.max(1, text.length);
                text = text.slice(0, i) + mu.s + text.slice(i + 1);
                break;
              }
              case 'insert': {
                const i = mu.at % Math.max(1, text.length);
                text = text.slice(0, i) + mu.s + text.slice(i);
                break;
              }
              case 'truncate':
                text = text.slice(0, mu.at % Math.max(1, text.length));
                break;
            }
          }
          checkInput(text);
        },
      ),
      { numRuns: 3000, seed: 3264 },
    );
  });
});

describe('properties: builder output parses back to the same values', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9+/_.-]{1,12}$/);
  const codec = fc.record(
    {
      payloadType: fc.integer({ min: 0, max: 127 }),
      name: fc.stringMatching(/^[A-Za-z0-9-]{1,10}$/),
      clockRate: fc.integer({ min: 1, max: 200000 }),
      channels: fc.integer({ min: 1, max: 8 }),
      parameters: fc.stringMatching(/^[a-z0-9=;-]{1,20}$/),
      feedback: fc.array(
        fc.record(
          { type: fc.stringMatching(/^[a-z-]{1,10}$/), parameter: fc.stringMatching(/^[a-z]{1,5}$/) },
          { requiredKeys: ['type'] },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ['payloadType', 'name', 'clockRate', 'feedback'] },
  );

  it('codecs, extmaps, ssrcs, credentials', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(codec, { selector: (c) => c.payloadType, maxLength: 6 }),
        fc.uniqueArray(
          fc.record(
            {
              id: fc.integer({ min: 1, max: 255 }),
              direction: fc.constantFrom(
                'sendrecv' as const,
                'sendonly' as const,
                'recvonly' as const,
                'inactive' as const,
              ),
              uri: fc.stringMatching(/^urn:[a-z:-]{1,20}$/),
            },
            { requiredKeys: ['id', 'uri'] },
          ),
          { selector: (e) => e.id, maxLength: 4 },
        ),
        fc.array(
          fc.record({
            ssrc: fc.nat({ max: 0xffffffff }),
            attribute: fc.constantFrom('cname', 'msid'),
            value: token,
          }),
        ),
        token,
        token,
        (codecs, extmaps, ssrcs, ufrag, pwd) => {
          const sdp = SessionDescription.create();
          const m = sdp.addMedia({ kind: 'video', protocol: 'UDP/TLS/RTP/SAVPF' });
          m.iceUfrag = ufrag;
          m.icePwd = pwd;
          for (const c of codecs) m.addCodec(c);
          for (const e of extmaps) m.addExtmap(e);
          for (const s of ssrcs) m.addSsrc(s);
          const back = parseSdp(sdp.toString(), { strict: true }).media[0]!;
          expect(back.codecs).toEqual(codecs.map((c) => ({ ...c, feedback: c.feedback })));
          expect(back.extmaps).toEqual(extmaps);
          expect(back.ssrcs).toEqual(ssrcs);
          expect(back.iceUfrag).toBe(ufrag);
          expect(back.icePwd).toBe(pwd);
          expect(back.toString()).toBe(m.toString());
        },
      ),
      { numRuns: 500, seed: 8829 },
    );
  });

  it('m= line fields', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,11}$/),
        fc.integer({ min: 0, max: 65535 }),
        fc.stringMatching(/^[A-Z/]{1,20}$/),
        fc.array(fc.stringMatching(/^[a-z0-9-]{1,8}$/), { maxLength: 5 }),
        (kind, port, protocol, formats) => {
          const m = MediaDescription.create({ kind, port, protocol, formats });
          const back = parseSdp(`v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\n${m.toString()}`).media[0]!;
          expect(back.mediaLine).toEqual({ kind, port, protocol, formats });
        },
      ),
      { numRuns: 500, seed: 5 },
    );
  });
});
