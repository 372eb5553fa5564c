// RFC 8866 §5: a session description: the session-level lines, then the media sections.
import {
  formatGroup,
  formatMsidSemantic,
  type Group,
  type MsidSemantic,
  parseGroup,
  parseMsidSemantic,
} from './attributes/group.js';
import { SdpParseError } from './errors.js';
import { formatOrigin, type Origin, parseOrigin } from './fields/origin.js';
import { formatTiming, parseTiming, type Timing } from './fields/timing.js';
import { checkValue } from './grammar.js';
import { appendLines, type SdpLine } from './line.js';
import { MediaDescription, type MediaDescriptionInit } from './media.js';
import { Section } from './section.js';

export interface SessionDescriptionInit {
  /** Defaults: username '-', sessionId '0', sessionVersion '0', IN IP4 127.0.0.1 (as browsers write it). */
  origin?: Partial<Origin>;
  /** s= value; defaults to '-' (RFC 8829 §5.2.1). */
  sessionName?: string;
  /** t= value; defaults to 0 0. */
  timing?: Timing;
}

export class SessionDescription extends Section {
  protected readonly fieldOrder = 'vosiuepcbtrzka';
  /** The media sections in order. */
  readonly media: MediaDescription[];

  /** Wraps parsed lines; use `parseSdp` or `SessionDescription.create` rather than this directly. */
  constructor(lines: SdpLine[], media: MediaDescription[] = []) {
    super(lines);
    this.media = media;
  }

  /** A new, empty session description with v=, o=, s= and t= lines (JSEP defaults). */
  static create(init: SessionDescriptionInit = {}): SessionDescription {
    const origin: Origin = {
      username: '-',
      sessionId: '0',
      sessionVersion: '0',
      netType: 'IN',
      addrType: 'IP4',
      address: '127.0.0.1',
      ...init.origin,
    };
    return new SessionDescription([
      { type: 'v', value: '0' },
      { type: 'o', value: formatOrigin(origin) },
      { type: 's', value: checkValue(init.sessionName ?? '-', 'session name') },
      { type: 't', value: formatTiming(init.timing ?? { start: 0, stop: 0 }) },
    ]);
  }

  /** Appends a media section (a new one from `init`, or one you built) and returns it. */
  addMedia(media: MediaDescription | MediaDescriptionInit): MediaDescription {
    const m = media instanceof MediaDescription ? media : MediaDescription.create(media);
    this.media.push(m);
    return m;
  }

  /** The media section whose a=mid is `mid`. */
  mediaByMid(mid: string): MediaDescription | undefined {
    return this.media.find((m) => m.mid === mid);
  }

  /** v= (always 0 for RFC 8866). */
  get version(): number {
    return Number(this.fieldValues('v')[0] ?? '0');
  }

  /** o= (RFC 8866 §5.2). */
  get origin(): Origin {
    return (
      parseOrigin(this.fieldValues('o')[0] ?? '') ?? {
        username: '-',
        sessionId: '0',
        sessionVersion: '0',
        netType: 'IN',
        addrType: 'IP4',
        address: '127.0.0.1',
      }
    );
  }
  set origin(o: Origin) {
    this.replaceFields('o', [formatOrigin(o)]);
  }

  /** s= (RFC 8866 §5.3). */
  get sessionName(): string {
    return this.fieldValues('s')[0] ?? '';
  }
  set sessionName(name: string) {
    this.replaceFields('s', [name]);
  }

  /** The first t= line (RFC 8866 §5.9). */
  get timing(): Timing | undefined {
    const t = this.fieldValues('t')[0];
    return t === undefined ? undefined : parseTiming(t);
  }
  set timing(t: Timing | undefined) {
    this.replaceFields('t', t === undefined ? [] : [formatTiming(t)]);
  }

  /** RFC 5888 a=group lines (BUNDLE, RFC 9143). */
  get groups(): Group[] {
    return this.parsedAttributes('group', parseGroup);
  }
  set groups(list: Group[]) {
    this.replaceAttributes('group', list.map(formatGroup));
  }
  addGroup(g: Group): this {
    return this.replaceAttributes('group', [...this.attributes('group').map((a) => a.value), formatGroup(g)]);
  }
  /** The mids of the first BUNDLE group, or undefined if there is none. */
  get bundle(): string[] | undefined {
    return this.groups.find((g) => g.semantics === 'BUNDLE')?.mids;
  }

  /** Legacy libwebrtc a=msid-semantic (WMS). */
  get msidSemantic(): MsidSemantic | undefined {
    return this.firstParsed('msid-semantic', parseMsidSemantic);
  }
  set msidSemantic(m: MsidSemantic | undefined) {
    this.setSingle('msid-semantic', m === undefined ? undefined : formatMsidSemantic(m));
  }

  /** The whole SDP as text, CRLF line endings (RFC 8866 §5). */
  override toString(): string {
    if (this.lines[0]?.type !== 'v') {
      throw new SdpParseError(
        'invalid-value',
        'a session description must start with v=',
        undefined,
        this.lines[0]?.type ?? '',
      );
    }
    const parts: string[] = [];
    appendLines(this.lines, parts);
    for (const m of this.media) {
      if (m.lines[0]?.type !== 'm') {
        throw new SdpParseError(
          'invalid-value',
          'a media section must start with m=',
          undefined,
          m.lines[0]?.type ?? '',
        );
      }
      appendLines(m.lines, parts);
    }
    return parts.join('');
  }
}
