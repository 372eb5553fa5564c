// RFC 8866 §5.14: one media description (m= section) with the WebRTC attributes as typed views.
import { formatMsid, type Msid, parseMsid } from './attributes/msid.js';
import { formatRid, parseRid, type Rid } from './attributes/rid.js';
import { formatRtcp, parseRtcp, type Rtcp } from './attributes/rtcp.js';
import {
  type Fmtp,
  formatFmtp,
  formatRtcpFeedback,
  formatRtpMap,
  parseFmtp,
  parseRtcpFeedback,
  parseRtpMap,
  type RtcpFeedback,
  type RtpMap,
} from './attributes/rtp-map.js';
import {
  formatSctpmap,
  parseMaxMessageSize,
  parsePort,
  parseSctpmap,
  type Sctpmap,
} from './attributes/sctp.js';
import { formatSimulcast, parseSimulcast, type Simulcast } from './attributes/simulcast.js';
import {
  formatSsrc,
  formatSsrcGroup,
  parseSsrc,
  parseSsrcGroup,
  type SsrcAttribute,
  type SsrcGroup,
} from './attributes/ssrc.js';
import { addCodec, type Codec, type CodecInit, readCodecs, removeCodec } from './codecs.js';
import { type Connection, formatConnection } from './fields/connection.js';
import { formatMediaLine, type MediaLine, parseMediaLine } from './fields/media-line.js';
import { checkInteger, checkToken, checkValue } from './grammar.js';
import type { SdpLine } from './line.js';
import { Section } from './section.js';

export interface MediaDescriptionInit {
  kind: string;
  /** Defaults to 9, the JSEP placeholder port (RFC 8829 §5.2.1). */
  port?: number;
  protocol: string;
  formats?: string[];
  /** c= line; defaults to IN IP4 0.0.0.0 (RFC 8829 §5.2.1). Pass null for none. */
  connection?: Connection | null;
}

export class MediaDescription extends Section {
  protected readonly fieldOrder = 'micbka';

  /** Wraps parsed lines; lines[0] must be a valid m= line (the parser guarantees it). */
  constructor(lines: SdpLine[]) {
    super(lines);
  }

  /** A new media section with an m= line and (by default) the JSEP c= line. */
  static create(init: MediaDescriptionInit): MediaDescription {
    const mline: MediaLine = {
      kind: init.kind,
      port: init.port ?? 9,
      protocol: init.protocol,
      formats: init.formats ?? [],
    };
    const lines: SdpLine[] = [{ type: 'm', value: formatMediaLine(mline) }];
    const c =
      init.connection === undefined
        ? { netType: 'IN', addrType: 'IP4', address: '0.0.0.0' }
        : init.connection;
    if (c !== null) lines.push({ type: 'c', value: formatConnection(c) });
    return new MediaDescription(lines);
  }

  // ----- m= line ---------------------------------------------------------------------------------

  /** The parsed m= line (a copy; assign `mediaLine` or a single field to change it). */
  get mediaLine(): MediaLine {
    const parsed = parseMediaLine(this.lines[0]?.value ?? '');
    return typeof parsed === 'string' ? { kind: '', port: 0, protocol: '', formats: [] } : parsed;
  }
  set mediaLine(m: MediaLine) {
    const line: SdpLine = { type: 'm', value: formatMediaLine(m) };
    if (this.lines[0]?.type === 'm') this.lines[0] = line;
    else this.lines.unshift(line);
  }

  private patchMediaLine(patch: Partial<MediaLine>): void {
    const m = { ...this.mediaLine, ...patch };
    if ('numberOfPorts' in patch && patch.numberOfPorts === undefined) delete m.numberOfPorts;
    this.mediaLine = m;
  }

  get kind(): string {
    return this.mediaLine.kind;
  }
  set kind(kind: string) {
    this.patchMediaLine({ kind });
  }
  get port(): number {
    return this.mediaLine.port;
  }
  set port(port: number) {
    this.patchMediaLine({ port });
  }
  get protocol(): string {
    return this.mediaLine.protocol;
  }
  set protocol(protocol: string) {
    this.patchMediaLine({ protocol });
  }
  /** The m= line's fmt list (payload types as strings for RTP). */
  get formats(): string[] {
    return this.mediaLine.formats;
  }
  set formats(formats: string[]) {
    this.patchMediaLine({ formats });
  }

