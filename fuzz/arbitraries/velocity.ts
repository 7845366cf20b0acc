/**
 * fast-check arbitraries for Velocity: input values full of Velocity syntax (for "input is data"), and
 * templates — structured ones (nested loops over ranges from tiny to huge, recursive macros, growing
 * strings, tool and string method calls, conditions) and raw fragment soup (for "never crash, never hang").
 */
import fc from 'fast-check';

/** Pieces of Velocity syntax, complete and broken. */
const FRAGMENTS = [
  '$', '$!', '#', '{', '}', '(', ')', '[', ']', '"', "'", '\\', '=', '..', ',', ' ', '\n', '\t',
  '#set(', '#set($x = ', '#if(', '#elseif(', '#else', '#end', '#{end}', '#foreach(', '#foreach($i in [1..9])',
  '#macro(', '#macro(m)', '#m()', '#evaluate(', '#define($d)', '#break', '#stop', '#include(', '#parse(',
  '##', '#*', '*#', '#[[', ']]#', '${', '$!{', '$input', '$input.v', '${input.v}', '$input.rawRequest',
  '$esc.dollar', '$esc.hash', '$esc.jsonString(', '$math.add(', '$input.v.length()', '.class', '.getClass()',
  '.constructor', '__proto__', '.eval(', 'null', 'true', '1..999999999', '$credentials.password', '\u2028', '\u0000', '\ud800',
];

/** Text that is mostly Velocity syntax: what a hostile or unlucky input value looks like. */
export const velocityishText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 14 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

const smallInt = fc.integer({ min: -3, max: 12 });
const rangeBound = fc.oneof(
  { weight: 6, arbitrary: smallInt },
  { weight: 1, arbitrary: fc.integer({ min: 90_000, max: 120_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }) },
  { weight: 1, arbitrary: fc.constantFrom('$n', '"7"', '$input.v', '$list.size()') },
);
const collection = fc.oneof(
  fc.tuple(rangeBound, rangeBound).map(([a, b]) => `[${a}..${b}]`),
  fc.constantFrom('$list', '[1, "a", $x, null]', '$input.v.split("")', '{"a": 1, "b": [2]}', '$input', '$esc', '$nothing', '"text"'),
);
const reference = fc.constantFrom(
  '$x', '${x}', '$!x', '$!{x}', '$y.z', '$input.v', '${input.v}', '$!{input.missing}', '$input.rawRequest', '$list', '$n',
  '$esc.jsonString($input.v)', '$esc.url($x)', '$esc.uriEncode($input.v)', '$math.add($n, 1)', '$math.div(1, 0)', '$math.pow(10, 400)',
  '$input.v.length()', '$input.v.substring(2, 1)', '$input.v.replaceAll("(", "x")', '$input.v.split("")', '$x.repeat(100000000)',
  '$x.padStart(99999999)', '$input.v.toUpperCase()', '$input.v.charAt(99)', '$foreach.count', '$velocityCount', '$bodyContent',
  '$successTemplateUtils.firstFromArray("[1]")', '$encoding.base64($input.v)', '$list.get(99)', '$input.v.constructor', '$x.eval("#set($z = 1)")',
);
const expression = fc.oneof(
  reference,
  smallInt.map(String),
  fc.constantFrom('"s"', '"$x$x"', '"${input.v}"', "'lit'", 'true', 'false', 'null', '[1, 2]', '$x + $x', '$n * 1000', '$n + "a"', '!$x', '$x == $y'),
);
const variable = fc.constantFrom('$x', '$y', '$n', '$list', '$s', '$input.v', '$esc.dollar', '$y.z');

export const structuredTemplate: fc.Arbitrary<string> = fc.letrec<{ node: string; body: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 8 }),
    reference,
    fc.tuple(variable, expression).map(([v, e]) => `#set(${v} = ${e})`),
    fc.tuple(expression, tie('body'), tie('body')).map(([c, a, b]) => `#if(${c})${a}#else${b}#end`),
    fc.tuple(collection, tie('body')).map(([c, b]) => `#foreach($i in ${c})${b}#end`),
    tie('body').map((b) => `#foreach($i in [1..5])#set($s = "$s$s$i")${b}#end$s.length()`),
    fc.tuple(fc.constantFrom('m', 'n'), tie('body')).map(([m, b]) => `#macro(${m} $a)${b}#${m}($a)#end#${m}(1)`),
    tie('body').map((b) => `#macro(m)${b}#end#macro(n)#m()#m()#end#n()`),
    tie('body').map((b) => `#define($d)${b}#end$d$d`),
    tie('body').map((b) => `#evaluate("${b.replace(/"/g, "'")}")`),
    fc.constantFrom('#break', '#stop', '#{else}', '$esc.hash$esc.dollar'),
  ),
  body: fc.array(tie('node'), { maxLength: 4 }).map((nodes) => nodes.join('')),
})).body;

/** Any template: structured, fragment soup, or random text. */
export const anyTemplate: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: structuredTemplate },
  { weight: 2, arbitrary: velocityishText },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
);
