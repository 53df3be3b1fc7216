import { basename } from 'node:path';

/**
 * The variables Juju sets for one hook (or action) only, beside those of the
 * unit (JUJU_UNIT_NAME, JUJU_CHARM_DIR, ...): what a process that runs several
 * hooks in turn (the Harness, test helpers) clears between them.
 */
export const HOOK_VARIABLES: readonly string[] = [
  'JUJU_HOOK_NAME',
  'JUJU_DISPATCH_PATH',
  'JUJU_ACTION_NAME',
  'JUJU_RELATION',
  'JUJU_RELATION_ID',
  'JUJU_REMOTE_UNIT',
  'JUJU_REMOTE_APP',
  'JUJU_DEPARTING_UNIT',
  'JUJU_SECRET_ID',
  'JUJU_SECRET_LABEL',
  'JUJU_SECRET_REVISION',
  'JUJU_STORAGE_ID',
  'JUJU_STORAGE_LOCATION',
  'JUJU_STORAGE_KIND',
  'JUJU_TARGET_BASE',
  'JUJU_TARGET_SERIES',
];

/** The charm's directory: `JUJU_CHARM_DIR`, else the legacy `CHARM_DIR`, else the cwd. */
export function charmDir(): string {
  return process.env.JUJU_CHARM_DIR || process.env.CHARM_DIR || process.cwd();
}

/**
 * The running hook: `JUJU_HOOK_NAME` (even when empty, as Python does), else the
 * basename of `JUJU_DISPATCH_PATH` (`hooks/install`, `actions/backup`), else the
 * basename of the script that was run.
 */
export function hookName(): string {
  const env = process.env;
  if (env.JUJU_HOOK_NAME !== undefined) return env.JUJU_HOOK_NAME;
  if (env.JUJU_DISPATCH_PATH) return basename(env.JUJU_DISPATCH_PATH);
  return basename(process.argv[1] ?? '');
}

/** The local unit, `app/N` (`JUJU_UNIT_NAME`). */
export function localUnit(): string {
  const unit = process.env.JUJU_UNIT_NAME;
  if (!unit) throw new Error('JUJU_UNIT_NAME is not set: not running in a Juju hook context');
  return unit;
}

/** The local unit's application: its name up to the `/`. */
export function applicationName(): string {
  return unitApplication(localUnit());
}

/** The application a unit name (`app/N`) belongs to. */
export function unitApplication(unit: string): string {
  const slash = unit.indexOf('/');
  return slash === -1 ? unit : unit.slice(0, slash);
}

/** The remote unit of a relation hook (`JUJU_REMOTE_UNIT`), if any. */
export function remoteUnit(): string | undefined {
  return process.env.JUJU_REMOTE_UNIT || undefined;
}

/** The remote application of a relation hook (`JUJU_REMOTE_APP`, else from the remote unit). */
export function remoteApplication(): string | undefined {
  const app = process.env.JUJU_REMOTE_APP;
  if (app) return app;
  const unit = remoteUnit();
  return unit ? unitApplication(unit) : undefined;
}

/** The endpoint name of a relation hook (`JUJU_RELATION`). */
export function relationType(): string | undefined {
  return process.env.JUJU_RELATION || undefined;
}

/** The relation id of a relation hook, e.g. `db:3` (`JUJU_RELATION_ID`). */
export function relationId(): string | undefined {
  return process.env.JUJU_RELATION_ID || undefined;
}

/** The running action's name (`JUJU_ACTION_NAME`), if this is an action. */
export function actionName(): string | undefined {
  return process.env.JUJU_ACTION_NAME || undefined;
}

/** Whether this hook is a relation hook. */
export function inRelationHook(): boolean {
  return relationType() !== undefined;
}

/** The secret a secret hook is about, its URI (`JUJU_SECRET_ID`, e.g. `secret://<model>/<id>`). */
export function secretId(): string | undefined {
  return process.env.JUJU_SECRET_ID || undefined;
}

/** The label the charm gave that secret (`JUJU_SECRET_LABEL`), if any. */
export function secretLabel(): string | undefined {
  return process.env.JUJU_SECRET_LABEL || undefined;
}

/**
 * The revision a secret hook is about (`JUJU_SECRET_REVISION`): the one to
 * remove in secret-remove, the one expiring in secret-expired. Juju sets it
 * only when there is one.
 */
export function secretRevision(): number | undefined {
  const text = process.env.JUJU_SECRET_REVISION;
  if (!text) return undefined;
  const revision = Number(text);
  return Number.isInteger(revision) && revision > 0 ? revision : undefined;
}

/** The storage instance a storage hook is about, `name/N` (`JUJU_STORAGE_ID`). */
export function storageId(): string | undefined {
  return process.env.JUJU_STORAGE_ID || undefined;
}

/** That storage's name as metadata.yaml declares it: the storage id up to the `/`. */
export function storageName(): string | undefined {
  const id = storageId();
  return id === undefined ? undefined : id.split('/')[0];
}

/** Where that storage instance is mounted or attached (`JUJU_STORAGE_LOCATION`). */
export function storageLocation(): string | undefined {
  return process.env.JUJU_STORAGE_LOCATION || undefined;
}
