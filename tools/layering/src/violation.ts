export type ViolationRule =
  | 'not-below'
  | 'relative-into-sibling'
  | 'into-sibling-src'
  | 'package-imports-tool'
  | 'io-module-in-core'
  | 'clock-in-core'
  | 'manifest-not-below';

export interface Violation {
  rule: ViolationRule;
  /** File (relative to the repository root) that breaks the rule. */
  file: string;
  /** Line number when known (1-based). */
  line?: number;
  message: string;
}

export function formatViolation(v: Violation): string {
  const where = v.line === undefined ? v.file : `${v.file}:${v.line}`;
  return `${where}  [${v.rule}] ${v.message}`;
}
