// A charm's metadata, config and actions: metadata.yaml, config.yaml and
// actions.yaml, or, for a charm that has only a unified charmcraft.yaml, its
// top level (name, requires, provides, peers, extra-bindings, storage,
// resources, containers...), its `config` and its `actions`, which charmcraft
// writes into those three files when it packs the charm.
import { join } from 'node:path';
import { readYAMLFile } from './yaml.js';

const UNIFIED = 'charmcraft.yaml';
const SECTIONS = { 'metadata.yaml': undefined, 'config.yaml': 'config', 'actions.yaml': 'actions' } as const;

export type CharmFile = keyof typeof SECTIONS;

/**
 * The parsed `file` of the charm in `dir`, and the path it came from;
 * `undefined` data when neither the file nor charmcraft.yaml's part of it exist.
 * Parse errors name the file.
 */
export function readCharmFile(dir: string, file: CharmFile): { data: unknown; path: string } {
  const path = join(dir, file);
  const data = readYAMLFile(path);
  if (data !== undefined) return { data, path };
  const unifiedPath = join(dir, UNIFIED);
  const unified = readYAMLFile(unifiedPath);
  if (unified === null || typeof unified !== 'object' || Array.isArray(unified)) return { data: undefined, path };
  const section = SECTIONS[file];
  if (section === undefined) return { data: 'name' in unified ? unified : undefined, path: unifiedPath };
  return { data: (unified as Record<string, unknown>)[section], path: unifiedPath };
}
