/**
 * A sample input that a careful user would give an action: values from the input contract (samples.ts),
 * except where the request body template places a string input outside JSON quotes. There the user passes
 * JSON text, and so does the sample: a JSON value (`"attributes": ${input.attributes}`), an object member
 * (`{ ${input.data} }`) or the whole body (`${input.payload}`).
 */
import { sampleInput } from '../samples.js';
import type { ActionDefinition } from '../types.js';

export type TemplateSlot = 'text' | 'value' | 'member';

const JSON_OBJECT_NAMES = /attribute|data|payload|json|body|object|fields|properties/i;

/** How each `input.<name>` reference is placed in a JSON-looking template, by name (value/member win over text). */
export function inputSlots(template: string): Map<string, TemplateSlot> {
  const slots = new Map<string, TemplateSlot>();
  const record = (name: string, slot: TemplateSlot) => {
    if (slot !== 'text' || !slots.has(name)) slots.set(name, slot);
  };
  const stack: string[] = [];
  let inString = false;
  let last = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    if (c === '#' && /^#(?:if|elseif|set|foreach|else|end|\{)/.test(template.slice(i, i + 8))) {
      i = skipDirective(template, i);
      continue;
    }
    if (c === '$') {
      const end = referenceEnd(template, i);
      const ref = template.slice(i, end);
      for (const m of ref.matchAll(/input\.([A-Za-z][\w-]*)/g)) {
        const name = m[1] as string;
        if (name === 'rawRequest') continue;
        record(name, inString ? 'text' : slotAfter(last, stack));
      }
      if (!inString) last = 'v';
      i = end - 1;
      continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      last = 'v';
    } else if (c === '{' || c === '[') {
      stack.push(c);
      last = c;
    } else if (c === '}' || c === ']') {
      stack.pop();
      last = 'v';
    } else if (!/\s/.test(c)) last = c === ':' || c === ',' ? c : 'v';
  }
  return slots;
}

function slotAfter(last: string, stack: string[]): TemplateSlot {
  if (last === '{') return 'member';
  if (last === ',') return stack.at(-1) === '{' ? 'member' : 'value';
  return 'value';
}

/** End (exclusive) of a Velocity reference starting at `start` (`$x.y`, `${x}`, `$!{x.m("a")}`). */
function referenceEnd(text: string, start: number): number {
  let i = start + 1;
  if (text[i] === '!') i++;
  const braced = text[i] === '{';
  if (braced) return matching(text, i, '{', '}') + 1;
  const id = /^[A-Za-z][\w-]*/.exec(text.slice(i));
  if (!id) return start + 1;
  i += id[0].length;
  for (;;) {
    if (text[i] === '(') i = matching(text, i, '(', ')') + 1;
    else if (text[i] === '.' && /[A-Za-z]/.test(text[i + 1] ?? '')) i += 1 + (/^[A-Za-z][\w-]*/.exec(text.slice(i + 1)) as RegExpExecArray)[0].length;
    else return i;
  }
}

function skipDirective(text: string, start: number): number {
  const open = text.indexOf('(', start);
  const word = /^#\{?[a-z]+\}?/.exec(text.slice(start))?.[0] ?? '#';
  if (open !== start + word.length) return start + word.length - 1;
  return matching(text, open, '(', ')');
}

/** Index of the bracket closing the one at `open`, skipping quoted text. */
function matching(text: string, open: number, opener: string, closer: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === opener) depth++;
    else if (c === closer && --depth === 0) return i;
  }
  return text.length - 1;
}

/** Does the body go out as JSON: a JSON content type, or text that starts like JSON? */
export function looksLikeJson(body: string, headers: Record<string, string>): boolean {
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return /json/i.test(contentType) || /^\s*[[{]/.test(body);
}

/** The input contract's sample, with JSON text where the body template expects JSON from a string input. */
export function sampleRequestInput(definition: ActionDefinition): Record<string, unknown> {
  const input = sampleInput(definition.contract.input.inputSchema);
  const template = definition.config.request.requestTemplate ?? '';
  if (!looksLikeJson(template, definition.config.request.headers ?? {})) return input;
  const wholeBody = /^\s*\$!?\{?input\.([A-Za-z][\w-]*)\}?\s*$/.exec(template)?.[1];
  for (const [name, slot] of inputSlots(template)) {
    const value = input[name];
    if (typeof value !== 'string' || slot === 'text') continue;
    if (slot === 'member') input[name] = `"${name}Key": "sample"`;
    else if (name === wholeBody || JSON_OBJECT_NAMES.test(name)) input[name] = '{"key": "sample"}';
    else input[name] = JSON.stringify(value);
  }
  return input;
}
