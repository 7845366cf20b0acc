/**
 * JSONPath as Genesys evaluates translation maps: Jayway JsonPath semantics (the Java library the syntax in
 * real definitions points to: `.length()`, `.size()`, paths without `$`, `[-1]`), evaluated by jsonpath-plus.
 *
 * jsonpath-plus differs from Jayway in syntax details, so a path is first parsed into tokens here and
 * re-emitted in the bracket notation jsonpath-plus reads unambiguously:
 * - a path not starting with `$` gets `$.` in front, and `$.[` means `$[` (Jayway); jsonpath-plus would read
 *   `.[` as a deep scan;
 * - `[-n]` (Jayway: the n-th element from the end) becomes the slice `[-n:-n+1]`;
 * - a trailing function (`length()`, `size()`, `min()`, ...) is applied here, to each match.
 *
 * And the results follow Jayway: a definite path (no wildcard, deep scan, filter, slice or union) yields
 * one value or is "not found"; an indefinite path yields an array, possibly empty, and is "not found" only
 * when its definite prefix is missing (Jayway throws PathNotFoundException there, and Genesys then uses the
 * translation map default).
 */
import { JSONPath } from 'jsonpath-plus';

export type PathToken =
  | { kind: 'property'; names: string[] }
  | { kind: 'index'; indexes: number[] }
  | { kind: 'slice'; text: string }
  | { kind: 'wildcard' }
  | { kind: 'deepScan' }
  | { kind: 'filter'; expression: string };

export interface ParsedPath {
  tokens: PathToken[];
  /** A trailing Jayway function, e.g. `length`. */
  fn?: string;
  definite: boolean;
}

export type PathResult = { found: true; value: unknown } | { found: false };

/** A path that does not parse, or a function applied to a value it does not take. */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

/** Filter operators of Jayway that have no JavaScript counterpart in jsonpath-plus's safe evaluator. */
const UNSUPPORTED_FILTER = /=~|\s(?:nin|in|subsetof|anyof|noneof|size|empty)\s/;

const FUNCTIONS: Readonly<Record<string, (value: unknown) => unknown>> = {
  length: lengthOf,
  size: lengthOf,
  min: (v) => numbersOf(v, 'min').reduce((a, b) => Math.min(a, b)),
  max: (v) => numbersOf(v, 'max').reduce((a, b) => Math.max(a, b)),
  sum: (v) => numbersOf(v, 'sum').reduce((a, b) => a + b, 0),
  avg: (v) => {
    const n = numbersOf(v, 'avg');
    return n.reduce((a, b) => a + b, 0) / n.length;
  },
  stddev: (v) => {
    const n = numbersOf(v, 'stddev');
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    return Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
  },
  keys: (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new JsonPathError('keys() applies to objects');
    return Object.keys(v);
  },
  first: (v) => arrayOf(v, 'first')[0],
  last: (v) => arrayOf(v, 'last').at(-1),
};

function lengthOf(value: unknown): number {
  if (Array.isArray(value) || typeof value === 'string') return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  throw new JsonPathError('length() applies to arrays, objects and strings');
}

function arrayOf(value: unknown, fn: string): unknown[] {
  if (!Array.isArray(value)) throw new JsonPathError(`${fn}() applies to arrays`);
  return value;
}

function numbersOf(value: unknown, fn: string): number[] {
  const numbers = arrayOf(value, fn).filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) throw new JsonPathError(`${fn}() needs an array of numbers`);
  return numbers;
}

const parseCache = new Map<string, ParsedPath>();

/** Parses a Jayway path; throws `JsonPathError`. */
export function parseJsonPath(path: string): ParsedPath {
  const cached = parseCache.get(path);
  if (cached) return cached;
  const parsed = new PathParser(path).parse();
  if (parseCache.size > 5000) parseCache.clear();
  parseCache.set(path, parsed);
  return parsed;
}

/** Evaluates a translation-map path against a parsed response body. */
export function evaluateJsonPath(path: string, json: unknown): PathResult {
  const parsed = parseJsonPath(path);
  if (!parsed.definite && !definitePrefixResolves(parsed.tokens, json)) return { found: false };
  const matches = select(parsed.tokens, json);
  const apply = parsed.fn === undefined ? (v: unknown) => v : (FUNCTIONS[parsed.fn] as (v: unknown) => unknown);
  if (parsed.definite) {
    if (matches.length === 0) return { found: false };
    return { found: true, value: apply(matches[0]) };
  }
  return { found: true, value: matches.map(apply) };
}

/** Jayway: a missing property before the first indefinite token is "not found", not an empty result. */
function definitePrefixResolves(tokens: PathToken[], json: unknown): boolean {
  const firstIndefinite = tokens.findIndex((t) => !isDefiniteToken(t));
  if (firstIndefinite <= 0) return true;
  const [value] = select(tokens.slice(0, firstIndefinite), json);
  return value !== undefined && value !== null;
}

function select(tokens: PathToken[], json: unknown): unknown[] {
  return (JSONPath({ path: toJsonPathPlus(tokens), json: json as object, wrap: true, eval: 'safe' }) as unknown[] | undefined) ?? [];
}

