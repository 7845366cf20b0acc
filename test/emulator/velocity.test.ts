import { renderTemplate, TemplateSyntaxError, UnsetReferenceError } from '../../tools/emulator/velocity/engine.js';
import { genesysTools } from '../../tools/emulator/velocity/tools.js';

const render = (template: string, context: Record<string, unknown> = {}) => renderTemplate(template, { ...genesysTools(), ...context });

describe('Velocity reference semantics (Genesys = Java Velocity)', () => {
  const input = { present: 'v', nothing: null };

  it('prints a null value as the reference text itself, in both notations', () => {
    expect(render('${input.nothing}|$input.nothing', { input })).toBe('${input.nothing}|$input.nothing');
  });

  it('prints an undefined reference as its text', () => {
    expect(render('${input.absent} $Input.present ${INPUT.present}', { input })).toBe('${input.absent} $Input.present ${INPUT.present}');
  });

  it('prints nothing for a silent reference to null or undefined', () => {
    expect(render('[$!{input.nothing}][$!input.nothing][$!{input.absent}]', { input })).toBe('[][][]');
  });

  it('prints the whole call text when a method returns null', () => {
    expect(render('$esc.url($input.nothing)', { input })).toBe('$esc.url($input.nothing)');
  });

  it('keeps null semantics inside interpolated string literals', () => {
    expect(render('#set($s = "x${input.nothing}y")$s', { input })).toBe('x${input.nothing}y');
  });

  it('treats null as false and prints set values, as the corpus #if("$!{...}" != "") idiom expects', () => {
    const template = '#if("$!{input.nothing}" != "")A#{else}B#end#if("$!{input.present}" != "")C#end';
    expect(render(template, { input })).toBe('BC');
  });

  it('fails to parse a broken template, with the line and column', () => {
    expect(() => render('${input.x')).toThrow(TemplateSyntaxError);
    expect(() => render('${input.x')).toThrow("Velocity syntax error at line 1, column 10: unexpected end of template; expected '}', '.', '['");
  });

  it('refuses unbalanced blocks as Apache Velocity does (velocityjs alone would close them silently)', () => {
    expect(() => render('#if($a)x')).toThrow('Velocity syntax error at line 1, column 1: #if has no matching #end');
    expect(() => render('x#end')).toThrow(/#end without an open #if/);
  });

  describe('strict mode (success templates)', () => {
    it('throws on an unset variable', () => {
      expect(() => renderTemplate('{"a": ${missing}}', {}, { strict: true })).toThrow(UnsetReferenceError);
      expect(() => renderTemplate('{"a": ${missing}}', {}, { strict: true })).toThrow("Variable not defined: '${missing}'");
    });

    it('lets a silent reference to an unset variable print nothing', () => {
      expect(renderTemplate('[$!{missing}]', {}, { strict: true })).toBe('[]');
    });
  });
});

describe('$esc', () => {
  it('jsonString and jsonEncode escape for the inside of a JSON string', () => {
    const value = 'say "hi"\\\n\ttab';
    expect(JSON.parse(`"${render('$esc.jsonString($v)', { v: value })}"`)).toBe(value);
    expect(render('$esc.jsonEncode($v)', { v: value })).toBe(render('$esc.jsonString($v)', { v: value }));
  });

  it('jsonDecode reverses jsonEncode', () => {
    expect(render('$esc.jsonDecode($v)', { v: 'a\\"b\\nc' })).toBe('a"b\nc');
  });

  it('url and urlFormEncode form-encode (space as +), uriEncode percent-encodes (space as %20)', () => {
    expect(render('$esc.url($v)|$esc.urlFormEncode($v)', { v: "a b&c/d*~'" })).toBe("a+b%26c%2Fd*%7E%27|a+b%26c%2Fd*%7E%27");
    expect(render('$esc.uriEncode($v)', { v: "a b&c/d*~'" })).toBe('a%20b%26c%2Fd%2A~%27');
  });

  it('has the EscapeTool characters: quote, dollar, hash', () => {
    expect(render('$esc.quote$esc.quote ${esc.dollar}select $esc.hash')).toBe('"" $select #');
  });
});

describe('$math, $encoding', () => {
  it('computes like MathTool and returns null (printed as written) for non-numbers', () => {
    expect(render('$math.add(1, 2, "3") $math.sub(10, 4) $math.mul(2, 3) $math.div(7, 2) $math.idiv(7, 2) $math.mod(7, 3)')).toBe('6 6 6 3.5 3 1');
    expect(render('$math.max(1, 9, 3) $math.min(4, 2) $math.abs(-3) $math.round(2.5) $math.floor(2.7) $math.ceil(2.1) $math.toInteger("42.9")')).toBe(
      '9 2 3 3 2 3 42',
    );
    expect(render('$math.add(1, "x")')).toBe('$math.add(1, "x")');
    expect(render('$math.div(1, 0)')).toBe('$math.div(1, 0)');
  });

  it('base64-encodes UTF-8 text', () => {
    expect(render('$encoding.base64("user:pässword")')).toBe(Buffer.from('user:pässword').toString('base64'));
  });
});

describe('$successTemplateUtils', () => {
  it('firstFromArray returns the first element as JSON text', () => {
    expect(render('${successTemplateUtils.firstFromArray("${a}")}', { a: '["x", "y"]' })).toBe('"x"');
    expect(render('${successTemplateUtils.firstFromArray(${a})}', { a: '[{"k": 1}]' })).toBe('{"k":1}');
  });

  it('firstFromArray returns the default for an empty array, and nothing without one', () => {
    expect(render('${successTemplateUtils.firstFromArray("${a}", "$esc.quote$esc.quote")}', { a: '[]' })).toBe('""');
    expect(render('[${successTemplateUtils.firstFromArray("${a}")}]', { a: '[]' })).toBe('[]');
  });

  it('firstFromArray rejects text that is not JSON', () => {
    expect(() => render('${successTemplateUtils.firstFromArray("not json")}')).toThrow(/firstFromArray: the argument is not JSON text/);
  });

  it('moveKeysIntoArrayOfObjects turns an object of objects into an array carrying each key', () => {
    const object = '{"a": {"n": 1}, "b": 2}';
    expect(JSON.parse(render('$successTemplateUtils.moveKeysIntoArrayOfObjects($o)', { o: object }))).toEqual([
      { key: 'a', n: 1 },
      { key: 'b', value: 2 },
    ]);
    expect(JSON.parse(render('$successTemplateUtils.moveKeysIntoArrayOfObjects($o, "id", "v")', { o: object }))).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', v: 2 },
    ]);
  });
});

