// A successful hook's Juju 3.x changes applied to the model (its secrets,
// server-side state and storage-add), the hooks they cause queued, a dying
// unit's storage-detaching; and what a queued secret or storage hook sets in
// its environment.
import { isDeepStrictEqual } from 'node:util';
import type { SecretEvent, SecretsState } from '@reactive/hookenv';
import { hookChanges } from './hook-changes.js';
import { enqueue } from './scheduler.js';
import type { ModelState, QueuedEvent, UnitRecord } from './state.js';
import { attachStorage, storageName } from './storage-model.js';
import type { ToolContext } from './tools.js';

/** Applies what the hook of `ctx` changed of secrets, its server-side state and storage; queues the hooks it causes. */
export function commitJujuChanges(model: ModelState, ctx: ToolContext): void {
  const written = ctx.view.secrets;
  if (written && !isDeepStrictEqual(written.secrets, ctx.start?.secrets?.secrets ?? {}))
    model.secrets = mergeSecrets(model.secrets, ctx.start?.secrets, written);
  const charmState = ctx.view.units[ctx.unit]?.charmState;
  if (charmState) model.units[ctx.unit]!.charmState = charmState;
  const changes = hookChanges(ctx.view);
  for (const event of changes.secretEvents) queueSecretHook(model, event);
  queueStorageAttached(model, ctx.unit, attachStorage(model, ctx.unit, changes.storageAdds));
}

/** The model's secrets with the hook's changes to them (against `start`, as it began): those of hooks that committed beside it are kept. */
function mergeSecrets(current: SecretsState | undefined, start: SecretsState | undefined, written: SecretsState): SecretsState {
  if (!current) return written;
  const merged = { ...current, counter: Math.max(current.counter, written.counter), secrets: { ...current.secrets } };
  const before = start?.secrets ?? {};
  for (const [id, secret] of Object.entries(written.secrets)) if (!isDeepStrictEqual(secret, before[id])) merged.secrets[id] = secret;
  for (const id of Object.keys(before)) if (!(id in written.secrets)) delete merged.secrets[id];
  return merged;
}

/** storage-attached on `unit` for each of `ids`. */
export function queueStorageAttached(model: ModelState, unit: string, ids: string[]): void {
  for (const id of ids) enqueue(model, { unit, hook: `${storageName(id)}-storage-attached`, storage: id });
}

/**
 * A dying unit's `<name>-storage-detaching` for each instance it has, in the
 * order they were attached, but those whose storage-attached has not run
 * (`attaching`): juju/juju's uniter consults its storage resolver, which
 * detaches a dying unit's attached storage, before the relation hooks, stop
 * and remove of a dying unit (internal/worker/uniter/resolver.go,
 * storage/resolver.go).
 */
export function queueStorageDetaching(model: ModelState, unit: string, attaching: ReadonlySet<string>): void {
  for (const id of Object.keys(model.units[unit]!.storage ?? {})) {
    if (!attaching.has(id)) enqueue(model, { unit, hook: `${storageName(id)}-storage-detaching`, storage: id });
  }
}

/** A secret hook, on the consumer it names or on the owner: the unit, or its application's leader. */
export function queueSecretHook(model: ModelState, event: SecretEvent): void {
  const unit = 'unit' in event ? event.unit : event.owner.kind === 'unit' ? event.owner.name : model.applications[event.owner.name]?.leader;
  if (!unit || !model.units[unit] || model.units[unit]!.dying) return;
  const revision = 'revision' in event ? { revision: event.revision } : {};
  enqueue(model, { unit, hook: event.hook, secret: { id: event.id, ...(event.label ? { label: event.label } : {}), ...revision } });
}

/** The variables Juju sets for a secret hook (the label even when empty) or a storage hook. */
export function jujuEventEnv(event: QueuedEvent, unit: UnitRecord): Record<string, string> {
  if (event.secret) {
    const { id, label, revision } = event.secret;
    return { JUJU_SECRET_ID: id, JUJU_SECRET_LABEL: label ?? '', ...(revision ? { JUJU_SECRET_REVISION: String(revision) } : {}) };
  }
  const storage = event.storage === undefined ? undefined : unit.storage?.[event.storage];
  if (!storage) return {};
  return { JUJU_STORAGE_ID: event.storage!, JUJU_STORAGE_KIND: storage.kind, JUJU_STORAGE_LOCATION: storage.location ?? '' };
}
