/**
 * Velocity rendering with Genesys's (Java Velocity's) reference semantics, on velocityjs.
 *
 * - `${x}` / `$x` whose value is null or undefined prints its own source text (`${x}`); velocityjs does this
 *   only for undefined and prints "null" for null, so references are resolved here first.
 * - `$!{x}` / `$!x` print nothing.
 * - Strict mode (success templates): an unset reference is an error instead of text (reference §4.5).
 *
 * velocityjs exposes reference resolution only as an overridable method of its `Compile` class, so the
 * semantics live in one small subclass; everything else (parsing, directives, methods) is velocityjs.
 */
import { Compile, Helper, parse } from 'velocityjs';
import { findVelocitySyntaxErrors, formatVelocitySyntaxError } from '../../../lambda/contracts/velocity-syntax.js';
import { javaStringMethods } from './java-strings.js';

type VELOCITY_AST = ReturnType<typeof parse>[number];

/** A reference the strict success template cannot resolve. */
export class UnsetReferenceError extends Error {
  override readonly name = 'UnsetReferenceError';
  constructor(readonly reference: string) {
    super(`Variable not defined: '${reference}'`);
  }
}

/** The template text does not parse. */
export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
}

/**
 * Bounds on one rendering — the emulator's protection, not a Genesys fact. Apache Velocity bounds only the
 * macro depth by default (`velocimacro.max_depth` = 20), and Genesys surely bounds template work somehow
 * [?]; velocityjs bounds nothing: `#foreach($i in [1..1000000000])` builds the whole array first (gigabytes),
 * nested loops over large ranges run for hours, and a recursive `#macro` overflows the stack. The local
 * Genesys Cloud renders every user's templates in one process, so one such template would hang it for all.
 * A rendering past a bound fails with `TemplateLimitError` (`ACTION.TEMPLATE` for request templates,
 * `ACTION.PROCESSING` for success templates, as any render failure). Not bounded: a single method call that
 * is slow on its own (a catastrophic regular expression given to `matches`), which cannot be interrupted
 * in-process.
 */
export const RENDER_LIMITS = Object.freeze({
  /** Elements of one range literal `[a..b]`. */
  maxRangeItems: 100_000,
  /** Template nodes rendered, loop bodies counted once per iteration. */
  maxSteps: 1_000_000,
  /** Nested macro calls (Apache Velocity's default `velocimacro.max_depth`). */
  maxMacroDepth: 20,
  /** Characters of any text a rendering produces (its output, an interpolated string, a concatenation). */
  maxTextLength: 5_000_000,
  /** Wall-clock time of one rendering. */
  maxRenderMs: 2_000,
});

/** A rendering went past one of `RENDER_LIMITS`. */
export class TemplateLimitError extends Error {
  override readonly name = 'TemplateLimitError';
}

interface ReferenceAst {
  type: 'references';
  leader: string;
  pos?: { first_line: number; first_column: number; last_line: number; last_column: number };
}

interface RangeLiteralAst {
  type: 'array';
  isRange: true;
  value: unknown[];
}

const isRangeLiteral = (ast: unknown): ast is RangeLiteralAst =>
  (ast as { type?: unknown }).type === 'array' && (ast as { isRange?: unknown }).isRange === true && Array.isArray((ast as { value?: unknown }).value);

/**
 * JavaScript string methods that grow a string by a count (`$s.repeat(400000000)`): refused before they
 * allocate when the result would pass `maxTextLength` (the after-the-fact check would come too late for
 * the memory); within the bound they run natively.
 */
const GROWING_METHODS: ReadonlySet<string> = new Set(['repeat', 'padStart', 'padEnd']);
const growthGuard = {
  uid: 'genesys-emulator: text growth bound',
  match: ({ property, context }: { property: string; context: unknown }) => typeof context === 'string' && GROWING_METHODS.has(property),
  resolve: ({ property, context, params }: { property: string; context: unknown; params: unknown[] }) => {
    const self = context as string;
    const count = Number(params[0]);
    const length = property === 'repeat' ? self.length * count : count;
    if (length > RENDER_LIMITS.maxTextLength) throw new TemplateLimitError(`The template produced a text longer than ${RENDER_LIMITS.maxTextLength} characters`);
    return (String.prototype[property as 'repeat' | 'padStart' | 'padEnd'] as (...args: unknown[]) => string).apply(self, params);
  },
};

class GenesysCompile extends Compile {
  /** Texts being rendered (the template, then any interpolated string literal): references print their source. */
  private readonly sources: string[];
  /** RENDER_LIMITS bookkeeping of this rendering (one instance renders once). */
  private steps = 0;
  private macroDepth = 0;
  private readonly startedAt = performance.now();

  constructor(
    asts: VELOCITY_AST[],
    template: string,
    private readonly strict: boolean,
  ) {
    super(asts, { customMethodHandlers: [...javaStringMethods, growthGuard] });
    this.sources = [template];
  }

  protected override evalStr(text: string): string {
    this.sources.push(text);
    try {
      return this.bounded(super.evalStr(text));
    } finally {
      this.sources.pop();
    }
  }

