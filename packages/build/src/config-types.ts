import { checkConfigShape } from '@reactive/bus';
import { BuildError } from './errors.js';
import { type YamlMap } from './merge.js';
import type { Locator } from './yaml-locate.js';

/** How Juju's YAML reader (yaml.v2) reads a plain number: `80` and `0x50` are ints, `80.0` and `8e1` floats. */
const INT_LITERAL = /^[-+]?(0x[0-9a-f_]+|0o?[0-7_]+|0b[01_]+|[0-9_]+)$/i;

/**
 * Juju's option types (3.x), the TypeScript type of each one's value, and
 * whether a default (with the text it was written as) is one, as Juju reads
 * it: an int written as a float (`8.0`) is a float to Juju, and the reverse.
 */
const TYPES: Record<string, { ts: string; accepts: (value: unknown, literal: string | undefined) => boolean; article: string }> = {
  string: { ts: 'string', accepts: (v) => typeof v === 'string', article: 'a string' },
  int: { ts: 'number', accepts: (v, literal) => Number.isInteger(v) && (literal === undefined || INT_LITERAL.test(literal)), article: 'an int' },
  float: { ts: 'number', accepts: (v, literal) => typeof v === 'number' && (literal === undefined || !INT_LITERAL.test(literal)), article: 'a float' },
  boolean: { ts: 'boolean', accepts: (v) => typeof v === 'boolean', article: 'a boolean' },
  secret: { ts: 'string', accepts: (v) => typeof v === 'string' && (v === '' || v.startsWith('secret:')), article: 'a secret URI (secret:...)' },
};
/** The keys of an option: Juju reads these three, and charmcraft refuses any other. */
const OPTION_KEYS = ['type', 'description', 'default'];

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
export function optionTypes(config: unknown, locate: Locator): OptionType[] {
  if (config === undefined) return [];
  // The shape the hooks read config.yaml by (@reactive/bus), then Juju's types and defaults.
  checkConfigShape(config, (path, message) => {
    throw new BuildError(`${locate.where(path)}: ${message}`);
  });
  return Object.entries((config as YamlMap).options ?? {}).map(([name, spec]) => optionType(name, spec as YamlMap, locate));
}

function optionType(name: string, spec: YamlMap, locate: Locator): OptionType {
  const where = (key?: string): string => locate.where(key ? ['options', name, key] : ['options', name]);
  const unknown = Object.keys(spec).find((key) => !OPTION_KEYS.includes(key));
  if (unknown !== undefined)
    throw new BuildError(`${where(unknown)}: option "${name}" has the unknown key "${unknown}" (an option has ${OPTION_KEYS.join(', ')})`);
  if (spec.description !== undefined && spec.description !== null && typeof spec.description !== 'string') {
    throw new BuildError(`${where('description')}: option "${name}": its description must be a string`);
  }
  const typeName = spec.type ?? 'string';
  const type = typeof typeName === 'string' && Object.hasOwn(TYPES, typeName) ? TYPES[typeName]! : undefined;
  if (!type) {
    throw new BuildError(`${where('type')}: option "${name}" has the unknown type ${JSON.stringify(typeName)} (Juju's are ${Object.keys(TYPES).join(', ')})`);
  }
  const unset = spec.default === undefined || spec.default === null;
  const literal = typeof spec.default === 'number' ? locate.literal(['options', name, 'default']) : undefined;
  if (!unset && !type.accepts(spec.default, literal)) {
    throw new BuildError(
      `${where('default')}: option "${name}" is of type ${String(typeName)}, and its default ${literal ?? JSON.stringify(spec.default)} is not ${type.article}${numberHint(literal)}`,
    );
  }
  const description = typeof spec.description === 'string' ? spec.description : undefined;
  return { name, ts: unset ? `${type.ts} | null` : type.ts, description };
}

/** For a number of the other kind: how Juju reads it, and how to write it. */
function numberHint(literal: string | undefined): string {
  if (literal === undefined) return '';
  return INT_LITERAL.test(literal) ? ` (Juju reads ${literal} as an int: write ${literal}.0)` : ` (Juju reads ${literal} as a float)`;
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
