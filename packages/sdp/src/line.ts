// RFC 8866 §5: an SDP is a sequence of lines "<type>=<value>"; attributes (§5.13) are
// "a=<name>" (property) or "a=<name>:<value>".

/** One SDP line as written, minus the line ending. The model keeps these in order so output is lossless. */
export interface SdpLine {
  /** The single-letter type, e.g. 'v', 'o', 'm', 'a'. */
  type: string;
  /** Everything after '='. For 'a' lines this is "name" or "name:value". */
  value: string;
}

/** An attribute view of an 'a' line. `value` is undefined for a property attribute (no ':'). */
export interface Attribute {
  name: string;
  value: string | undefined;
}

export function attributeName(lineValue: string): string {
  const colon = lineValue.indexOf(':');
  return colon < 0 ? lineValue : lineValue.slice(0, colon);
}

/** Whether an 'a' line value is the attribute `name` (same as attributeName(lineValue) === name). */
export function isAttributeNamed(lineValue: string, name: string): boolean {
  return (
    lineValue.startsWith(name) &&
    (lineValue.length === name.length || lineValue.charCodeAt(name.length) === 0x3a)
  );
}

export function toAttribute(lineValue: string): Attribute {
  const colon = lineValue.indexOf(':');
  return colon < 0
    ? { name: lineValue, value: undefined }
    : { name: lineValue.slice(0, colon), value: lineValue.slice(colon + 1) };
}

export function attributeLineValue(name: string, value: string | undefined): string {
  return value === undefined ? name : `${name}:${value}`;
}

/** Appends each line as `type=value` CRLF (RFC 8866 §5) to `parts`, to be joined once. */
export function appendLines(lines: readonly SdpLine[], parts: string[]): void {
  for (const l of lines) parts.push(l.type, '=', l.value, '\r\n');
}

/**
 * The lines as one flat string: joined once rather than appended line by line, which would leave
 * a tree of concatenated strings (one node per append) behind every description kept by a caller.
 */
export function serializeLines(lines: readonly SdpLine[]): string {
  const parts: string[] = [];
  appendLines(lines, parts);
  return parts.join('');
}