  // ----- identification and streams -------------------------------------------------------------

  /** RFC 5888 §4 / RFC 9143: a=mid. */
  get mid(): string | undefined {
    return this.attribute('mid');
  }
  set mid(v: string | undefined) {
    this.setSingle('mid', v === undefined ? undefined : checkToken(v, 'mid'));
  }

  /** RFC 8830: a=msid lines. */
  get msids(): Msid[] {
    return this.parsedAttributes('msid', parseMsid);
  }
  set msids(list: Msid[]) {
    this.replaceAttributes('msid', list.map(formatMsid));
  }

  /** RFC 8843 §6.1: a=bundle-only. */
  get bundleOnly(): boolean {
    return this.flag('bundle-only');
  }
  set bundleOnly(on: boolean) {
    this.setFlag('bundle-only', on);
  }

  // ----- RTCP ------------------------------------------------------------------------------------

  /** RFC 3605: a=rtcp. */
  get rtcp(): Rtcp | undefined {
    return this.firstParsed('rtcp', parseRtcp);
  }
  set rtcp(r: Rtcp | undefined) {
    this.setSingle('rtcp', r === undefined ? undefined : formatRtcp(r));
  }
  /** RFC 5761 §5.1.1: a=rtcp-mux. */
  get rtcpMux(): boolean {
    return this.flag('rtcp-mux');
  }
  set rtcpMux(on: boolean) {
    this.setFlag('rtcp-mux', on);
  }
  /** RFC 8858: a=rtcp-mux-only. */
  get rtcpMuxOnly(): boolean {
    return this.flag('rtcp-mux-only');
  }
  set rtcpMuxOnly(on: boolean) {
    this.setFlag('rtcp-mux-only', on);
  }
  /** RFC 5506 §5: a=rtcp-rsize. */
  get rtcpRsize(): boolean {
    return this.flag('rtcp-rsize');
  }
  set rtcpRsize(on: boolean) {
    this.setFlag('rtcp-rsize', on);
  }

  // ----- RTP payload types -----------------------------------------------------------------------

  get rtpmaps(): RtpMap[] {
    return this.parsedAttributes('rtpmap', parseRtpMap);
  }
  set rtpmaps(list: RtpMap[]) {
    this.replaceAttributes('rtpmap', list.map(formatRtpMap));
  }
  get fmtps(): Fmtp[] {
    return this.parsedAttributes('fmtp', parseFmtp);
  }
  set fmtps(list: Fmtp[]) {
    this.replaceAttributes('fmtp', list.map(formatFmtp));
  }
  get rtcpFeedback(): RtcpFeedback[] {
    return this.parsedAttributes('rtcp-fb', parseRtcpFeedback);
  }
  set rtcpFeedback(list: RtcpFeedback[]) {
    this.replaceAttributes('rtcp-fb', list.map(formatRtcpFeedback));
  }

  /** The RTP codecs in m= line order: each payload type that has an a=rtpmap, with its fmtp and rtcp-fb. */
  get codecs(): Codec[] {
    return readCodecs(this);
  }
  /** Adds a payload type to the m= line with its a=rtpmap, a=rtcp-fb and a=fmtp (replacing any old ones). */
  addCodec(codec: CodecInit): this {
    addCodec(this, codec);
    return this;
  }
  /** Removes a payload type from the m= line and its a=rtpmap/fmtp/rtcp-fb lines. */
  removeCodec(payloadType: number): this {
    removeCodec(this, payloadType);
    return this;
  }

  // ----- SSRCs, RIDs, simulcast ------------------------------------------------------------------

