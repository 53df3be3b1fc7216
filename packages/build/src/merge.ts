/** A parsed YAML or JSON mapping. */
export type YamlMap = Record<string, unknown>;

export function isMap(value: unknown): value is YamlMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** Python truthiness, which charm-tools' merge relies on: `null`, `false`, `0`, `""`, `[]` and `{}` are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

export function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Sets `key` even when it is `__proto__`. */
export function setKey(map: YamlMap, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * charm-tools' `deepmerge(lower, higher)` (layers.md A6), without changing
 * either side: for each key of `higher`, a map merges into a truthy lower map,
 * a list appends its items not already in a truthy lower list, and anything
 * else replaces the lower value. An empty side (`null`/`undefined`) yields the
 * other side.
 */
export function deepMerge(lower: unknown, higher: unknown): unknown {
  if (higher === null || higher === undefined) return clone(lower);
  if (lower === null || lower === undefined) return clone(higher);
  if (!isMap(lower) || !isMap(higher)) return clone(higher);
  const result = clone(lower);
  for (const [key, hv] of Object.entries(higher)) {
    const lv = Object.hasOwn(result, key) ? result[key] : undefined;
    if (truthy(lv) && isMap(lv) && isMap(hv)) {
      setKey(result, key, deepMerge(lv, hv));
    } else if (truthy(lv) && Array.isArray(lv) && Array.isArray(hv)) {
      const union = [...lv];
      for (const item of hv) if (!union.some((x) => deepEqual(x, item))) union.push(clone(item));
      setKey(result, key, union);
    } else {
      setKey(result, key, clone(hv));
    }
  }
  return result;
}

/** Removes the key at dotted `path` (`requires.db`); a missing key anywhere on the path is a no-op. */
export function deletePath(doc: unknown, path: string): void {
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isMap(node) || !Object.hasOwn(node, part)) return;
    node = node[part];
  }
  const last = parts.at(-1)!;
  if (isMap(node) && Object.hasOwn(node, last)) delete node[last];
}
