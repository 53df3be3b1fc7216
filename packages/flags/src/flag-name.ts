/** Throws unless `flag` is a usable flag name: a non-empty string. */
export function checkFlagName(flag: unknown, where = 'flag'): asserts flag is string {
  if (typeof flag !== 'string') throw new TypeError(`${where} name must be a string, got ${describe(flag)}`);
  if (flag === '') throw new TypeError(`${where} name must not be empty`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
