/**
 * Java `String` methods that templates call and that JavaScript strings lack or do differently
 * (Genesys documents "Java string method macros"). Methods JavaScript shares with Java
 * (`substring`, `toLowerCase`, `trim`, `startsWith`, `indexOf`, ...) run natively.
 *
 * Java regular expressions are translated to JavaScript ones as far as the common subset goes; a leading
 * `(?i)` becomes the `i` flag.
 */

interface MethodPayload {
  property: string;
  context: unknown;
  params: unknown[];
}

type StringMethod = (self: string, ...params: unknown[]) => unknown;

/** Java regex source → JavaScript RegExp. */
export function javaRegex(source: string, global: boolean): RegExp {
  let flags = global ? 'gu' : 'u';
  let body = source;
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags += 'i';
  }
  try {
    return new RegExp(body, flags);
  } catch {
    return new RegExp(body, flags.replace('u', ''));
  }
}

/** Java replacement text (`\$` escapes a dollar, `$1` a group) → JavaScript replacement text. */
const javaReplacement = (replacement: string): string =>
  replacement.replace(/\\(.)|\$(\d+)|\$/g, (_m, escaped: string | undefined, group: string | undefined) =>
    escaped !== undefined ? (escaped === '$' ? '$$' : escaped) : group !== undefined ? `$${group}` : '$$',
  );

const text = (value: unknown): string => (value === null || value === undefined ? 'null' : String(value));

const METHODS: Readonly<Record<string, StringMethod>> = {
  length: (self) => self.length,
  isEmpty: (self) => self.length === 0,
  contains: (self, part) => self.includes(text(part)),
  equals: (self, other) => typeof other === 'string' && self === other,
  equalsIgnoreCase: (self, other) => typeof other === 'string' && self.toLowerCase() === other.toLowerCase(),
  /** Java's `replace(CharSequence, CharSequence)` replaces every occurrence, literally. */
  replace: (self, target, replacement) => self.split(text(target)).join(text(replacement)),
  replaceAll: (self, regex, replacement) => self.replace(javaRegex(text(regex), true), javaReplacement(text(replacement))),
  replaceFirst: (self, regex, replacement) =>
    self.replace(javaRegex(text(regex), false), javaReplacement(text(replacement))),
  matches: (self, regex) => javaRegex(`^(?:${text(regex)})$`, false).test(self),
  /** Java drops trailing empty strings from `split`. */
  split: (self, regex) => {
    const parts = self.split(javaRegex(text(regex), true));
    while (parts.length > 1 && parts.at(-1) === '') parts.pop();
    return parts;
  },
};

/** velocityjs `customMethodHandlers` entries for the methods above, on string receivers only. */
export const javaStringMethods = [
  {
    uid: 'genesys: java.lang.String',
    match: ({ property, context }: MethodPayload) => typeof context === 'string' && Object.hasOwn(METHODS, property),
    resolve: ({ property, context, params }: MethodPayload) => (METHODS[property] as StringMethod)(context as string, ...params),
  },
];
