import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { charmDir } from '@reactive/hookenv';
import { checkRelationSections, RELATION_ROLES } from './charm-file-rules.js';
import { CharmFileError, readCharmYAML } from './charm-yaml.js';

export type RelationRole = 'provides' | 'requires' | 'peers';

export interface RelationSpec {
  interface: string;
  [key: string]: unknown;
}

export interface CharmMetadata {
  name?: string;
  provides?: Record<string, RelationSpec>;
  requires?: Record<string, RelationSpec>;
  peers?: Record<string, RelationSpec>;
  [key: string]: unknown;
}

const loaded = new Map<string, CharmMetadata>();

/**
 * The charm's metadata.yaml, parsed once per process (by readCharmYAML, so a
 * hook loads the YAML parser only when the file changed since the last), and
 * checked by the rules of charm-file-rules.ts: a CharmFileError names the file
 * and the key at fault. A relation given as its interface name alone
 * (`db: mysql`, as Juju allows) reads as `db: {interface: mysql}`.
 */
export function charmMetadata(dir = charmDir()): CharmMetadata {
  const path = join(dir, 'metadata.yaml');
  let metadata = loaded.get(path);
  if (!metadata) {
    metadata = parseMetadata(path);
    loaded.set(path, metadata);
  }
  return metadata;
}

/** The relation (endpoint) names that use `iface` under `role`. */
export function relationNames(role: string, iface: string, dir?: string): string[] {
  const section = charmMetadata(dir)[role];
  if (!section || typeof section !== 'object') return [];
  return Object.entries(section as Record<string, RelationSpec>)
    .filter(([, spec]) => spec?.interface === iface)
    .map(([name]) => name);
}

/** Checks the charm's metadata.yaml, when it has one: a hook whose metadata.yaml breaks the rules fails at its start. */
export function checkCharmMetadata(dir: string): void {
  if (existsSync(join(dir, 'metadata.yaml'))) charmMetadata(dir);
}

function parseMetadata(path: string): CharmMetadata {
  const parsed = readCharmYAML(path);
  if (parsed === undefined) throw new CharmFileError(`${path}: cannot read charm metadata (no such file)`);
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new CharmFileError(`${path}: expected a mapping at the top level`);
  const metadata = parsed as CharmMetadata;
  checkRelationSections(metadata, (_key, message) => {
    throw new CharmFileError(`${path}: ${message}`);
  });
  for (const role of RELATION_ROLES) {
    for (const [name, spec] of Object.entries(metadata[role] ?? {})) {
      if (typeof spec === 'string') metadata[role]![name] = { interface: spec };
    }
  }
  return metadata;
}
