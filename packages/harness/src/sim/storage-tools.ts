// storage-get, storage-list and storage-add in the simulator: the unit's
// instances as @reactive/hookenv's storage rule reads them (the Harness's
// too); storage-add's instances are attached when the hook exits 0.
import { storageGetAnswer, ToolRefusal, type StorageAttachment } from '@reactive/hookenv';
import { hookChanges } from './hook-changes.js';
import { storageName } from './storage-model.js';
import type { ToolContext } from './tools.js';

function attached(ctx: ToolContext): Record<string, StorageAttachment> {
  const out: Record<string, StorageAttachment> = {};
  for (const [id, instance] of Object.entries(ctx.view.units[ctx.unit]?.storage ?? {})) {
    if (instance.location !== undefined) out[id] = { kind: instance.kind, location: instance.location };
  }
  return out;
}

/** The storage methods of the simulator's backend (HookTools' names and arguments). */
export function storageBackend(ctx: ToolContext) {
  return {
    storageGet: (opts: { id?: string; key?: string }) =>
      storageGetAnswer({ unit: ctx.unit, attached: attached(ctx), ...opts, ...(ctx.storage !== undefined ? { hookStorage: ctx.storage } : {}) }),
    storageList: (name?: string) =>
      Object.keys(attached(ctx))
        .filter((id) => name === undefined || storageName(id) === name)
        .sort(),
    storageAdd: (counts: Record<string, number>) => {
      const declared = ctx.view.applications[ctx.app]?.storage ?? {};
      const adds = hookChanges(ctx.view).storageAdds;
      for (const [name, count] of Object.entries(counts)) {
        const storage = declared[name];
        if (!storage) throw new ToolRefusal(`adding storage ${name} for unit-${ctx.unit.replace('/', '-')}: charm storage "${name}" not found`, 1);
        const have = Object.keys(ctx.view.units[ctx.unit]?.storage ?? {}).filter((id) => storageName(id) === name).length + (adds[name] ?? 0);
        if (storage.max !== undefined && have + count > storage.max) {
          throw new ToolRefusal(
            `adding storage ${name} for unit-${ctx.unit.replace('/', '-')}: charm storage "${name}" cannot exceed ${storage.max} storage instances`,
            1,
          );
        }
        adds[name] = (adds[name] ?? 0) + count;
      }
    },
  };
}
