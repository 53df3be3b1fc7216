import { clone, deepEqual, isMap, setKey } from './merge.js';

/** One place where the data breaks its schema: the path to it and what is wrong. */
export interface SchemaIssue {
  path: Array<string | number>;
  message: string;
}

const TYPES = new Set(['null', 'boolean', 'integer', 'number', 'string', 'array', 'object']);

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isMap(value);
    default:
      return true;
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Validates `data` against `schema`, a subset of JSON Schema draft 4, after
 * first filling in defaults: wherever an object's `properties` give a
 * `default` for a key the object lacks, a copy of the default is inserted
 * (this changes `data`). Keywords: `type` (one or a list of null, boolean,
 * integer, number, string, array, object), `enum`, `minimum`/`maximum` (with
 * draft-4 boolean `exclusiveMinimum`/`exclusiveMaximum`), `multipleOf`,
 * `minLength`/`maxLength`, `pattern`, `items` (a schema or a list of them),
 * `minItems`/`maxItems`, `uniqueItems`, `properties`, `patternProperties`,
 * `additionalProperties` (false or a schema), `required`, `default`. Other
 * keywords (`description`, `title`, ...) are ignored.
 */
export function validateWithDefaults(schema: unknown, data: unknown, path: Array<string | number> = []): SchemaIssue[] {
  if (!isMap(schema)) return [];
  const issues: SchemaIssue[] = [];
  const fail = (message: string): void => void issues.push({ path, message });

  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).map(String);
    const unknown = types.filter((t) => !TYPES.has(t));
    if (unknown.length > 0) return [{ path, message: `the schema has an unknown type ${show(unknown[0])}` }];
    if (!types.some((t) => hasType(data, t))) {
      return [{ path, message: `${show(data)} is not of type ${types.map((t) => show(t)).join(', ')}` }];
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, data))) {
    fail(`${show(data)} is not one of ${show(schema.enum)}`);
  }
  if (typeof data === 'number') {
    if (typeof schema.minimum === 'number') {
      if (schema.exclusiveMinimum === true ? data <= schema.minimum : data < schema.minimum) {
        fail(`${show(data)} is less than ${schema.exclusiveMinimum === true ? 'or equal to ' : ''}the minimum of ${schema.minimum}`);
      }
    }
    if (typeof schema.maximum === 'number') {
      if (schema.exclusiveMaximum === true ? data >= schema.maximum : data > schema.maximum) {
        fail(`${show(data)} is greater than ${schema.exclusiveMaximum === true ? 'or equal to ' : ''}the maximum of ${schema.maximum}`);
      }
    }
    if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0 && !Number.isInteger(data / schema.multipleOf)) {
      fail(`${show(data)} is not a multiple of ${schema.multipleOf}`);
    }
  }
  if (typeof data === 'string') {
    const length = [...data].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail(`${show(data)} is too short (minimum length ${schema.minLength})`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail(`${show(data)} is too long (maximum length ${schema.maxLength})`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(data)) fail(`${show(data)} does not match ${show(schema.pattern)}`);
  }
  if (Array.isArray(data)) {
    if (typeof schema.minItems === 'number' && data.length < schema.minItems) fail(`${show(data)} is too short (minimum ${schema.minItems} items)`);
    if (typeof schema.maxItems === 'number' && data.length > schema.maxItems) fail(`${show(data)} is too long (maximum ${schema.maxItems} items)`);
    if (schema.uniqueItems === true && data.some((x, i) => data.findIndex((y) => deepEqual(x, y)) !== i)) fail(`${show(data)} has non-unique elements`);
    if (Array.isArray(schema.items)) {
      data.forEach((item, i) => {
        if (i < (schema.items as unknown[]).length) issues.push(...validateWithDefaults((schema.items as unknown[])[i], item, [...path, i]));
      });
    } else if (isMap(schema.items)) {
      data.forEach((item, i) => issues.push(...validateWithDefaults(schema.items, item, [...path, i])));
    }
  }
  if (isMap(data)) {
    const properties = isMap(schema.properties) ? schema.properties : {};
    for (const [key, sub] of Object.entries(properties)) {
      if (!Object.hasOwn(data, key) && isMap(sub) && Object.hasOwn(sub, 'default')) setKey(data, key, clone(sub.default));
    }
    if (Array.isArray(schema.required)) {
      for (const key of schema.required) if (!Object.hasOwn(data, String(key))) fail(`${show(String(key))} is a required property`);
    }
    const patterns = isMap(schema.patternProperties) ? Object.entries(schema.patternProperties).map(([p, s]) => [new RegExp(p, 'u'), s] as const) : [];
    for (const [key, value] of Object.entries(data)) {
      let known = false;
      if (Object.hasOwn(properties, key)) {
        known = true;
        issues.push(...validateWithDefaults(properties[key], value, [...path, key]));
      }
      for (const [regex, sub] of patterns) {
        if (regex.test(key)) {
          known = true;
          issues.push(...validateWithDefaults(sub, value, [...path, key]));
        }
      }
      if (!known) {
        if (schema.additionalProperties === false) issues.push({ path, message: `Additional properties are not allowed (${show(key)} was unexpected)` });
        else if (isMap(schema.additionalProperties)) issues.push(...validateWithDefaults(schema.additionalProperties, value, [...path, key]));
      }
    }
  }
  return issues;
}
