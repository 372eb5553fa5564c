// The part shared by the session level and each media section: an ordered list of lines, with
// structured views that read from it and setters that write back in place (so unknown lines and the
// original order survive a round trip).

import { type Direction, isDirection } from './attributes/direction.js';
import {
  type Fingerprint,
  formatFingerprint,
  parseFingerprint,
  parseSetup,
  type Setup,
} from './attributes/dtls.js';
import { type Extmap, formatExtmap, parseExtmap } from './attributes/extmap.js';
import { SdpParseError } from './errors.js';
import { type Bandwidth, formatBandwidth, parseBandwidth } from './fields/bandwidth.js';
import { type Connection, formatConnection, parseConnection } from './fields/connection.js';
import { checkToken, checkValue, splitTokens } from './grammar.js';
import {
  type Attribute,
  attributeLineValue,
  isAttributeNamed,
  type SdpLine,
  serializeLines,
  toAttribute,
} from './line.js';

function defined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

function checkAttributeName(name: string): string {
  checkToken(name, 'attribute name');
  if (name.includes(':'))
    throw new SdpParseError('invalid-value', 'attribute name cannot hold ":"', undefined, name);
  return name;
}

export abstract class Section {
  /** The lines of this section in order (for a media section, lines[0] is the m= line). */
  readonly lines: SdpLine[];

  /** RFC 8866 §5 field order of this section's line types; new non-attribute lines are inserted by it. */
  protected abstract readonly fieldOrder: string;

  constructor(lines: SdpLine[]) {
    this.lines = lines;
  }

  // ----- generic attribute access --------------------------------------------------------------

  /** All attributes in order, or those named `name`. */
  attributes(name?: string): Attribute[] {
    const out: Attribute[] = [];
    for (const l of this.lines) {
      if (l.type === 'a' && (name === undefined || isAttributeNamed(l.value, name)))
        out.push(toAttribute(l.value));
    }
    return out;
  }

  /** Value of the first attribute named `name` ('' for a property attribute); undefined if absent. */
  attribute(name: string): string | undefined {
    for (const l of this.lines) {
      if (l.type === 'a' && isAttributeNamed(l.value, name)) return toAttribute(l.value).value ?? '';
    }
    return undefined;
  }

  hasAttribute(name: string): boolean {
    for (const l of this.lines) if (l.type === 'a' && isAttributeNamed(l.value, name)) return true;
    return false;
  }

  /** Appends `a=name[:value]` at the end of this section. */
  addAttribute(name: string, value?: string): this {
    checkAttributeName(name);
    if (value !== undefined) checkValue(value, `a=${name} value`);
    this.lines.push({ type: 'a', value: attributeLineValue(name, value) });
    return this;
  }

  /** Sets a single-valued attribute: replaces the first occurrence in place, removes the others. */
  setAttribute(name: string, value?: string): this {
    return this.replaceAttributes(name, [value]);
  }