describe('$urlTool.optionalQueryParam', () => {
  it('adds an encoded parameter when there is a value, nothing otherwise', () => {
    const template = 'https://x/q?a=1$urlTool.optionalQueryParam("name", $input.name)$urlTool.optionalQueryParam("gone", $input.gone)';
    expect(render(template, { input: { name: 'a b&c', gone: '' } })).toBe('https://x/q?a=1&name=a+b%26c');
    expect(render('https://x/q$urlTool.optionalQueryParam("n", "v", true)')).toBe('https://x/q?n=v');
  });
});

describe('Java String methods', () => {
  const s = 'Hello World';
  it.each([
    ['$s.length()', '11'],
    ['$s.replace("l", "L")', 'HeLLo WorLd'],
    ['$s.replaceAll("(o)", "[$1]")', 'Hell[o] W[o]rld'],
    ['$s.replaceFirst("l+", "_")', 'He_o World'],
    ['$s.split(" ")', '[Hello, World]'],
    ['$s.contains("World")', 'true'],
    ['$s.equals("Hello World")', 'true'],
    ['$s.equalsIgnoreCase("hello world")', 'true'],
    ['$s.isEmpty()', 'false'],
    ['$s.matches("H.*d")', 'true'],
    ['$s.substring(0, 5).toLowerCase().trim()', 'hello'],
    ['$s.replaceAll("(?i)WORLD", "you")', 'Hello you'],
  ])('%s → %s', (template, expected) => {
    expect(render(template, { s })).toBe(expected);
  });
});
