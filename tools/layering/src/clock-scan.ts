// Sans-I/O rule (DESIGN.md): a protocol core is told the time by its caller. Outside the driver folder
// it never reads a clock or schedules a timer. Found on the TypeScript syntax tree, so comments and
// strings that mention `setTimeout` do not count, and aliasing (`const t = Date; t.now()`) is rare
// enough in reviewed code that the plain forms are what we check.
import ts from 'typescript';
import type { Violation } from './violation.js';

const timerCalls = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const clockMembers: ReadonlyArray<readonly [string, string]> = [
  ['Date', 'now'],
  ['performance', 'now'],
  ['performance', 'timeOrigin'],
  ['process', 'hrtime'],
  ['process', 'uptime'],
  ['globalThis', 'setTimeout'],
  ['globalThis', 'setInterval'],
  ['globalThis', 'setImmediate'],
];

export function scanClockUse(file: string, text: string): Violation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Violation[] = [];
  const report = (node: ts.Node, what: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ rule: 'clock-in-core', file, line: line + 1, message: `${what} in a protocol core` });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && timerCalls.has(node.text) && !isPropertyName(node)) {
      report(node, node.text);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const owner = node.expression.text;
      const member = node.name.text;
      if (clockMembers.some(([o, m]) => o === owner && m === member)) report(node, `${owner}.${member}`);
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Date'
    ) {
      if (!node.arguments || node.arguments.length === 0) report(node, 'new Date() (reads the clock)');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// `obj.setTimeout` as a member name, `{ setTimeout: 1 }` keys and declarations of our own methods named
// like a timer are not uses of the global.
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) && parent.name === node)
    return true;
  if (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodSignature(parent)) {
    return parent.name === node;
  }
  return false;
}
