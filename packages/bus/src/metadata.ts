import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { charmDir } from '@reactive/hookenv';

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
 * The charm's metadata.yaml, parsed once per process. The YAML parser is
 * loaded only here, so hooks that never need metadata never load it.
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read charm metadata (${(error as Error).message})`);
  }
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new Error(`${path}: malformed YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path}: expected a mapping at the top level`);
  return parsed as CharmMetadata;
}
