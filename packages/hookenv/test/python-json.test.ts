import { describe, expect, it } from 'vitest';
import { parsePythonJSON, pythonJSON } from '@reactive/hookenv';

// Expected texts are what Python's json.dumps(value, sort_keys=True) prints.
describe('pythonJSON', () => {
  it('uses Python separators and sorts keys at every level', () => {
    expect(pythonJSON({ new: 'complex' })).toBe('{"new": "complex"}');
    expect(pythonJSON([1, 2])).toBe('[1, 2]');
    expect(pythonJSON({ b: 1, a: [true, null, { d: 1.5, c: 'é' }] })).toBe('{"a": [true, null, {"c": "\\u00e9", "d": 1.5}], "b": 1}');
    expect(pythonJSON({})).toBe('{}');
    expect(pythonJSON([])).toBe('[]');
    expect(pythonJSON({ a: {}, b: [[]] })).toBe('{"a": {}, "b": [[]]}');
  });

  it('sorts keys by code point, not by UTF-16 unit', () => {
    expect(pythonJSON({ '\uffff': 1, '\u{1F600}': 2, a: 3 })).toBe('{"a": 3, "\\uffff": 1, "\\ud83d\\ude00": 2}');
    expect(pythonJSON({ '10': 1, '9': 2, '': 3, B: 4, a: 5 })).toBe('{"": 3, "10": 1, "9": 2, "B": 4, "a": 5}');
  });

  it('escapes strings as ensure_ascii does', () => {
    expect(pythonJSON('😀')).toBe('"\\ud83d\\ude00"');
    expect(pythonJSON('a/b')).toBe('"a/b"');
    expect(pythonJSON('tab\there\u0001')).toBe('"tab\\there\\u0001"');
    expect(pythonJSON('\u007f')).toBe('"\\u007f"');
    expect(pythonJSON('"q" \\ \n\r\b\f')).toBe('"\\"q\\" \\\\ \\n\\r\\b\\f"');
    expect(pythonJSON('\u2028\uABCD\ud800')).toBe('"\\u2028\\uabcd\\ud800"');
  });

  it('prints non-integers like Python float repr', () => {
    expect(pythonJSON(1e-7)).toBe('1e-07');
    expect(pythonJSON(1.5e-7)).toBe('1.5e-07');
    expect(pythonJSON(0.00001)).toBe('1e-05');
    expect(pythonJSON(0.0001)).toBe('0.0001');
    expect(pythonJSON(0.1)).toBe('0.1');
    expect(pythonJSON(1.5)).toBe('1.5');
    expect(pythonJSON(-0.5)).toBe('-0.5');
    expect(pythonJSON(123456.789)).toBe('123456.789');
    expect(pythonJSON(1.23e-300)).toBe('1.23e-300');
    expect(pythonJSON(-2.5e-10)).toBe('-2.5e-10');
    expect(pythonJSON(1234567890123.5)).toBe('1234567890123.5');
  });

  it('prints integers in full digits, however large', () => {
    expect(pythonJSON(1)).toBe('1');
    expect(pythonJSON(-3)).toBe('-3');
    expect(pythonJSON(-0)).toBe('0');
    expect(pythonJSON(1e16)).toBe('10000000000000000');
    expect(pythonJSON(1.5e16)).toBe('15000000000000000');
    expect(pythonJSON(1e22)).toBe('10000000000000000000000');
    expect(pythonJSON(-1.5e23)).toBe('-150000000000000000000000');
    expect(pythonJSON(10n ** 30n)).toBe('1000000000000000000000000000000');
  });

  it('prints NaN and the infinities as Python does', () => {
    expect(pythonJSON(NaN)).toBe('NaN');
    expect(pythonJSON(Infinity)).toBe('Infinity');
    expect(pythonJSON([-Infinity])).toBe('[-Infinity]');
  });

  it('follows JSON.stringify for undefined, functions, toJSON and wrappers', () => {
    expect(pythonJSON([undefined, () => 1, Symbol('s')])).toBe('[null, null, null]');
    expect(pythonJSON({ a: undefined, b: () => 1, c: 1 })).toBe('{"c": 1}');
    expect(pythonJSON({ when: new Date(Date.UTC(2020, 0, 2)) })).toBe('{"when": "2020-01-02T00:00:00.000Z"}');
    expect(pythonJSON({ k: { toJSON: (key: string) => `key ${key}` } })).toBe('{"k": "key k"}');
    expect(pythonJSON({ a: { toJSON: () => undefined } })).toBe('{}');
    expect(pythonJSON([new Number(2), new String('s'), new Boolean(false)])).toBe('[2, "s", false]');
  });

  it('treats a __proto__ key as plain data', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown;
    expect(pythonJSON(value)).toBe('{"__proto__": {"x": 1}, "a": 2}');
  });

  it('allows shared references but rejects cycles', () => {
    const shared = { s: 1 };
    expect(pythonJSON([shared, shared])).toBe('[{"s": 1}, {"s": 1}]');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => pythonJSON(loop)).toThrow(new TypeError('pythonJSON: circular reference'));
    const list: unknown[] = [];
    list.push([list]);
    expect(() => pythonJSON(list)).toThrow(TypeError);
  });

  it('throws TypeError for a top-level value JSON cannot hold', () => {
    expect(() => pythonJSON(undefined)).toThrow(TypeError);
    expect(() => pythonJSON(() => 1)).toThrow(TypeError);
  });
});

