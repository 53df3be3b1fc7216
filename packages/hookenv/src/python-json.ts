/**
 * Serialises a value exactly as Python's `json.dumps(value, sort_keys=True)`
 * would, so that hashes of the text match those computed by Python charms
 * (`sortKeys: false`: plain `json.dumps(value)`, keys in insertion order).
 *
 * Follows JSON.stringify for what is included: toJSON is called first,
 * undefined/functions/symbols are skipped in objects and become null in
 * arrays. Differences from Python, which JavaScript values cannot express:
 * - every integral number prints as an integer (`1`, never `1.0`), and -0 as `0`;
 * - integers of 1e21 and more print in full, with the shortest digits that
 *   identify the double followed by zeros (1e23 prints `1` and 23 zeros);
 * - a BigInt prints as an integer, as a Python int would.
 * Throws TypeError on a circular reference or if the top-level value is
 * undefined, a function or a symbol.
 */
export function pythonJSON(value: unknown, opts: { sortKeys?: boolean } = {}): string {
  const text = encode(value, '', new Set(), opts.sortKeys ?? true);
  if (text === undefined) throw new TypeError(`pythonJSON: cannot serialise ${typeof value}`);
  return text;
}

function encode(value: unknown, key: string, ancestors: Set<object>, sortKeys: boolean): string | undefined {
  value = prepare(value, key);
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return String(value);
    case 'object':
      return value === null ? 'null' : encodeContainer(value, ancestors, sortKeys);
    default:
      return undefined;
  }
}

function prepare(value: unknown, key: string): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return value.valueOf();
  }
  return value;
}

function encodeContainer(value: object, ancestors: Set<object>, sortKeys: boolean): string {
  if (ancestors.has(value)) throw new TypeError('pythonJSON: circular reference');
  ancestors.add(value);
  const text = Array.isArray(value) ? encodeArray(value, ancestors, sortKeys) : encodeObject(value, ancestors, sortKeys);
  ancestors.delete(value);
  return text;
}

function encodeArray(value: unknown[], ancestors: Set<object>, sortKeys: boolean): string {
  const items = Array.from({ length: value.length }, (_, i) => encode(value[i], String(i), ancestors, sortKeys) ?? 'null');
  return `[${items.join(', ')}]`;
}

function encodeObject(value: object, ancestors: Set<object>, sortKeys: boolean): string {
  const record = value as Record<string, unknown>;
  const items: string[] = [];
  const keys = Object.keys(record);
  for (const key of sortKeys ? keys.sort(compareCodePoints) : keys) {
    const text = encode(record[key], key, ancestors, sortKeys);
    if (text !== undefined) items.push(`${quote(key)}: ${text}`);
  }
  return `{${items.join(', ')}}`;
}

/** Orders strings by code point, as Python does, rather than by UTF-16 unit. */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // If the shared prefix ends inside a surrogate pair, compare whole code points.
  if (i > 0 && isHighSurrogate(a.charCodeAt(i - 1))) i--;
  return (a.codePointAt(i) ?? -1) - (b.codePointAt(i) ?? -1);
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Without the u flag the class matches UTF-16 units, so astral characters
// come out as surrogate pairs, as Python's ensure_ascii writes them.
function quote(text: string): string {
  const escaped = text.replace(/["\\]|[^\x20-\x7e]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : wholeDigits(n);
  const [mantissa = '', exponent = ''] = n.toExponential().split('e');
  const e = Number(exponent);
  // Python's float repr switches to scientific notation outside 1e-4 <= |n| < 1e16.
  if (e >= -4 && e < 16) return String(n);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Writes a large integral double without exponent: shortest digits, then zeros. */
function wholeDigits(n: number): string {
  const [mantissa = '', exponent = ''] = n.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const significant = digits.replace('-', '').length;
  return digits + '0'.repeat(Number(exponent) - significant + 1);
}

/**
 * JSON.parse that also accepts the bare `NaN`, `Infinity` and `-Infinity`
 * tokens Python's json module writes. A `"__proto__"` key becomes an own data
 * property, as with JSON.parse. Throws SyntaxError on invalid text.
 */
export function parsePythonJSON(text: string): unknown {
  if (!/NaN|Infinity/.test(text)) return JSON.parse(text);
  const parser = new Parser(text);
  const value = parser.value();
  parser.end();
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const LITERALS: ReadonlyArray<readonly [string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }

  end(): void {
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail();
  }

  private object(): Record<string, unknown> {
    const entries: [string, unknown][] = [];
    this.pos++;
    if (this.peek() === '}') {
      this.pos++;
      return {};
    }
    do {
      if (this.peek() !== '"') this.fail();
      const key = this.string();
      this.expect(':');
      entries.push([key, this.value()]);
    } while (this.separator('}'));
    // fromEntries defines own data properties, so "__proto__" stays data.
    return Object.fromEntries(entries);
  }

  private array(): unknown[] {
    const items: unknown[] = [];
    this.pos++;
    if (this.peek() === ']') {
      this.pos++;
      return items;
    }
    do {
      items.push(this.value());
    } while (this.separator(']'));
    return items;
  }

  /** Consumes `,` (returning true) or the closing bracket (returning false). */
  private separator(close: string): boolean {
    const ch = this.peek();
    this.pos++;
    if (ch === ',') return true;
    if (ch !== close) this.fail(this.pos - 1);
    return false;
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
    if (i >= this.text.length) this.fail(start);
    this.pos = i + 1;
    // JSON.parse decodes the escapes and rejects raw control characters.
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail();
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail();
    this.pos++;
  }

  private peek(): string | undefined {
    this.skipWhitespace();
    return this.text[this.pos];
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  private fail(at = this.pos): never {
    const found = at < this.text.length ? `token ${JSON.stringify(this.text[at])}` : 'end of input';
    throw new SyntaxError(`parsePythonJSON: unexpected ${found} at position ${at}`);
  }
}
