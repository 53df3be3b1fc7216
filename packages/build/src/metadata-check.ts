import { checkRelationSections, RELATION_ROLES } from '@reactive/bus';
import { BuildError } from './errors.js';
import { isMap, type YamlMap } from './merge.js';
import type { Locator } from './yaml-locate.js';

/** Throws a BuildError naming the layer's file and line of a key path. */
export type Fail = (path: string[], message: string) => never;

const V1_KEYS = ['series', 'deployment', 'min-juju-version'];
const V2_KEYS = ['containers', 'assumes', 'charm-user'];
const STORAGE_RANGE = /^([0-9]+)([-+]|-[0-9]+)$/;

/**
 * The merged metadata.yaml checked as Juju reads it (its charm schema and
 * Meta.Check): the types of the keys it knows, the relations as the hooks
 * read them (@reactive/bus's checkRelationSections: each one's interface, no
 * duplicate name), each relation's limit, scope and optional, reserved names, a
 * subordinate's container relation, storage, and v1 keys beside v2 ones.
 * `forPack`: what Juju needs only to deploy (a summary and a description; no
 * min-juju-version beside a manifest's bases) is checked too; the Harness and
 * the simulator do without. Errors name the layer's file and line.
 */
export function checkMetadata(metadata: YamlMap, locate: Locator, forPack: boolean): void {
  const fail: Fail = (path, message) => {
    throw new BuildError(`${locate.where(path)}: ${message}`);
  };
  for (const key of ['summary', 'description']) {
    if (metadata[key] === undefined || metadata[key] === null) {
      if (forPack) fail([], `no \`${key}\`: Juju refuses to deploy a charm without one`);
    } else if (typeof metadata[key] !== 'string') fail([key], `\`${key}\` must be a string`);
  }
  for (const key of ['tags', 'categories', 'terms']) {
    const value = metadata[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
      fail([key], `\`${key}\` must be a list of strings`);
  }
  if (metadata.subordinate !== undefined && typeof metadata.subordinate !== 'boolean') fail(['subordinate'], '`subordinate` must be true or false');
  if (metadata['charm-user'] !== undefined && !['root', 'sudoer', 'non-root'].includes(metadata['charm-user'] as string)) {
    fail(['charm-user'], `charm-user ${JSON.stringify(metadata['charm-user'])} is not root, sudoer or non-root`);
  }
  checkFormat(metadata, locate, forPack);
  checkRelations(metadata, fail);
  checkStorage(metadata, fail);
}

function checkFormat(metadata: YamlMap, locate: Locator, forPack: boolean): void {
  const v1 = V1_KEYS.filter((key) => key in metadata);
  const v2 = V2_KEYS.filter((key) => key in metadata);
  if (v1.length > 0 && v2.length > 0) {
    throw new BuildError(`${locate.where([v1[0]!])}: \`${v1[0]}\` cannot be used with \`${v2[0]}\`: Juju refuses metadata that mixes both formats`);
  }
  if (forPack && 'min-juju-version' in metadata) {
    throw new BuildError(
      `${locate.where(['min-juju-version'])}: Juju refuses min-juju-version in a charm with a manifest's bases: use assumes: [juju >= VERSION]`,
    );
  }
}

/** The relations: the rules the hooks read them by (@reactive/bus), then Juju's limit, scope, optional and reserved names. */
function checkRelations(metadata: YamlMap, fail: Fail): void {
  checkRelationSections(metadata, fail);
  const charmName = String(metadata.name);
  const containerRequires = Object.values(isMap(metadata.requires) ? metadata.requires : {}).some((r) => isMap(r) && r.scope === 'container');
  for (const role of RELATION_ROLES) {
    if (!isMap(metadata[role])) continue;
    for (const [name, spec] of Object.entries(metadata[role])) {
      const path = [role, name];
      const about = `relation "${name}" (under ${role})`;
      const rel = (typeof spec === 'string' ? { interface: spec } : spec) as YamlMap;
      if (rel.limit !== undefined && rel.limit !== null && !Number.isInteger(rel.limit)) fail([...path, 'limit'], `${about}: limit must be an int`);
      if (rel.scope !== undefined && rel.scope !== 'global' && rel.scope !== 'container') {
        fail([...path, 'scope'], `${about}: scope ${JSON.stringify(rel.scope)} is not global or container`);
      }
      if (rel.optional !== undefined && typeof rel.optional !== 'boolean') fail([...path, 'optional'], `${about}: optional must be true or false`);
      const exempt = charmName.startsWith('juju-') || (metadata.subordinate === true && role === 'requires' && rel.scope === 'container');
      if (!exempt && reserved(name)) fail(path, `${about}: the name "juju" and the prefix "juju-" are reserved by Juju`);
      if (!charmName.startsWith('juju-') && role !== 'requires' && reserved(String(rel.interface))) {
        fail([...path, 'interface'], `${about}: the interface "juju" and the prefix "juju-" are reserved by Juju`);
      }
    }
  }
  if (metadata.subordinate === true && !containerRequires) fail(['subordinate'], 'a subordinate charm needs a `requires` relation with scope: container');
}

function reserved(name: string): boolean {
  return name === 'juju' || name.startsWith('juju-');
}

function checkStorage(metadata: YamlMap, fail: Fail): void {
  if (!isMap(metadata.storage)) return;
  for (const [name, spec] of Object.entries(metadata.storage)) {
    const path = ['storage', name];
    const about = `storage "${name}"`;
    if (!isMap(spec)) fail(path, `${about} must be a mapping with its type`);
    if (spec.type !== 'filesystem' && spec.type !== 'block')
      fail(spec.type === undefined ? path : [...path, 'type'], `${about}: type must be filesystem or block`);
    if (spec.location !== undefined && spec.type !== 'filesystem') fail([...path, 'location'], `${about}: only a filesystem has a location`);
    for (const key of ['shared', 'read-only'])
      if (spec[key] !== undefined && typeof spec[key] !== 'boolean') fail([...path, key], `${about}: ${key} must be true or false`);
    for (const key of ['description', 'location', 'minimum-size'])
      if (spec[key] !== undefined && typeof spec[key] !== 'string') fail([...path, key], `${about}: ${key} must be a string`);
    const range = isMap(spec.multiple) ? spec.multiple.range : undefined;
    if (range !== undefined && !((Number.isInteger(range) && (range as number) > 0) || (typeof range === 'string' && STORAGE_RANGE.test(range)))) {
      fail([...path, 'multiple', 'range'], `${about}: multiple.range ${JSON.stringify(range)} is not m, m-n, m+ or m-`);
    }
  }
}