  /** RFC 5576: a=ssrc lines. */
  get ssrcs(): SsrcAttribute[] {
    return this.parsedAttributes('ssrc', parseSsrc);
  }
  set ssrcs(list: SsrcAttribute[]) {
    this.replaceAttributes('ssrc', list.map(formatSsrc));
  }
  addSsrc(a: SsrcAttribute): this {
    return this.addAttribute('ssrc', formatSsrc(a));
  }
  /** RFC 5576 §4.2: a=ssrc-group lines. */
  get ssrcGroups(): SsrcGroup[] {
    return this.parsedAttributes('ssrc-group', parseSsrcGroup);
  }
  set ssrcGroups(list: SsrcGroup[]) {
    this.replaceAttributes('ssrc-group', list.map(formatSsrcGroup));
  }
  addSsrcGroup(g: SsrcGroup): this {
    return this.addAttribute('ssrc-group', formatSsrcGroup(g));
  }
  /** RFC 8851: a=rid lines. */
  get rids(): Rid[] {
    return this.parsedAttributes('rid', parseRid);
  }
  set rids(list: Rid[]) {
    this.replaceAttributes('rid', list.map(formatRid));
  }
  addRid(r: Rid): this {
    return this.addAttribute('rid', formatRid(r));
  }
  /** RFC 8853: a=simulcast (the first one that parses; old draft syntax is read too). */
  get simulcast(): Simulcast | undefined {
    return this.firstParsed('simulcast', parseSimulcast);
  }
  set simulcast(sc: Simulcast | undefined) {
    this.setSingle('simulcast', sc === undefined ? undefined : formatSimulcast(sc));
  }

  // ----- data channels ---------------------------------------------------------------------------

  /** RFC 8841 §5.1: a=sctp-port. */
  get sctpPort(): number | undefined {
    return this.firstParsed('sctp-port', parsePort);
  }
  set sctpPort(port: number | undefined) {
    this.setSingle('sctp-port', port === undefined ? undefined : `${checkInteger(port, 'sctp-port', 65535)}`);
  }
  /** RFC 8841 §6.1: a=max-message-size (0 means no limit). */
  get maxMessageSize(): number | undefined {
    return this.firstParsed('max-message-size', parseMaxMessageSize);
  }
  set maxMessageSize(size: number | undefined) {
    this.setSingle(
      'max-message-size',
      size === undefined ? undefined : `${checkInteger(size, 'max-message-size')}`,
    );
  }
  /** Legacy a=sctpmap (draft-ietf-mmusic-sctp-sdp-05), with m=application <port> DTLS/SCTP <sctp-port>. */
  get sctpmap(): Sctpmap | undefined {
    return this.firstParsed('sctpmap', parseSctpmap);
  }
  set sctpmap(m: Sctpmap | undefined) {
    this.setSingle('sctpmap', m === undefined ? undefined : formatSctpmap(m));
  }

  // ----- ICE candidates --------------------------------------------------------------------------

  /** a=candidate values as strings (without "candidate:"); their grammar belongs to @rtc/ice. */
  get candidates(): string[] {
    return this.attributes('candidate').map((a) => a.value ?? '');
  }
  set candidates(list: string[]) {
    this.replaceAttributes(
      'candidate',
      list.map((c) => checkValue(c, 'candidate')),
    );
  }
  /** Appends a candidate; it goes after the last a=candidate, before a=end-of-candidates if present. */
  addCandidate(candidate: string): this {
    const existing = this.attributes('candidate').map((a) => a.value);
    if (existing.length > 0)
      return this.replaceAttributes('candidate', [...existing, checkValue(candidate, 'candidate')]);
    const eoc = this.lines.findIndex((l) => l.type === 'a' && l.value === 'end-of-candidates');
    if (eoc < 0) return this.addAttribute('candidate', candidate);
    this.lines.splice(eoc, 0, { type: 'a', value: `candidate:${checkValue(candidate, 'candidate')}` });
    return this;
  }
  /** RFC 8840 §8.2: a=end-of-candidates. */
  get endOfCandidates(): boolean {
    return this.flag('end-of-candidates');
  }
  set endOfCandidates(on: boolean) {
    this.setFlag('end-of-candidates', on);
  }
}
