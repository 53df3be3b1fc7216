// A charm's actions (actions.yaml) and an action's parameters checked against
// them as Juju checks them: a JSON Schema object per action (`params`,
// `required`, `additionalProperties`), with the schema's defaults filled in.
import { readCharmFile } from './charm-files.js';
import { ModelError } from './errors.js';
import { parseYAMLText } from './yaml.js';

/** One parameter's schema (the subset of JSON Schema actions.yaml uses). */
export interface ParamSchema {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
}

export interface CharmAction {
  description?: string;
  params: Record<string, ParamSchema>;
  required: string[];
  /** Whether parameters the action does not declare are accepted (JSON Schema's default: yes). */
  additionalProperties: boolean;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The actions of the charm in `dir` (none without actions.yaml or charmcraft.yaml's `actions`). */
export function loadActions(dir: string, who: string): Record<string, CharmAction> {
  let data: unknown;
  let file: string;
  try {
    ({ data, path: file } = readCharmFile(dir, 'actions.yaml'));
  } catch (error) {
    throw new ModelError(`${who}: ${(error as Error).message}`);
  }
  if (data === undefined || data === null) return {};
  if (!isMap(data)) throw new ModelError(`${who}: ${file}: expected a mapping of action names`);
  const actions: Record<string, CharmAction> = {};
  for (const [name, spec] of Object.entries(data)) {
    const raw = isMap(spec) ? spec : {};
    actions[name] = {
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      params: isMap(raw.params) ? (raw.params as Record<string, ParamSchema>) : {},
      required: Array.isArray(raw.required) ? raw.required.map(String) : [],
      additionalProperties: raw.additionalProperties !== false,
    };
  }
  return actions;
}

/** `key=value` arguments as `juju run` reads them: the value is YAML, a dotted key nests. */
export function parseActionArgs(args: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new ModelError(`expected key=value, got "${arg}"`);
    const path = arg.slice(0, eq).split('.');
    let bag = params;
    for (const key of path.slice(0, -1)) bag = (isMap(bag[key]) ? bag[key] : (bag[key] = {})) as Record<string, unknown>;
    bag[path.at(-1)!] = parseYAMLText(arg.slice(eq + 1), arg) ?? '';
  }
  return params;
}

/** The parameters of `name` checked against the charm's actions, with the defaults filled in; refused with one line naming what is wrong. */
export function checkActionParams(actions: Record<string, CharmAction>, name: string, params: Record<string, unknown>, who: string): Record<string, unknown> {
  const action = actions[name];
  if (!action) {
    const names = Object.keys(actions);
    throw new ModelError(`${who} has no action "${name}" (${names.length ? `its actions: ${names.join(', ')}` : 'its charm declares no action'})`);
  }
  for (const key of action.required) if (!(key in params)) throw new ModelError(`action "${name}": parameter "${key}" is required`);
  const checked: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(action.params)) if (schema.default !== undefined) checked[key] = schema.default;
  for (const [key, value] of Object.entries(params)) {
    const schema = action.params[key];
    if (!schema && !action.additionalProperties) {
      throw new ModelError(`action "${name}": unknown parameter "${key}" (${Object.keys(action.params).join(', ') || 'it takes none'})`);
    }
    if (schema) checkValue(name, key, schema, value);
    checked[key] = value;
  }
  return checked;
}

function checkValue(action: string, key: string, schema: ParamSchema, value: unknown): void {
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    throw new ModelError(`action "${action}": parameter "${key}" must be ${article(schema.type)}, got ${JSON.stringify(value)}`);
  }
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    throw new ModelError(
      `action "${action}": parameter "${key}" must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isMap(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
