// The storage of a simulated model: what a charm declares (metadata.yaml
// `storage:`), the instances attached to each unit (`data/0`, numbered
// model-wide as Juju numbers them) and where they are: a folder (or, for
// block storage, a file standing for the device) under the unit's folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError } from './errors.js';
import type { StorageDeclaration } from './juju-state.js';
import type { ModelState } from './state.js';
import { readYAMLFile } from './yaml.js';

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `multiple: range:` as Juju reads it: `3`, `1-3`, `0-`, `-3`: the least and the most instances. */
function readRange(range: unknown, where: string): { min: number; max?: number } {
  const match = /^(\d*)(-?)(\d*)$/.exec(String(range));
  if (!match || (match[1] === '' && match[3] === '')) throw new ModelError(`${where}: multiple.range ${JSON.stringify(range)} is not N, N-M, N- or -M`);
  const min = match[1] === '' ? 0 : Number(match[1]);
  if (match[2] === '') return { min, max: min };
  return match[3] === '' ? { min } : { min, max: Number(match[3]) };
}

/** The storage the charm in `dir` declares, by name; a declaration Juju would refuse is one line naming the file. */
export function charmStorage(dir: string): Record<string, StorageDeclaration> {
  const file = join(dir, 'metadata.yaml');
  const metadata = readYAMLFile(file);
  const section = isMap(metadata) ? metadata.storage : undefined;
  if (section === undefined || section === null) return {};
  if (!isMap(section)) throw new ModelError(`${file}: \`storage\` must map storage names to their type`);
  const out: Record<string, StorageDeclaration> = {};
  for (const [name, raw] of Object.entries(section)) {
    const where = `${file}: storage "${name}"`;
    const spec = isMap(raw) ? raw : {};
    if (spec.type !== 'filesystem' && spec.type !== 'block') throw new ModelError(`${where}: type must be filesystem or block`);
    const range = isMap(spec.multiple) ? readRange(spec.multiple.range, where) : { min: 1, max: 1 };
    out[name] = { kind: spec.type, count: range.min, ...(range.max !== undefined ? { max: range.max } : {}) };
  }
  return out;
}

/** Attaches `counts` more instances of the unit's application's storage to `unit`; their ids, for storage-attached. */
export function attachStorage(model: ModelState, unit: string, counts: Readonly<Record<string, number>>): string[] {
  const record = model.units[unit]!;
  const declared = model.applications[record.app]?.storage ?? {};
  const ids: string[] = [];
  for (const [name, count] of Object.entries(counts)) {
    const next = (model.nextStorage ??= {});
    for (let i = 0; i < count; i++) {
      const id = `${name}/${next[name] ?? 0}`;
      next[name] = (next[name] ?? 0) + 1;
      (record.storage ??= {})[id] = { kind: declared[name]!.kind };
      ids.push(id);
    }
  }
  return ids;
}

/** What a unit gets at deploy: each declared storage's least count. */
export function deployCounts(model: ModelState, unit: string): Record<string, number> {
  const declared = model.applications[model.units[unit]!.app]?.storage ?? {};
  return Object.fromEntries(Object.entries(declared).map(([name, d]) => [name, d.count]));
}

/** Gives each of the unit's instances without a location one under `unitDir` (`storage/data/0`), made on disk. */
export function placeStorage(model: ModelState, unit: string, unitDir: string): void {
  for (const [id, instance] of Object.entries(model.units[unit]?.storage ?? {})) {
    if (instance.location !== undefined) continue;
    const location = join(unitDir, 'storage', ...id.split('/'));
    if (instance.kind === 'block') {
      mkdirSync(join(location, '..'), { recursive: true });
      writeFileSync(location, '');
    } else {
      mkdirSync(location, { recursive: true });
    }
    instance.location = location;
  }
}

/** The storage name of an instance id (`data` of `data/0`). */
export function storageName(id: string): string {
  return id.slice(0, id.lastIndexOf('/'));
}
