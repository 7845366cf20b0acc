/**
 * The Velocity sandbox's child process: renders what the fuzzer sends with the execution emulator's own
 * entry points and answers with the result or the error, how long it took, and any side effect on
 * shared global state (a template that adds a property to a built-in prototype or to the global object).
 */
import { isActionExecutionError, renderRequest, type ActionDefinition } from '../../tools/emulator/index.js';
import { resolveSuccessTemplate } from '../../tools/emulator/success-template.js';
import { renderTemplate } from '../../tools/emulator/velocity/engine.js';
import { genesysTools } from '../../tools/emulator/velocity/tools.js';
import type { RenderReply, RenderRequest } from './protocol.js';

const WATCHED: Record<string, object> = {
  globalThis,
  'Object.prototype': Object.prototype,
  'Array.prototype': Array.prototype,
  'String.prototype': String.prototype,
  'Function.prototype': Function.prototype,
  'Number.prototype': Number.prototype,
};
const snapshot = () => Object.fromEntries(Object.entries(WATCHED).map(([name, target]) => [name, new Set(Reflect.ownKeys(target).map(String))]));
let baseline = snapshot();

function sideEffects(): string[] {
  const now = snapshot();
  const found: string[] = [];
  for (const [name, keys] of Object.entries(now)) {
    for (const key of keys) if (!baseline[name]!.has(key)) found.push(`${name}.${key} was added`);
    for (const key of baseline[name]!) if (!keys.has(key)) found.push(`${name}.${key} was removed`);
  }
  baseline = now; // report each change once
  return found;
}

function render(request: RenderRequest): unknown {
  const input = request.input;
  switch (request.op) {
    case 'template':
      return renderTemplate(request.template, { ...genesysTools(), input: { ...input, rawRequest: JSON.stringify(input) } });
    case 'request': {
      const definition: ActionDefinition = {
        name: 'fuzz',
        config: { request: { requestUrlTemplate: request.urlTemplate ?? 'https://api.example.com/x', requestType: 'POST', headers: {}, requestTemplate: request.template } },
        contract: { input: { inputSchema: {} }, output: { successSchema: {} } },
      };
      const rendered = renderRequest(definition, input, { organizationId: 'fuzz-org', correlationId: 'fuzz' });
      return { url: rendered.url, body: rendered.body };
    }
    case 'success':
      return resolveSuccessTemplate({ template: request.template, translationTexts: { value: JSON.stringify('a') }, body: { a: 1 }, input });
  }
}

process.on('message', (message: RenderRequest & { id: number }) => {
  const started = performance.now();
  let reply: RenderReply;
  try {
    const output = render(message);
    reply = { id: message.id, ok: true, output, durationMs: performance.now() - started, sideEffects: sideEffects() };
  } catch (error) {
    const e = error as Error & { code?: unknown };
    reply = {
      id: message.id,
      ok: false,
      errorName: isActionExecutionError(error) ? 'ActionExecutionError' : String(e?.name ?? typeof error),
      ...(typeof e?.code === 'string' ? { errorCode: e.code } : {}),
      message: String(e?.message ?? error).slice(0, 500),
      durationMs: performance.now() - started,
      sideEffects: sideEffects(),
    };
  }
  process.send?.(reply);
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
