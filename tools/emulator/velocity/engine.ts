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

interface ReferenceAst {
  type: 'references';
  leader: string;
  pos?: { first_line: number; first_column: number; last_line: number; last_column: number };
}

class GenesysCompile extends Compile {
  /** Texts being rendered (the template, then any interpolated string literal): references print their source. */
  private readonly sources: string[];

  constructor(
    asts: VELOCITY_AST[],
    template: string,
    private readonly strict: boolean,
  ) {
    super(asts, { customMethodHandlers: javaStringMethods });
    this.sources = [template];
  }

  protected override evalStr(text: string): string {
    this.sources.push(text);
    try {
      return super.evalStr(text);
    } finally {
      this.sources.pop();
    }
  }

  protected override getReferences(ast: VELOCITY_AST, isVal?: boolean): string {
    const value: unknown = super.getReferences(ast, false);
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
 * `UnsetReferenceError` in strict mode, or whatever a tool method throws.
 */
export function renderTemplate(template: string, context: Record<string, unknown>, options: RenderOptions = {}): string {
  const asts = parseTemplate(template);
  return new GenesysCompile(asts, template, options.strict ?? false).render(context);
}
