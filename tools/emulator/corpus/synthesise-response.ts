/**
 * Builds a response body on which every JSONPath of an action's translation map resolves, with values
 * shaped by the success schema where the success template shows which output property a name feeds.
 *
 * Each path is planted into one shared document: properties become object members, indexes and slices
 * array positions, a filter an element satisfying it (`@.x == 'y'` sets `x`, `@.x != 'y'` sets something
 * else), a deep scan is satisfied at depth zero, and a trailing `length()`-like function gets an array to
 * count. Values a filter fixed are not overwritten by a leaf.
 */
import { parseJsonPath, type PathToken } from '../jsonpath.js';
import { sampleFromSchema } from '../samples.js';
import type { ActionDefinition } from '../types.js';

type Json = unknown;
type Schema = Record<string, unknown>;

interface Ref {
  get(): Json;
  set(value: Json): void;
}

/** Keys of an element a filter constrained. */
const constrained = new WeakMap<object, Set<string>>();

export function synthesiseResponse(definition: ActionDefinition): Json {
  const holder: { root?: Json } = {};
  const rootRef: Ref = { get: () => holder.root, set: (v) => (holder.root = v) };
  const response = definition.config.response ?? {};
  for (const [name, path] of Object.entries(response.translationMap ?? {})) {
    const parsed = parseJsonPath(path);
    const leaf = leafValue(name, parsed.definite, response.successTemplate ?? '', definition.contract.output.successSchema);
    plant(rootRef, parsed.tokens, parsed.fn, leaf);
  }
  return holder.root ?? {};
}

function plant(ref: Ref, tokens: PathToken[], fn: string | undefined, leaf: Json): void {
  const [token, ...rest] = tokens;
  if (token === undefined) {
    if (fn !== undefined) return void (ref.get() === undefined && ref.set(functionInput(fn, leaf)));
    return void ref.set(leaf);
  }
  switch (token.kind) {
    case 'property': {
      const object = ensureObject(ref);
      const key = token.names[0] as string;
      if (rest.length === 0 && fn === undefined && constrained.get(object)?.has(key)) return;
      return plant(member(object, key), rest, fn, leaf);
    }
    case 'index':
      return plant(element(ensureArray(ref), token.indexes[0] as number), rest, fn, leaf);
    case 'slice': {
      const start = Number(token.text.split(':')[0] || 0);
      return plant(element(ensureArray(ref), start < 0 ? -1 : start), rest, fn, leaf);
    }
    case 'wildcard': {
      const current = ref.get();
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
        const object = current as Record<string, Json>;
        return plant(member(object, Object.keys(object)[0] ?? 'item'), rest, fn, leaf);
      }
      return plant(element(ensureArray(ref), 0), rest, fn, leaf);
    }
    case 'deepScan':
      return plant(ref, rest, fn, leaf);
    case 'filter':
      return plant(matchingElement(ensureArray(ref), token.expression), rest, fn, leaf);
  }
}

/** What a trailing function needs to produce a value: something to count, numbers to add up. */
function functionInput(fn: string, leaf: Json): Json {
  if (fn === 'length' || fn === 'size' || fn === 'first' || fn === 'last') return [leaf ?? 'sample'];
  if (fn === 'keys') return { sample: leaf };
  return [1];
}

function ensureObject(ref: Ref): Record<string, Json> {
  const current = ref.get();
  if (current !== null && typeof current === 'object' && !Array.isArray(current)) return current as Record<string, Json>;
  const created: Record<string, Json> = {};
  ref.set(created);
  return created;
}

function ensureArray(ref: Ref): Json[] {
  const current = ref.get();
  if (Array.isArray(current)) return current;
  const created: Json[] = [];
  ref.set(created);
  return created;
}

const member = (object: Record<string, Json>, key: string): Ref => ({ get: () => object[key], set: (v) => (object[key] = v) });

/** The element at `index` (negative: from the end), growing the array with empty objects as needed. */
function element(array: Json[], index: number): Ref {
  const needed = index < 0 ? -index : index + 1;
  while (array.length < needed) array.push({});
  const at = index < 0 ? array.length + index : index;
  return { get: () => array[at], set: (v) => (array[at] = v) };
}

interface Condition {
  path: string[];
  op: string;
  literal: Json;
}

/** An element satisfying the filter: an existing one, or a new one built to. */
function matchingElement(array: Json[], expression: string): Ref {
  const conditions = parseConditions(expression);
  let index = array.findIndex((item) => conditions.every((c) => holds(c, item)));
  if (index === -1) {
    const item: Record<string, Json> = {};
    for (const condition of conditions) satisfy(condition, item);
    array.push(item);
    index = array.length - 1;
  }
  return { get: () => array[index], set: (v) => (array[index] = v) };
}

