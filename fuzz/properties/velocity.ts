/**
 * Properties of the execution emulator's Velocity, checked in a sandbox process (fuzz/velocity-sandbox/)
 * so that a template that hangs or kills the renderer is reported as a counterexample, not suffered:
 *
 * - **input is data**: input values made of Velocity syntax (`$`, `#set`, `${...}`, `#foreach`, `$!{}`,
 *   `#if(`, `#macro`, `#evaluate`...) come out of every kind of interpolation exactly as they went in
 *   (verbatim, or escaped as the tool says) — never evaluated as template code — with no side effect on
 *   shared state, through `renderTemplate`, `renderRequest` (URL and body) and the success template.
 * - **never crash, never hang**: any template, through the same three entry points, renders or fails
 *   with an error (an `ActionExecutionError` from the emulator's own entry points), within the sandbox's
 *   time limit, without killing the process or changing shared global state.
 */
import fc from 'fast-check';
import { uriEncode } from '../../tools/emulator/velocity/tools.js';
import { anyTemplate, velocityishText } from '../arbitraries/velocity.js';
import { VelocitySandbox } from '../velocity-sandbox/sandbox.js';
import type { RenderOp, RenderOutcome, RenderRequest } from '../velocity-sandbox/protocol.js';
import { checkProperty, type FuzzProperty, type FuzzTarget } from './property.js';

/** A rendering's wall-clock limit in the sandbox: far above RENDER_LIMITS.maxRenderMs (2 s). */
export const SANDBOX_TIMEOUT_MS = 8_000;

interface DataCase {
  name: string;
  request: (v: string) => RenderRequest;
  /** What the output must be for the input value `v`. */
  expected: (v: string) => unknown;
}

const input = (v: string) => ({ v, other: 'plain' });
const template = (text: string) => (v: string): RenderRequest => ({ op: 'template', template: text, input: input(v) });

/** Each way a template takes an input value, and what must come out. */
export const DATA_CASES: readonly DataCase[] = [
  { name: '${input.v}', request: template('${input.v}'), expected: (v) => v },
  { name: '$!{input.v}', request: template('[$!{input.v}]'), expected: (v) => `[${v}]` },
  { name: '$input.v', request: template('$input.v|'), expected: (v) => `${v}|` },
  { name: '#set then $copy', request: template('#set($copy = $input.v)${copy}'), expected: (v) => v },
  { name: 'interpolated string', request: template('#set($copy = "<${input.v}>")$copy'), expected: (v) => `<${v}>` },
  { name: '#foreach over it', request: template('#foreach($item in [$input.v])[$item]#end'), expected: (v) => `[${v}]` },
  { name: '#if on it', request: template('#if($input.v == $input.v)same#{else}differs#end'), expected: () => 'same' },
  { name: '$esc.jsonString', request: template('$esc.jsonString($input.v)'), expected: (v) => JSON.stringify(v).slice(1, -1) },
  {
    name: 'renderRequest URL and body',
    request: (v) => ({
      op: 'request',
      urlTemplate: 'https://api.example.com/c/$esc.uriEncode($input.v)',
      template: '{"v": "$esc.jsonString($input.v)", "raw": ${input.rawRequest}}',
      input: input(v),
    }),
    expected: (v) => ({ url: `https://api.example.com/c/${uriEncode(v)}`, body: JSON.stringify({ v, raw: input(v) }) }),
  },
  { name: 'success template', request: (v) => ({ op: 'success', template: '{"echo": "$esc.jsonString($input.v)"}', input: input(v) }), expected: (v) => ({ echo: v }) },
];

/** Normalises a `request` output's body (JSON text) for comparison; other outputs are compared as they are. */
function comparable(op: RenderOp, output: unknown): unknown {
  if (op !== 'request') return output;
  const { url, body } = output as { url: string; body?: string };
  try {
    return { url, body: JSON.stringify(JSON.parse(body ?? '')) };
  } catch {
    return { url, body };
  }
}

function outcomeProblems(outcome: RenderOutcome, mustBeActionError: boolean): string[] {
  if ('hung' in outcome) return [`the rendering did not finish within ${Math.round(outcome.afterMs)} ms (hang)`];
  if ('crashed' in outcome) return [`the rendering process crashed: ${outcome.crashed}`];
  const problems = outcome.sideEffects.map((effect) => `side effect: ${effect}`);
  if (!outcome.ok && mustBeActionError && outcome.errorName !== 'ActionExecutionError') {
    problems.push(`the emulator threw ${outcome.errorName} (${outcome.message}) instead of an ActionExecutionError`);
  }
  return problems;
}

export async function openVelocityTarget(): Promise<FuzzTarget> {
  const sandbox = await VelocitySandbox.start(SANDBOX_TIMEOUT_MS);
  const fail = (problems: string[]) => {
    if (problems.length > 0) throw new Error(problems.join('; '));
  };

  const properties: FuzzProperty[] = [
    {
      name: 'velocity: input values full of Velocity syntax are data, never template code',
      check: (options) =>
        checkProperty(
          fc.asyncProperty(velocityishText, fc.constantFrom(...DATA_CASES), async (v, dataCase) => {
            const request = dataCase.request(v);
            const outcome = await sandbox.render(request);
            const problems = outcomeProblems(outcome, false);
            if ('ok' in outcome && !outcome.ok) problems.push(`${dataCase.name}: failed with ${outcome.errorName}: ${outcome.message}`);
            if ('ok' in outcome && outcome.ok) {
              const got = comparable(request.op, outcome.output);
              const want = comparable(request.op, dataCase.expected(v));
              if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${dataCase.name}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
            }
            fail(problems);
          }),
          options,
        ),
    },
    {
      name: 'velocity: any template renders or fails cleanly, never crashes or hangs the process',
      check: (options) =>
        checkProperty(
          fc.asyncProperty(anyTemplate, fc.constantFrom<RenderOp>('template', 'request', 'success'), velocityishText, async (text, op, v) => {
            const outcome = await sandbox.render({ op, template: text, input: input(v) });
            fail(outcomeProblems(outcome, op !== 'template'));
          }),
          options,
        ),
    },
  ];
  return { properties, close: () => sandbox.close() };
}
