// What a running hook's tools cause besides their writes to its copy of the
// model: the hooks its secret commands cause and the storage it asked for.
// Kept beside the copy (by the copy), applied when the hook exits 0.
import type { SecretEvent } from '@reactive/hookenv';
import type { ModelState } from './state.js';

export interface HookChanges {
  secretEvents: SecretEvent[];
  /** storage-add's counts, by storage name. */
  storageAdds: Record<string, number>;
}

const CHANGES = new WeakMap<ModelState, HookChanges>();

/** The changes of the hook working on `view` (its copy of the model). */
export function hookChanges(view: ModelState): HookChanges {
  let changes = CHANGES.get(view);
  if (!changes) {
    changes = { secretEvents: [], storageAdds: {} };
    CHANGES.set(view, changes);
  }
  return changes;
}
