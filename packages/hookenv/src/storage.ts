// The storage API a handler calls, over the hook tools in use.
import { hookTools } from './hook-api.js';
import type { StorageInfo } from './hook-tools.js';

/** Juju storage attached to the unit (metadata.yaml `storage:`). */
export const storage = {
  /**
   * The `{kind, location}` of the instance `id` names (`data/0`), or of the
   * storage hook's own instance without one (storage-attached,
   * storage-detaching); outside a storage hook an id is required.
   */
  async get(id?: string): Promise<StorageInfo> {
    return (await hookTools().storageGet(id === undefined ? {} : { id })) as StorageInfo;
  },
  /** The ids of the instances attached to the unit, of storage `name` only if given. */
  list(name?: string): Promise<string[]> {
    return hookTools().storageList(name);
  },
  /** Asks Juju for more instances: `{ data: 2 }`. */
  add(counts: Record<string, number>): Promise<void> {
    return hookTools().storageAdd(counts);
  },
};
