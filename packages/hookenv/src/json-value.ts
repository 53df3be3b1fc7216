/**
 * `T` itself when JSON can hold every value of it; otherwise `T` with `never`
 * where it holds something JSON cannot (a function or method, `undefined`, a
 * BigInt, a symbol), so that a value of `T` is a compile error where
 * {@link toJSONText} would throw. `unknown` and `any` pass: they are checked
 * when the value is stored. Used as `<T>(value: T & JSONCompatible<T>)`.
 */
export type JSONCompatible<T> = unknown extends T
  ? T
  : T extends string | number | boolean | null
    ? T
    : T extends bigint | symbol | undefined | ((...args: never[]) => unknown)
      ? never
      : T extends object
        ? { [K in keyof T]: JSONCompatible<T[K]> }
        : never;

/**
 * Serialises a value that must survive a JSON round trip unchanged, or throws
 * naming the first part that would not (functions, undefined, NaN, BigInt,
 * class instances such as Date or Map, cycles).
 */
export function toJSONText(value: unknown, what: string): string {
  if (value === null) return 'null';
  const problem = findNonJSON(value, '', new Set());
  if (problem) throw new TypeError(`${what}: ${problem}, which JSON cannot hold`);
  return JSON.stringify(value);
}

function findNonJSON(value: unknown, path: string, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${at(path)}is ${value}`;
    case 'object':
      if (value === null) return undefined;
      return findInObject(value, path, seen);
    default:
      return `${at(path)}is ${describe(value)}`;
  }
}

function findInObject(value: object, path: string, seen: Set<object>): string | undefined {
  if (seen.has(value)) return `${at(path)}is a circular reference`;
  const proto = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return `${at(path)}is a ${proto?.constructor?.name ?? 'non-plain object'}`;
  }
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    const problem = findNonJSON(item, isArray ? `${path}[${key}]` : `${path}.${key}`, seen);
    if (problem) return problem;
  }
  seen.delete(value);
  return undefined;
}

function at(path: string): string {
  return path ? `the value at ${path.replace(/^\./, '')} ` : 'the value ';
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return 'a BigInt';
  if (typeof value === 'symbol') return 'a symbol';
  return String(value);
}
