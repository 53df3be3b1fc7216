import { BuildError } from './errors.js';
import { isMap } from './merge.js';

/** Where a key of config.yaml was written (`file:line`), for error messages. */
export type Locate = (path: readonly string[]) => string;

/** Juju's option types (3.x), and the TypeScript type of each one's value. */
const TYPES: Record<string, { ts: string; accepts: (value: unknown) => boolean; article: string }> = {
  string: { ts: 'string', accepts: (v) => typeof v === 'string', article: 'a string' },
  int: { ts: 'number', accepts: (v) => Number.isInteger(v), article: 'an int' },
  float: { ts: 'number', accepts: (v) => typeof v === 'number', article: 'a float' },
  boolean: { ts: 'boolean', accepts: (v) => typeof v === 'boolean', article: 'a boolean' },
  secret: { ts: 'string', accepts: (v) => typeof v === 'string', article: 'a secret URI (a string)' },
};

interface OptionType {
  name: string;
  ts: string;
  description: string | undefined;
}

/**
 * The options of a parsed config.yaml with their TypeScript types, checked as
 * Juju checks them: a known `type` (none means `string`, as Juju reads it), a
 * `default` of that type. An option with no default may be unset: `T | null`.
 */
export function optionTypes(config: unknown, locate: Locate): OptionType[] {
  if (config === null || config === undefined) return [];
  if (!isMap(config)) throw new BuildError(`${locate([])}: config.yaml must hold a mapping with \`options\``);
  const options = config.options;
  if (options === null || options === undefined) return [];
  if (!isMap(options)) throw new BuildError(`${locate(['options'])}: \`options\` must map option names to their type, default and description`);
  return Object.entries(options).map(([name, spec]) => optionType(name, spec, locate));
}

function optionType(name: string, spec: unknown, locate: Locate): OptionType {
  const where = (key?: string): string => locate(key ? ['options', name, key] : ['options', name]);
  if (!isMap(spec)) throw new BuildError(`${where()}: option "${name}" must be a mapping (type, default, description)`);
  const typeName = spec.type ?? 'string';
  const type = typeof typeName === 'string' && Object.hasOwn(TYPES, typeName) ? TYPES[typeName]! : undefined;
  if (!type) {
    throw new BuildError(`${where('type')}: option "${name}" has the unknown type ${JSON.stringify(typeName)} (Juju's are ${Object.keys(TYPES).join(', ')})`);
  }
  const unset = spec.default === undefined || spec.default === null;
  if (!unset && !type.accepts(spec.default)) {
    throw new BuildError(
      `${where('default')}: option "${name}" is of type ${String(typeName)}, and its default ${JSON.stringify(spec.default)} is not ${type.article}`,
    );
  }
  const description = typeof spec.description === 'string' ? spec.description : undefined;
  return { name, ts: unset ? `${type.ts} | null` : type.ts, description };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The text of config.d.ts: CharmConfig of @reactive/hookenv augmented with the options. */
export function renderConfigTypes(options: readonly OptionType[], from: string): string {
  const members = options.flatMap((option) => [...docComment(option.description), `    ${propertyName(option.name)}: ${option.ts};`]);
  return [
    `// Generated from ${from} by \`reactive types\` (and by \`reactive build\`): edit config.yaml, not this file.`,
    "// The charm's options, so that config().get(name) of @reactive/hookenv is typed.",
    'export {};',
    '',
    "declare module '@reactive/hookenv' {",
    '  interface CharmConfig {',
    ...members,
    '  }',
    '}',
    '',
  ].join('\n');
}

function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : `'${name.replace(/[\\']/g, '\\$&')}'`;
}

function docComment(description: string | undefined): string[] {
  const lines = description?.trim().replaceAll('*/', '*\\/').split('\n') ?? [];
  if (lines.length === 0 || lines[0] === '') return [];
  if (lines.length === 1) return [`    /** ${lines[0]} */`];
  return ['    /**', ...lines.map((line) => `     *${line.trim() ? ` ${line.trimEnd()}` : ''}`), '     */'];
}
