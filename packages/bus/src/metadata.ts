import { join } from 'node:path';
import { charmDir } from '@reactive/hookenv';
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
 * hook loads the YAML parser only when the file changed since the last).
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

function parseMetadata(path: string): CharmMetadata {
  const parsed = readCharmYAML(path);
  if (parsed === undefined) throw new CharmFileError(`${path}: cannot read charm metadata (no such file)`);
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new CharmFileError(`${path}: expected a mapping at the top level`);
  return parsed as CharmMetadata;
}
