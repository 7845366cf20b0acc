/**
 * Velocity syntax checks for action templates, without rendering anything: what Genesys's Velocity engine
 * would refuse to parse. Used by the action-definition linter (the `data-action validate` CLI and the local
 * Genesys Cloud at create).
 *
 * Two passes over velocityjs:
 * 1. its public `parse` — grammar errors (a `${` never closed, `#set($x = )`, ...), with a line and column;
 * 2. block balance over velocityjs's own token stream. velocityjs silently closes an `#if` or `#foreach` that has no
 *    `#end` at the end of the template and drops everything after a stray `#end`; Apache Velocity (which Genesys
 *    runs) rejects both. velocityjs does not export its token stream, so it is loaded from the package's CommonJS
 *    build; if a future velocityjs moves that file, this pass is skipped (the test for it then fails loudly).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'velocityjs';

export interface VelocitySyntaxError {
  /** 1-based line of the offending text, when known. */
  line?: number;
  /** 1-based column of the offending text, when known (approximate: velocityjs's lexer can be one off). */
  column?: number;
  message: string;
}

interface RawNode {
  type: string;
  pos?: { first_line: number; first_column: number; last_line: number; last_column: number };
}
type RawTokenizer = (template: string) => (string | RawNode)[];

const BLOCK_OPENERS: ReadonlySet<string> = new Set(['if', 'foreach', 'macro', 'define', 'noescape']);

/** Grammar token names of velocityjs's parser, as a template author would write them. */
const TOKEN_TEXT: Readonly<Record<string, string>> = {
  EOF: 'end of template',
  VAR_END: "'}'",
  MAP_END: "'}'",
  MAP_BEGIN: "'{'",
  DOT: "'.'",
  BRACKET: "'['",
  CLOSE_BRACKET: "']'",
  PARENTHESIS: "'('",
  CLOSE_PARENTHESIS: "')'",
  DOLLAR: "'$'",
  STRING: 'a string',
  EVAL_STRING: 'a string',
  INTEGER: 'a number',
  BOOL: 'true or false',
  ID: 'a name',
};

const rawTokenizer: RawTokenizer | undefined = loadRawTokenizer();

/** Every Velocity syntax problem in `template` (empty when it parses). */
export function findVelocitySyntaxErrors(template: string): VelocitySyntaxError[] {
  try {
    parse(template);
  } catch (error) {
    return [describeParseError(error)];
  }
  return rawTokenizer === undefined ? [] : findUnbalancedBlocks(rawTokenizer(template));
}

export function formatVelocitySyntaxError(error: VelocitySyntaxError): string {
  const where = error.line === undefined ? '' : ` at line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`}`;
  return `Velocity syntax error${where}: ${error.message}`;
}

function describeParseError(error: unknown): VelocitySyntaxError {
  const hash = (error as { hash?: { token?: string; text?: string; loc?: { last_line?: number; last_column?: number }; expected?: string[] } })
    .hash;
  if (hash === undefined) {
    return { message: error instanceof Error ? error.message.split('\n')[0] ?? 'unparseable template' : 'unparseable template' };
  }
  const found = hash.token === 'EOF' || hash.text === '' ? 'end of template' : `'${hash.text ?? hash.token ?? '?'}'`;
  const expected = [...new Set((hash.expected ?? []).map((e) => TOKEN_TEXT[e.replace(/'/g, '')] ?? e))];
  const result: VelocitySyntaxError = {
    message: `unexpected ${found}${expected.length > 0 ? `; expected ${expected.join(', ')}` : ''}`,
  };
  if (hash.loc?.last_line !== undefined) result.line = hash.loc.last_line;
  if (hash.loc?.last_column !== undefined) result.column = hash.loc.last_column + 1;
  return result;
}

function findUnbalancedBlocks(tokens: (string | RawNode)[]): VelocitySyntaxError[] {
  const errors: VelocitySyntaxError[] = [];
  const open: RawNode[] = [];
  const at = (node: RawNode): Pick<VelocitySyntaxError, 'line' | 'column'> =>
    node.pos === undefined ? {} : { line: node.pos.first_line, column: node.pos.first_column + 1 };
  for (const node of tokens) {
    if (typeof node === 'string') continue;
    if (BLOCK_OPENERS.has(node.type)) open.push(node);
    else if (node.type === 'end') {
      if (open.pop() === undefined) errors.push({ ...at(node), message: '#end without an open #if, #foreach, #macro or #define' });
    } else if ((node.type === 'else' || node.type === 'elseif') && open.at(-1)?.type !== 'if') {
      errors.push({ ...at(node), message: `#${node.type} outside an #if block` });
    }
  }
  for (const node of open) errors.push({ ...at(node), message: `#${node.type} has no matching #end` });
  return errors;
}

function loadRawTokenizer(): RawTokenizer | undefined {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('velocityjs');
    const raw = require(join(dirname(entry), 'parse/index.cjs')) as { parse_1?: RawTokenizer };
    return typeof raw.parse_1 === 'function' ? raw.parse_1 : undefined;
  } catch {
    return undefined;
  }
}
