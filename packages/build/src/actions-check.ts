import { BuildError } from './errors.js';
import { isMap, type YamlMap } from './merge.js';
import type { Fail } from './metadata-check.js';
import type { Locator } from './yaml-locate.js';

const ACTION_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
const STRING_KEYS = ['description', 'title', 'execution-group'];

/**
 * The merged actions.yaml checked as Juju reads it (ReadActionsYaml): action
 * names, the types of description, title, execution-group, parallel and
 * required, params as JSON-Schema properties with known types, no `$ref` or
 * `$schema`. `forPack`: each action needs a description, as charmcraft
 * wants. Errors name the layer's file and line.
 */
export function checkActions(actions: YamlMap, charmName: string, locate: Locator, forPack: boolean): void {
  const fail: Fail = (path, message) => {
    throw new BuildError(`${locate.where(path)}: ${message}`);
  };
  for (const [name, spec] of Object.entries(actions)) {
    const about = `action "${name}"`;
    if (!ACTION_NAME.test(name)) fail([name], `${about}: an action name is lowercase letters, digits and "-", starting and ending with a letter or digit`);
    if (!charmName.startsWith('juju-') && (name === 'juju' || name.startsWith('juju-')))
      fail([name], `${about}: the name "juju" and the prefix "juju-" are reserved by Juju`);
    if ((spec === null || spec === undefined || (isMap(spec) && spec.description === undefined)) && forPack) {
      fail([name], `${about} has no description, which charmcraft requires`);
    }
    if (spec === null || spec === undefined) continue;
    if (!isMap(spec)) fail([name], `${about} must be a mapping (description, params, ...)`);
    for (const key of STRING_KEYS) if (spec[key] !== undefined && typeof spec[key] !== 'string') fail([name, key], `${about}: ${key} must be a string`);
    if (spec.parallel !== undefined && typeof spec.parallel !== 'boolean') fail([name, 'parallel'], `${about}: parallel must be true or false`);
    if (spec.required !== undefined && !(Array.isArray(spec.required) && spec.required.every((r) => typeof r === 'string'))) {
      fail([name, 'required'], `${about}: required must be a list of parameter names`);
    }
    const refKey = schemaKeyPath(spec, ['$ref', '$schema']);
    if (refKey) fail([name, ...refKey], `${about}: Juju does not accept ${refKey.at(-1)} in an action's schema`);
    if (spec.params === undefined || spec.params === null) continue;
    if (!isMap(spec.params)) fail([name, 'params'], `${about}: params must map parameter names to their JSON Schema`);
    for (const [param, schema] of Object.entries(spec.params)) checkParam(schema, [name, 'params', param], `${about}: parameter "${param}"`, fail);
  }
}

function checkParam(schema: unknown, path: string[], about: string, fail: Fail): void {
  if (!isMap(schema)) fail(path, `${about} must be a JSON Schema (a mapping such as {type: string})`);
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const unknown = types.find((type) => !JSON_TYPES.includes(type as string));
  if (unknown !== undefined) fail([...path, 'type'], `${about}: type ${JSON.stringify(unknown)} is not a JSON Schema type (${JSON_TYPES.join(', ')})`);
}

/** The path to the first of `keys` anywhere in a YAML value. */
function schemaKeyPath(value: unknown, keys: string[]): string[] | undefined {
  if (Array.isArray(value)) return value.map((item) => schemaKeyPath(item, keys)).find(Boolean);
  if (!isMap(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (keys.includes(key)) return [key];
    const below = schemaKeyPath(child, keys);
    if (below) return [key, ...below];
  }
  return undefined;
}