const quote = (name: string): string => `'${name.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/** Tokens → the bracket notation jsonpath-plus parses unambiguously. */
export function toJsonPathPlus(tokens: PathToken[]): string {
  let out = '$';
  for (const token of tokens) {
    switch (token.kind) {
      case 'property':
        out += `[${token.names.map(quote).join(',')}]`;
        break;
      case 'index':
        if (token.indexes.length === 1 && (token.indexes[0] as number) < 0) {
          const n = token.indexes[0] as number;
          out += `[${n}:${n + 1 === 0 ? '' : n + 1}]`;
        } else out += `[${token.indexes.join(',')}]`;
        break;
      case 'slice':
        out += `[${token.text}]`;
        break;
      case 'wildcard':
        out += '[*]';
        break;
      case 'deepScan':
        out += '..';
        break;
      case 'filter':
        out += `[?(${token.expression})]`;
        break;
    }
  }
  return out;
}

export const isDefiniteToken = (token: PathToken): boolean =>
  (token.kind === 'property' && token.names.length === 1) || (token.kind === 'index' && token.indexes.length === 1);

/** A small recursive-descent parser for Jayway path syntax. */
class PathParser {
  private pos = 0;
  private readonly tokens: PathToken[] = [];
  private fn: string | undefined;

  constructor(private readonly source: string) {}

  parse(): ParsedPath {
    const s = this.source.trim();
    if (s === '') throw new JsonPathError('empty JSONPath');
    this.text = s.startsWith('$') ? s.slice(1) : s.startsWith('[') ? s : `.${s}`;
    while (this.pos < this.text.length) this.segment();
    if (this.tokens.at(-1)?.kind === 'deepScan') this.fail('a deep scan `..` needs a name after it');
    const definite = this.tokens.every(isDefiniteToken);
    return this.fn === undefined ? { tokens: this.tokens, definite } : { tokens: this.tokens, fn: this.fn, definite };
  }

  private text = '';

  private segment(): void {
    if (this.fn !== undefined) this.fail(`nothing may follow the function ${this.fn}()`);
    const c = this.text[this.pos];
    if (c === '[') return this.bracket();
    if (c !== '.') this.fail(`unexpected '${c}'`);
    this.pos++;
    if (this.text[this.pos] === '.') {
      this.pos++;
      this.tokens.push({ kind: 'deepScan' });
      if (this.text[this.pos] === '[') return this.bracket();
    } else if (this.text[this.pos] === '[') return this.bracket();
    this.dotName();
  }

  private dotName(): void {
    if (this.text[this.pos] === '*') {
      this.pos++;
      this.tokens.push({ kind: 'wildcard' });
      return;
    }
    const start = this.pos;
    while (this.pos < this.text.length && !'.[('.includes(this.text[this.pos] as string)) this.pos++;
    const name = this.text.slice(start, this.pos);
    if (name === '') this.fail('a property name is missing');
    if (this.text[this.pos] === '(') {
      const close = this.text.indexOf(')', this.pos);
      if (close === -1) this.fail(`unclosed function call ${name}(`);
      if (this.text.slice(this.pos + 1, close).trim() !== '') this.fail(`function ${name}() takes no arguments here`);
      if (!Object.hasOwn(FUNCTIONS, name)) this.fail(`unknown function ${name}()`);
      this.fn = name;
      this.pos = close + 1;
      return;
    }
    this.tokens.push({ kind: 'property', names: [name] });
  }

  private bracket(): void {
    const close = this.closingBracket(this.pos);
    const inner = this.text.slice(this.pos + 1, close).trim();
    this.pos = close + 1;
    if (inner === '*') return void this.tokens.push({ kind: 'wildcard' });
    if (inner.startsWith('?(') && inner.endsWith(')')) {
      const expression = inner.slice(2, -1).trim();
      if (UNSUPPORTED_FILTER.test(` ${expression} `)) this.fail(`unsupported filter operator in [?(${expression})]`);
      return void this.tokens.push({ kind: 'filter', expression });
    }
    if (/^-?\d*:-?\d*(:-?\d*)?$/.test(inner)) return void this.tokens.push({ kind: 'slice', text: inner });
    if (/^-?\d+(\s*,\s*-?\d+)*$/.test(inner)) {
      return void this.tokens.push({ kind: 'index', indexes: inner.split(',').map((n) => Number(n.trim())) });
    }
    const names = this.quotedNames(inner);
    this.tokens.push({ kind: 'property', names });
  }

  /** `'a'`, `"a"`, `'a','b'` → names. */
  private quotedNames(inner: string): string[] {
    const names: string[] = [];
    const re = /\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)")\s*(,|$)/gy;
    let match: RegExpExecArray | null;
    while (re.lastIndex < inner.length && (match = re.exec(inner)) !== null) {
      names.push((match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1'));
      if (match[3] === '') break;
    }
    if (names.length === 0 || re.lastIndex < inner.length) this.fail(`cannot read [${inner}]`);
    return names;
  }

  /** Index of the `]` closing the bracket at `open`, skipping quoted text and nested brackets. */
  private closingBracket(open: number): number {
    let depth = 0;
    let quoteChar: string | undefined;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i];
      if (quoteChar !== undefined) {
        if (c === '\\') i++;
        else if (c === quoteChar) quoteChar = undefined;
      } else if (c === "'" || c === '"') quoteChar = c;
      else if (c === '[') depth++;
      else if (c === ']' && --depth === 0) return i;
    }
    return this.fail('unclosed [');
  }

  private fail(message: string): never {
    throw new JsonPathError(`invalid JSONPath ${JSON.stringify(this.source)}: ${message}`);
  }
}