describe('parsePythonJSON', () => {
  it('accepts bare NaN and infinities but leaves strings alone', () => {
    expect(parsePythonJSON('{"x": NaN, "y": [Infinity, -Infinity], "s": "NaN"}')).toEqual({
      x: NaN,
      y: [Infinity, -Infinity],
      s: 'NaN',
    });
    expect(parsePythonJSON(' NaN ')).toBeNaN();
    expect(parsePythonJSON('["Infinity \\" NaN", -Infinity]')).toEqual(['Infinity " NaN', -Infinity]);
  });

  it('parses plain JSON as JSON.parse does', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}';
    expect(parsePythonJSON(text)).toEqual(JSON.parse(text));
    expect(parsePythonJSON(`${text.slice(0, -1)}, "n": NaN}`)).toEqual({ ...JSON.parse(text), n: NaN });
  });

  it('makes a __proto__ key an own data property', () => {
    for (const text of ['{"__proto__": {"polluted": 1}}', '{"__proto__": {"polluted": NaN}}']) {
      const value = parsePythonJSON(text) as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect((value as { polluted?: unknown }).polluted).toBeUndefined();
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    }
  });

  it('throws SyntaxError on invalid text', () => {
    for (const text of [
      '',
      '{',
      '[1,]',
      '{"a" 1}',
      'nan',
      '-NaN',
      '+Infinity',
      '[NaN',
      'NaN NaN',
      '[Infinityx]',
      '{NaN: 1}',
      '["unterminated, NaN]',
      '["\\x", NaN]',
      '[01, NaN]',
    ]) {
      expect(() => parsePythonJSON(text), text).toThrow(SyntaxError);
    }
  });

  it('round-trips what pythonJSON writes', () => {
    const values: unknown[] = [
      { b: 1, a: [true, null, { d: 1.5, c: 'é' }] },
      [NaN, Infinity, -Infinity, 1e-7, -0.5, 1e22, 'NaN'],
      { '😀': { '\uffff': ['a/b', 'tab\there\u0001', '\u007f'] }, '': [] },
      JSON.parse('{"__proto__": [1, {"__proto__": "x"}]}') as unknown,
      'plain',
      0,
    ];
    for (const value of values) expect(parsePythonJSON(pythonJSON(value))).toEqual(value);
  });
});