/** `@.a.b == 'x' && @.c != ''` → conditions; only the first alternative of `||` is planted. */
function parseConditions(expression: string): Condition[] {
  const firstAlternative = expression.split('||')[0] ?? '';
  const out: Condition[] = [];
  for (const part of firstAlternative.split('&&')) {
    const m = /^\s*\(?\s*@((?:\.[\w-]+)+)\s*(?:(===|!==|==|!=|<=|>=|<|>)\s*(.+?))?\s*\)?\s*$/.exec(part);
    if (!m) continue;
    const path = (m[1] as string).slice(1).split('.');
    out.push({ path, op: m[2] ?? 'exists', literal: m[3] === undefined ? true : literalOf(m[3]) });
  }
  return out;
}

function literalOf(text: string): Json {
  const t = text.trim();
  if (/^'.*'$/.test(t)) return t.slice(1, -1);
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

function valueAt(item: Json, path: string[]): Json {
  return path.reduce<Json>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, Json>)[key] : undefined), item);
}

function holds({ path, op, literal }: Condition, item: Json): boolean {
  const v = valueAt(item, path) as number;
  const l = literal as number;
  switch (op) {
    case '==':
    case '===':
      return v === l;
    case '!=':
    case '!==':
      return v !== l;
    case '<':
      return v < l;
    case '>':
      return v > l;
    case '<=':
      return v <= l;
    case '>=':
      return v >= l;
    default:
      return Boolean(v);
  }
}

function satisfy({ path, op, literal }: Condition, item: Record<string, Json>): void {
  let value: Json;
  if (op === '==' || op === '===' || op === '<=' || op === '>=') value = literal;
  else if (op === '<') value = (literal as number) - 1;
  else if (op === '>') value = (literal as number) + 1;
  else if (op === 'exists') value = 'sample';
  else value = typeof literal === 'number' ? literal + 1 : literal === '' ? 'sample' : `not-${String(literal)}`;
  let target = item;
  for (const key of path.slice(0, -1)) target = ensureObject(member(target, key));
  const last = path.at(-1) as string;
  target[last] = value;
  if (path.length === 1) {
    const keys = constrained.get(item) ?? new Set<string>();
    keys.add(last);
    constrained.set(item, keys);
  }
}

/**
 * The value to plant for translation-map `name`: shaped by the output property the success template
 * feeds it into (`"key": ${name}` or `"key": ${successTemplateUtils.firstFromArray(... ${name} ...)}`).
 */
function leafValue(name: string, definite: boolean, template: string, successSchema: object): Json {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reference = new RegExp(`\\$!?(?:\\{${escaped}\\}|${escaped}(?![\\w-]))`);
  const found = reference.exec(template);
  if (!found) return 'sample';
  if (template.trim() === found[0]) return definite ? sampleFromSchema(successSchema) : itemsSample(successSchema as Schema);
  const before = template.slice(0, found.index);
  const keyMatch = [...before.matchAll(/"([^"\\]+)"\s*:/g)].at(-1);
  const key = keyMatch?.[1];
  const schema = key === undefined ? undefined : findProperty(successSchema as Schema, key);
  if (schema === undefined || keyMatch === undefined) return 'sample';
  const between = before.slice(keyMatch.index + keyMatch[0].length);
  const insideQuotes = (between.match(/(?<!\\)"/g) ?? []).length % 2 === 1 && !between.includes('firstFromArray');
  if (insideQuotes) return 'sample';
  if (between.includes('firstFromArray')) return definite ? [sampleFromSchema(schema, key)] : sampleFromSchema(schema, key);
  return definite ? sampleFromSchema(schema, key) : itemsSample(schema, key);
}

function itemsSample(schema: Schema, key = ''): Json {
  const items = schema['items'];
  return items === undefined ? sampleFromSchema(schema, key) : sampleFromSchema(Array.isArray(items) ? items[0] : items, key);
}

/** The schema of property `key`, searched breadth-first through properties and array items. */
function findProperty(schema: Schema, key: string): Schema | undefined {
  const queue: Schema[] = [schema];
  while (queue.length > 0) {
    const current = queue.shift() as Schema;
    const properties = (current['properties'] ?? {}) as Record<string, Schema>;
    if (Object.hasOwn(properties, key)) return properties[key];
    queue.push(...Object.values(properties));
    const items = current['items'];
    if (items && typeof items === 'object') queue.push(...(Array.isArray(items) ? items : [items]) as Schema[]);
  }
  return undefined;
}
