/**
 * The execution emulator's Velocity under fuzzing (fuzz/properties/velocity.ts), a few hundred runs per
 * property (`npm run fuzz` runs 10 000), and the rendering bounds the fuzzing led to
 * (tools/emulator/velocity/engine.ts `RENDER_LIMITS`): each runaway template fails fast with a clear
 * error, and ordinary templates are untouched.
 */
import { renderRequest, type ActionDefinition } from '../../tools/emulator/index.js';
import { RENDER_LIMITS, renderTemplate, TemplateLimitError } from '../../tools/emulator/velocity/engine.js';
import { genesysTools, uriEncode, urlFormEncode } from '../../tools/emulator/velocity/tools.js';
import type { FuzzTarget } from '../../fuzz/properties/property.js';
import { openVelocityTarget } from '../../fuzz/properties/velocity.js';
import { VelocitySandbox } from '../../fuzz/velocity-sandbox/sandbox.js';
import { expectPropertyHolds } from './run-property.js';

describe('Velocity fuzzing', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await openVelocityTarget();
  });
  afterAll(() => target.close());

  it('input values full of Velocity syntax are data, never template code', async () => {
    await expectPropertyHolds(target.properties[0]!);
  });

  it('any template renders or fails cleanly, and never crashes or hangs the process', async () => {
    await expectPropertyHolds(target.properties[1]!);
  });
});

describe('rendering bounds (RENDER_LIMITS)', () => {
  const render = (template: string) => renderTemplate(template, { ...genesysTools(), input: { v: 'abc' } });
  const elapsed = (work: () => unknown): number => {
    const started = performance.now();
    try {
      work();
    } catch {
      // measured either way
    }
    return performance.now() - started;
  };

  it.each([
    ['a range larger than the bound, refused before it is built', '#foreach($i in [1..1000000000])x#end', /A range of 1000000000 items is larger than 100000/],
    ['nested loops past the step budget', '#foreach($i in [1..100000])#foreach($j in [1..100000])#end#end', /more than 1000000 rendering steps/],
    ['a recursive macro', '#macro(m)#m()#end#m()', /Macro calls nest deeper than 20/],
    ['a string doubled in a loop', '#set($s = "x")#foreach($i in [1..40])#set($s = "$s$s")#end$s', /a text longer than 5000000 characters/],
    ['a concatenation doubled in a loop', '#set($s = "x")#foreach($i in [1..40])#set($s = $s + $s)#end$s', /a text longer than 5000000 characters/],
    ['repeat() past the bound, refused before it allocates', '#set($s = "x")$s.repeat(400000000)', /a text longer than 5000000 characters/],
  ])('%s: TemplateLimitError', (_name, template, message) => {
    expect(() => render(template)).toThrow(TemplateLimitError);
    expect(() => render(template)).toThrow(message);
  });

  it('the request side reports a bound as ACTION.TEMPLATE, naming the template', () => {
    const definition: ActionDefinition = {
      name: 'runaway',
      config: { request: { requestUrlTemplate: 'https://api.example.com/x', requestType: 'POST', requestTemplate: '#foreach($i in [1..1000000000])x#end' } },
      contract: { input: { inputSchema: {} }, output: { successSchema: {} } },
    };
    expect(() => renderRequest(definition, {}, { organizationId: 'org' })).toThrow(expect.objectContaining({ code: 'ACTION.TEMPLATE', message: expect.stringContaining('requestTemplate template failed to render: A range of 1000000000 items') }));
  });

  it('ordinary templates, loops and macros included, render as before', () => {
    expect(render('#foreach($i in [1..10000])$i,#end').length).toBe(48_894);
    expect(render('#foreach($i in [3..1])$i#end')).toBe('321');
    expect(render('#set($n = 3)#foreach($i in [1..$n])$i#end')).toBe('123');
    expect(render('#macro(twice $x)$x$x#end#twice("ab")')).toBe('abab');
    expect(render('#set($s = "ab")$s.repeat(3)|$s.padStart(4)')).toBe('ababab|  ab');
  });

  it(`each runaway ends well within the time bound (${RENDER_LIMITS.maxRenderMs} ms)`, () => {
    for (const template of ['#foreach($i in [1..100000])#foreach($j in [1..100000])#end#end', '#foreach($i in [1..1000000000])x#end']) {
      expect(elapsed(() => render(template))).toBeLessThan(RENDER_LIMITS.maxRenderMs + 1_000);
    }
  });
});

describe('the URL encoders take any input string', () => {
  it('a lone surrogate (valid in JSON input) is encoded as Java encodes it, "?", instead of throwing', () => {
    expect(uriEncode('a\ud800b')).toBe('a%3Fb');
    expect(urlFormEncode('a b\udfff')).toBe('a+b%3F');
    expect(uriEncode('😀')).toBe('%F0%9F%98%80');
  });
});

describe('the Velocity sandbox can fail', () => {
  it('a rendering that never finishes is reported as a hang, and the sandbox goes on with a new process', async () => {
    const sandbox = await VelocitySandbox.start(500);
    try {
      // Catastrophic backtracking in a template's own regular expression: the one kind of runaway the
      // emulator cannot interrupt in-process (a single method call), which is why the fuzzer renders here.
      const outcome = await sandbox.render({ op: 'template', template: '#set($s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")$s.matches("(a+)+b")', input: {} });
      expect(outcome).toEqual({ hung: true, afterMs: expect.any(Number) });
      expect(await sandbox.render({ op: 'template', template: 'still $input.v', input: { v: 'here' } })).toMatchObject({ ok: true, output: 'still here', sideEffects: [] });
      expect(sandbox.starts).toBe(2);
    } finally {
      await sandbox.close();
    }
  });
});
