import { clearFlag, setFlag, toggleFlag } from '@reactive/flags';
import { hookName, storageId, unitState } from '@reactive/hookenv';

/** The storage instances attached, by storage name, in the unit state (committed with the hook). */
export const ATTACHED_STORAGE_KEY = 'layer-basic.storage.attached';

/** The flags of a storage of metadata.yaml: `storage.attached.<name>`, `storage.detaching.<name>`. */
export function storageFlags(name: string): { attached: string; detaching: string } {
  return { attached: `storage.attached.${name}`, detaching: `storage.detaching.${name}` };
}

/**
 * At the start of a storage hook. `<name>-storage-attached` records the
 * instance and sets `storage.attached.<name>`, which stays set while an
 * instance of that storage is attached. `<name>-storage-detaching` sets
 * `storage.detaching.<name>` and clears `storage.attached.<name>` when it
 * detaches the last instance.
 */
export function setStorageFlags(): void {
  const hook = storageHook();
  if (!hook) return;
  const attached = unitState().get<Record<string, string[]>>(ATTACHED_STORAGE_KEY) ?? {};
  const others = (attached[hook.name] ?? []).filter((id) => id !== hook.id);
  const now = hook.event === 'attached' ? [...others, hook.id] : others;
  unitState().set(ATTACHED_STORAGE_KEY, { ...attached, [hook.name]: now });
  const flags = storageFlags(hook.name);
  toggleFlag(flags.attached, now.length > 0);
  if (hook.event === 'detaching') setFlag(flags.detaching);
}

/** At the end of a successful storage-detaching hook: `storage.detaching.<name>` lasts only for that hook. */
export function clearStorageFlags(): void {
  const hook = storageHook();
  if (hook?.event === 'detaching') clearFlag(storageFlags(hook.name).detaching);
}

/** The storage hook running: its storage's name (from the hook's), the instance (`JUJU_STORAGE_ID`, else the name) and event. */
function storageHook(): { name: string; id: string; event: 'attached' | 'detaching' } | undefined {
  const match = /^(.+)-storage-(attached|detaching)$/.exec(hookName());
  if (!match) return undefined;
  const name = match[1]!;
  return { name, id: storageId() ?? name, event: match[2] as 'attached' | 'detaching' };
}