  override renderAstList(asts?: VELOCITY_AST[], contextId?: string): string {
    this.steps += Math.max(1, (asts ?? this.asts).length); // an empty loop body still counts
    if (this.steps > RENDER_LIMITS.maxSteps) throw new TemplateLimitError(`The template did more than ${RENDER_LIMITS.maxSteps} rendering steps (a loop too large?)`);
    if (performance.now() - this.startedAt > RENDER_LIMITS.maxRenderMs) throw new TemplateLimitError(`The template took more than ${RENDER_LIMITS.maxRenderMs} ms to render`);
    return this.bounded(super.renderAstList(asts, contextId));
  }

  protected override getMacro(ast: VELOCITY_AST): string {
    if (++this.macroDepth > RENDER_LIMITS.maxMacroDepth) throw new TemplateLimitError(`Macro calls nest deeper than ${RENDER_LIMITS.maxMacroDepth} (a recursive #macro?)`);
    try {
      return super.getMacro(ast);
    } finally {
      this.macroDepth -= 1;
    }
  }

  protected override getExpression(ast: VELOCITY_AST): string {
    return this.bounded(super.getExpression(ast));
  }

  /** velocityjs's range literal `[a..b]` (same semantics), refused before it is built when it is too large. */
  protected override getLiteral(ast: VELOCITY_AST): string {
    if (!isRangeLiteral(ast)) return super.getLiteral(ast);
    const [begin, end] = ast.value.map((exp) => (typeof exp === 'string' ? parseInt(exp, 10) : typeof exp === 'number' ? exp : (this.getReferences(exp as VELOCITY_AST) as unknown)));
    if (Number.isNaN(begin) || Number.isNaN(end)) return [] as unknown as string;
    const span = Math.abs(Number(end) - Number(begin)) + 1;
    if (span > RENDER_LIMITS.maxRangeItems) throw new TemplateLimitError(`A range of ${span} items is larger than ${RENDER_LIMITS.maxRangeItems}`);
    const items: unknown[] = [];
    // As velocityjs: ascending when begin < end, else descending (loose comparisons included).
    let i = begin as number;
    if ((begin as number) < (end as number)) for (; i <= (end as number); i++) items.push(i);
    else for (; i >= (end as number); i--) items.push(i);
    return items as unknown as string;
  }

  /** Refuses a string past `maxTextLength`; anything else passes through. */
  private bounded<T>(value: T): T {
    if (typeof value === 'string' && value.length > RENDER_LIMITS.maxTextLength) {
      throw new TemplateLimitError(`The template produced a text longer than ${RENDER_LIMITS.maxTextLength} characters`);
    }
    return value;
  }

  protected override getReferences(ast: VELOCITY_AST, isVal?: boolean): string {
    const value: unknown = this.bounded(super.getReferences(ast, false));
    if (!isVal || (value !== null && value !== undefined)) return value as string;
    const reference = ast as unknown as ReferenceAst;
    if (reference.leader === '$!' || this.silence) return '';
    const text = this.sourceText(reference) ?? Helper.getRefText(ast as Parameters<typeof Helper.getRefText>[0]);
    if (this.strict && value === undefined) throw new UnsetReferenceError(text);
    return text;
  }

  /** The reference exactly as written (velocityjs's own rebuild drops spacing), when its position is known. */
  private sourceText({ pos }: ReferenceAst): string | undefined {
    const source = this.sources.at(-1);
    if (pos === undefined || source === undefined) return undefined;
    const lines = source.split('\n');
    const offset = (line: number, column: number) =>
      lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column;
    const text = source.slice(offset(pos.first_line, pos.first_column), offset(pos.last_line, pos.last_column));
    return text.startsWith('$') ? text : undefined;
  }
}

const AST_CACHE_LIMIT = 1000;
const astCache = new Map<string, VELOCITY_AST[]>();

/**
 * Parsed template, cached (templates repeat on every execution of an action). Syntax is checked by the
 * project's Velocity syntax checker first, the one `data-action validate` uses: besides velocityjs's grammar
 * it refuses unbalanced `#if`/`#end` blocks, which velocityjs would silently close and Apache Velocity rejects.
 */
export function parseTemplate(template: string): VELOCITY_AST[] {
  const cached = astCache.get(template);
  if (cached) return cached;
  const [syntaxError] = findVelocitySyntaxErrors(template);
  if (syntaxError) throw new TemplateSyntaxError(formatVelocitySyntaxError(syntaxError));
  const asts = parse(template);
  if (astCache.size >= AST_CACHE_LIMIT) astCache.delete(astCache.keys().next().value as string);
  astCache.set(template, asts);
  return asts;
}

export interface RenderOptions {
  /** Unset references are errors (success templates) rather than printed as written (request templates). */
  strict?: boolean;
}

/**
 * Renders `template` with `context`. Throws `TemplateSyntaxError` when it does not parse,
 * `UnsetReferenceError` in strict mode, `TemplateLimitError` past `RENDER_LIMITS`, or whatever a tool
 * method throws.
 */
export function renderTemplate(template: string, context: Record<string, unknown>, options: RenderOptions = {}): string {
  const asts = parseTemplate(template);
  return new GenesysCompile(asts, template, options.strict ?? false).render(context);
}
