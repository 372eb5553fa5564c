/** Why an SDP was rejected (or why a value could not be written into one). */
export type SdpErrorCode =
  | 'not-a-string'
  | 'bad-line'
  | 'missing-version'
  | 'bad-version'
  | 'missing-origin'
  | 'bad-origin'
  | 'missing-session-name'
  | 'bad-timing'
  | 'bad-connection'
  | 'bad-bandwidth'
  | 'bad-media'
  | 'bad-port'
  | 'bad-attribute'
  | 'invalid-value';

/**
 * The only error this package throws. Parse errors carry the 1-based line number and the
 * offending line's text; errors raised by setters (code `invalid-value`) have no line.
 */
export class SdpParseError extends Error {
  override readonly name = 'SdpParseError';
  readonly code: SdpErrorCode;
  /** 1-based line number in the parsed text, or undefined for a value rejected by a setter. */
  readonly line: number | undefined;
  /** The text of the offending line (without line ending), or the rejected value. */
  readonly text: string;

  constructor(code: SdpErrorCode, reason: string, line: number | undefined, text: string) {
    const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    super(
      line === undefined
        ? `${reason}: ${JSON.stringify(shown)}`
        : `line ${line}: ${reason}: ${JSON.stringify(shown)}`,
    );
    this.code = code;
    this.line = line;
    this.text = text;
  }
}
