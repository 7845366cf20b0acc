/**
 * The Velocity tools Genesys puts in every template context (help: "Velocity macros for data actions"):
 * `$esc` (Velocity EscapeTool plus Genesys's JSON and URI methods), `$math` (MathTool), `$encoding`,
 * `$successTemplateUtils`, `$urlTool`, and the Salesforce and Dynamics macros.
 *
 * Like the Java tools, every method returns null for a null argument, so `${esc.url($input.missing)}` prints
 * itself, as Genesys does. Objects are built per render: velocityjs writes an `eval` helper onto each
 * receiver it calls a method on.
 */

type Maybe = unknown;

const isNil = (value: Maybe): value is null | undefined => value === null || value === undefined;
const str = (value: Maybe): string => (typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** `fn` applied to the text of its argument, null for null (the Java tools' contract). */
const textual =
  (fn: (text: string) => string) =>
  (value: Maybe): string | null =>
    isNil(value) ? null : fn(str(value));

const hex = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Java encodes a lone surrogate (which JSON input can carry: `"\ud800"`) to UTF-8 as `?`, where
 * `encodeURIComponent` throws "URI malformed"; the encoders below do as Java does.
 */
const javaUtf8 = (text: string): string => (text.isWellFormed() ? text : text.replace(/\p{Cs}/gu, '?'));

/** `java.net.URLEncoder.encode(s, "UTF-8")`: form encoding, space → `+`, `*-._` kept. */
export const urlFormEncode = (text: string): string =>
  encodeURIComponent(javaUtf8(text))
    .replace(/[!'()~]/g, hex)
    .replace(/%20/g, '+');

/** RFC 3986 percent-encoding (space → `%20`); only unreserved characters `A-Za-z0-9-._~` are kept. */
export const uriEncode = (text: string): string => encodeURIComponent(javaUtf8(text)).replace(/[!'()*]/g, hex);

/** The inside of a JSON string literal (no surrounding quotes). */
export const jsonEscape = (text: string): string => JSON.stringify(text).slice(1, -1);

/** Reverses `jsonEscape`; text that is not a valid JSON string body is returned unchanged. */
export const jsonUnescape = (text: string): string => {
  try {
    return JSON.parse(`"${text.replace(/(?<!\\)((?:\\\\)*)"/g, '$1\\"')}"`) as string;
  } catch {
    return text;
  }
};

const javaEscape = (text: string, extra: RegExp): string =>
  jsonEscape(text)
    .replace(extra, (c) => `\\${c}`)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeTool() {
  return {
    dollar: '$',
    d: '$',
    hash: '#',
    h: '#',
    backslash: '\\',
    b: '\\',
    quote: '"',
    q: '"',
    singleQuote: "'",
    s: "'",
    exclamation: '!',
    e: '!',
    /** Genesys: escape text for the inside of a JSON string. */
    jsonString: textual(jsonEscape),
    jsonEncode: textual(jsonEscape),
    jsonDecode: textual(jsonUnescape),
    /** Genesys documents `url` as an alias of `urlFormEncode`. */
    url: textual(urlFormEncode),
    urlFormEncode: textual(urlFormEncode),
    uriEncode: textual(uriEncode),
    java: textual((t) => javaEscape(t, /(?!)/g)),
    javascript: textual((t) => javaEscape(t, /['/]/g)),
    html: textual((t) => t.replace(/[&<>"]/g, (c) => XML_ENTITIES[c] as string)),
    xml: textual((t) => t.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string)),
    sql: textual((t) => t.replace(/'/g, "''")),
  };
}

/** A number from a Java-ish argument (number or numeric text); null otherwise. */
const toNumber = (value: Maybe): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
};

/** Applies `fn` when every argument is a number, null otherwise (MathTool's contract). */
const numeric =
  (fn: (...numbers: number[]) => number | null) =>
  (...values: Maybe[]): number | null => {
    const numbers = values.map(toNumber);
    if (numbers.length === 0 || numbers.some((n) => n === null)) return null;
    const result = fn(...(numbers as number[]));
    return result === null || !Number.isFinite(result) ? null : result;
  };

function mathTool() {
  return {
    add: numeric((...n) => n.reduce((a, b) => a + b, 0)),
    sub: numeric((first, ...rest) => rest.reduce((a, b) => a - b, first as number)),
    mul: numeric((...n) => n.reduce((a, b) => a * b, 1)),
    div: numeric((first, ...rest) => (rest.includes(0) ? null : rest.reduce((a, b) => a / b, first as number))),
    idiv: numeric((a, b) => (b === 0 ? null : Math.trunc((a as number) / (b as number)))),
    mod: numeric((a, b) => (b === 0 ? null : Math.trunc(a as number) % Math.trunc(b as number))),
    pow: numeric((a, b) => (a as number) ** (b as number)),
    max: numeric((...n) => Math.max(...n)),
    min: numeric((...n) => Math.min(...n)),
    abs: numeric((a) => Math.abs(a as number)),
    ceil: numeric((a) => Math.ceil(a as number)),
    floor: numeric((a) => Math.floor(a as number)),
    /** Java's `Math.round`: halves round up. */
    round: numeric((a) => Math.floor((a as number) + 0.5)),
    roundTo: numeric((decimals, a) => Number((a as number).toFixed(Math.max(0, Math.trunc(decimals as number))))),
    toInteger: numeric((a) => Math.trunc(a as number)),
    toDouble: numeric((a) => a as number),
    toNumber: numeric((a) => a as number),
    random: (...bounds: Maybe[]): number | null => {
      if (bounds.length === 0) return Math.random();
      const [low, high] = bounds.map(toNumber);
      if (low === null || high === null || low === undefined || high === undefined || high <= low) return null;
      return Math.floor(low + Math.random() * (high - low));
    },
  };
}

function encodingTool() {
  return {
    base64: textual((t) => Buffer.from(t, 'utf8').toString('base64')),
  };
}

/** Thrown by a tool when its input is not what it documents (surfaces as the step's error). */
export class ToolArgumentError extends Error {
  override readonly name = 'ToolArgumentError';
}

function parseJsonArgument(tool: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ToolArgumentError(`${tool}: the argument is not JSON text: ${text.length > 80 ? `${text.slice(0, 80)}...` : text}`);
  }
}

function successTemplateUtils() {
  return {
    /**
     * `firstFromArray(jsonArrayText[, defaultJsonText])`: the first element of the array as JSON text; the
     * default (or nothing) when the array is empty. A JSON value that is not an array is returned as is [?].
     */
    firstFromArray: (arrayText: Maybe, defaultText?: Maybe): string | null => {
      if (isNil(arrayText)) return null;
      const value = parseJsonArgument('firstFromArray', str(arrayText));
      if (!Array.isArray(value)) return JSON.stringify(value);
      if (value.length > 0) return JSON.stringify(value[0]);
      return isNil(defaultText) ? '' : str(defaultText);
    },
    /**
     * `moveKeysIntoArrayOfObjects(jsonObjectText[, keyName = "key"[, valueName = "value"]])` [signature ?]:
     * turns `{"a": {...}, "b": {...}}` into `[{"key": "a", ...}, {"key": "b", ...}]`; a value that is not an
     * object becomes `{"key": "a", "value": <value>}`. Returns JSON text.
     */
    moveKeysIntoArrayOfObjects: (objectText: Maybe, keyName?: Maybe, valueName?: Maybe): string | null => {
      if (isNil(objectText)) return null;
      const value = parseJsonArgument('moveKeysIntoArrayOfObjects', str(objectText));
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ToolArgumentError('moveKeysIntoArrayOfObjects: the argument is not a JSON object');
      }
      const key = isNil(keyName) ? 'key' : str(keyName);
      const valueKey = isNil(valueName) ? 'value' : str(valueName);
      return JSON.stringify(
        Object.entries(value).map(([k, v]) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? { [key]: k, ...v } : { [key]: k, [valueKey]: v },
        ),
      );
    },
  };
}

function urlTool() {
  return {
    /**
     * `optionalQueryParam(name, value[, isFirst])` [signature ?]: `&name=<form-encoded value>` (`?name=...`
     * when `isFirst` is true), or nothing at all when the value is null or empty.
     */
    optionalQueryParam: (name: Maybe, value: Maybe, isFirst?: Maybe): string => {
      if (isNil(value) || str(value) === '' || isNil(name)) return '';
      return `${isFirst === true || isFirst === 'true' ? '?' : '&'}${urlFormEncode(str(name))}=${urlFormEncode(str(value))}`;
    },
  };
}

const SOSL_RESERVED = /[?&|!{}[\]()^~*:\\"'+-]/g;

function salesforceTool() {
  return {
    /** Escapes the SOSL reserved characters with a backslash. */
    escReserved: textual((t) => t.replace(SOSL_RESERVED, (c) => `\\${c}`)),
  };
}

function dynamicsTool() {
  return {
    /**
     * `phoneNumberFilter(phone, [fields])` [?]: an OData filter matching the number in any of the fields,
     * `telephone1 eq '...' or mobilephone eq '...'`. Genesys's macro may also try other number formats.
     */
    phoneNumberFilter: (phone: Maybe, fields: Maybe): string | null => {
      if (isNil(phone) || !Array.isArray(fields)) return null;
      const quoted = `'${str(phone).replace(/'/g, "''")}'`;
      return fields.map((field) => `${str(field)} eq ${quoted}`).join(' or ');
    },
  };
}

/** Every tool, fresh for one render. */
export function genesysTools(): Record<string, unknown> {
  return {
    esc: escapeTool(),
    math: mathTool(),
    encoding: encodingTool(),
    successTemplateUtils: successTemplateUtils(),
    urlTool: urlTool(),
    salesforce: salesforceTool(),
    msdynamics: dynamicsTool(),
  };
}