  /** Removes every attribute named `name` (optionally only those whose value passes `filter`). */
  removeAttribute(name: string, filter?: (value: string | undefined) => boolean): this {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const l = this.lines[i]!;
      if (l.type !== 'a' || !isAttributeNamed(l.value, name)) continue;
      if (filter === undefined || filter(toAttribute(l.value).value)) this.lines.splice(i, 1);
    }
    return this;
  }

  /**
   * Replaces all attributes named `name` with `values`, reusing the positions of the existing ones
   * in order; extra values go right after the last existing one (or at the end of the section).
   */
  replaceAttributes(name: string, values: readonly (string | undefined)[]): this {
    checkAttributeName(name);
    for (const v of values) if (v !== undefined) checkValue(v, `a=${name} value`);
    const positions: number[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i]!;
      if (l.type === 'a' && isAttributeNamed(l.value, name)) positions.push(i);
    }
    const fresh = values.map((v): SdpLine => ({ type: 'a', value: attributeLineValue(name, v) }));
    if (positions.length === 0) {
      // A new attribute (the usual case when writing a description): appended in order.
      for (const l of fresh) this.lines.push(l);
      return this;
    }
    const insertAt = positions.length === 0 ? this.lines.length : positions[positions.length - 1]! + 1;
    const extra = fresh.slice(positions.length);
    this.lines.splice(insertAt, 0, ...extra);
    // Overwrite/remove from the back so earlier indices stay valid.
    for (let k = positions.length - 1; k >= 0; k--) {
      const i = positions[k]!;
      if (k < fresh.length) this.lines[i] = fresh[k]!;
      else this.lines.splice(i, 1);
    }
    return this;
  }

  protected flag(name: string): boolean {
    return this.hasAttribute(name);
  }

  protected setFlag(name: string, on: boolean): void {
    if (!on) this.removeAttribute(name);
    else if (!this.hasAttribute(name)) this.addAttribute(name);
  }

  /** Parsed values of every `a=name` the parser understands; malformed ones are skipped. */
  protected parsedAttributes<T>(name: string, parse: (value: string) => T | undefined): T[] {
    return this.attributes(name)
      .map((a) => (a.value === undefined ? undefined : parse(a.value)))
      .filter(defined);
  }

  protected firstParsed<T>(name: string, parse: (value: string) => T | undefined): T | undefined {
    for (const a of this.attributes(name)) {
      const v = a.value === undefined ? undefined : parse(a.value);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  // ----- non-attribute fields ------------------------------------------------------------------

  protected fieldValues(type: string): string[] {
    return this.lines.filter((l) => l.type === type).map((l) => l.value);
  }

  /** Replaces all `type=` lines with `values`, in place; new ones go where RFC 8866 §5's order puts them. */
  protected replaceFields(type: string, values: readonly string[]): void {
    for (const v of values) checkValue(v, `${type}= value`);
    const positions: number[] = [];
    this.lines.forEach((l, i) => {
      if (l.type === type) positions.push(i);
    });
    let insertAt: number;
    if (positions.length > 0) insertAt = positions[positions.length - 1]! + 1;
    else {
      const rank = this.fieldOrder.indexOf(type);
      insertAt = 0;
      this.lines.forEach((l, i) => {
        const r = this.fieldOrder.indexOf(l.type);
        if (r >= 0 && r <= rank) insertAt = i + 1;
      });
    }
    this.lines.splice(insertAt, 0, ...values.slice(positions.length).map((value) => ({ type, value })));
    for (let k = positions.length - 1; k >= 0; k--) {
      const i = positions[k]!;
      if (k < values.length) this.lines[i] = { type, value: values[k]! };
      else this.lines.splice(i, 1);
    }
  }

  // ----- structured views shared by both levels ------------------------------------------------

  /** c= (RFC 8866 §5.7). */
  get connection(): Connection | undefined {
    for (const v of this.fieldValues('c')) {
      const c = parseConnection(v);
      if (c !== undefined) return c;
    }
    return undefined;
  }
  set connection(c: Connection | undefined) {
    this.replaceFields('c', c === undefined ? [] : [formatConnection(c)]);
  }

  /** b= lines (RFC 8866 §5.8: AS, CT; RFC 3890: TIAS). */
  get bandwidths(): Bandwidth[] {
    return this.fieldValues('b').map(parseBandwidth).filter(defined);
  }
  set bandwidths(list: Bandwidth[]) {
    this.replaceFields('b', list.map(formatBandwidth));
  }

  /** RFC 8839 §5.4: a=ice-ufrag. */
  get iceUfrag(): string | undefined {
    return this.attribute('ice-ufrag');
  }
  set iceUfrag(v: string | undefined) {
    this.setSingle('ice-ufrag', v === undefined ? undefined : checkToken(v, 'ice-ufrag'));
  }

  /** RFC 8839 §5.4: a=ice-pwd. */
  get icePwd(): string | undefined {
    return this.attribute('ice-pwd');
  }
  set icePwd(v: string | undefined) {
    this.setSingle('ice-pwd', v === undefined ? undefined : checkToken(v, 'ice-pwd'));
  }

  /** RFC 8839 §5.6: a=ice-options tokens ('trickle', 'ice2', ...). */
  get iceOptions(): string[] {
    return this.attributes('ice-options').flatMap((a) => splitTokens(a.value ?? ''));
  }
  set iceOptions(options: string[]) {
    this.setSingle(
      'ice-options',
      options.length === 0 ? undefined : options.map((o) => checkToken(o, 'ice option')).join(' '),
    );
  }

  /** RFC 8839 §5.3: a=ice-lite (session level). */
  get iceLite(): boolean {
    return this.flag('ice-lite');
  }
  set iceLite(on: boolean) {
    this.setFlag('ice-lite', on);
  }

  /** RFC 8122 §5: a=fingerprint lines. */
  get fingerprints(): Fingerprint[] {
    return this.parsedAttributes('fingerprint', parseFingerprint);
  }
  set fingerprints(list: Fingerprint[]) {
    this.replaceAttributes('fingerprint', list.map(formatFingerprint));
  }

  /** RFC 8842 §5: a=setup. */
  get setup(): Setup | undefined {
    return this.firstParsed('setup', parseSetup);
  }
  set setup(v: Setup | undefined) {
    if (v !== undefined && parseSetup(v) === undefined) {
      throw new SdpParseError(
        'invalid-value',
        'setup must be active, passive, actpass or holdconn',
        undefined,
        String(v),
      );
    }
    this.setSingle('setup', v);
  }

  /** RFC 8866 §6.7: the first direction attribute of this section, if any. */
  get direction(): Direction | undefined {
    for (const l of this.lines) if (l.type === 'a' && isDirection(l.value)) return l.value;
    return undefined;
  }
  set direction(d: Direction | undefined) {
    if (d !== undefined && !isDirection(d)) {
      throw new SdpParseError('invalid-value', 'bad direction', undefined, String(d));
    }
    // Replace the first direction attribute in place and drop any others (Firefox repeats a=sendrecv).
    const first = this.lines.findIndex((l) => l.type === 'a' && isDirection(l.value));
    for (let i = this.lines.length - 1; i > first && first >= 0; i--) {
      const l = this.lines[i]!;
      if (l.type === 'a' && isDirection(l.value)) this.lines.splice(i, 1);
    }
    if (d === undefined) {
      if (first >= 0) this.lines.splice(first, 1);
    } else if (first >= 0) this.lines[first] = { type: 'a', value: d };
    else this.lines.push({ type: 'a', value: d });
  }

  /** RFC 8285 §5: a=extmap lines. */
  get extmaps(): Extmap[] {
    return this.parsedAttributes('extmap', parseExtmap);
  }
  set extmaps(list: Extmap[]) {
    this.replaceAttributes('extmap', list.map(formatExtmap));
  }
  addExtmap(e: Extmap): this {
    return this.replaceAttributes('extmap', [
      ...this.attributes('extmap').map((a) => a.value),
      formatExtmap(e),
    ]);
  }

  /** RFC 8285 §6: a=extmap-allow-mixed. */
  get extmapAllowMixed(): boolean {
    return this.flag('extmap-allow-mixed');
  }
  set extmapAllowMixed(on: boolean) {
    this.setFlag('extmap-allow-mixed', on);
  }

  protected setSingle(name: string, value: string | undefined): void {
    if (value === undefined) this.removeAttribute(name);
    else this.setAttribute(name, value);
  }

  /** This section's lines as SDP text (CRLF line endings). */
  toString(): string {
    return serializeLines(this.lines);
  }
}
