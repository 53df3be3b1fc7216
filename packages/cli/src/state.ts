import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setUnitState, UnitState } from '@reactive/hookenv';
import { CliError, NotFoundError } from './errors.js';

let opened: UnitState | undefined;

/**
 * Where the unit state is: `--state PATH` (the commands for people), else
 * `$UNIT_STATE_DB`, else `.unit-state.lmdb` in `$JUJU_CHARM_DIR` (or
 * `$CHARM_DIR`). Without any of them there is no unit to look at: an error
 * (Python fell back to an empty in-memory store, where every flag looked unset).
 */
export function unitStateLocation(explicit?: string): string {
  if (explicit) return explicit;
  const env = process.env;
  if (env.UNIT_STATE_DB) return env.UNIT_STATE_DB;
  const dir = env.JUJU_CHARM_DIR || env.CHARM_DIR;
  if (dir) return join(dir, '.unit-state.lmdb');
  throw new CliError('no unit state: set UNIT_STATE_DB or JUJU_CHARM_DIR (not in a hook?)');
}

/**
 * Opens the unit state for this command and makes it the process's (what
 * `@reactive/flags` and `@reactive/bus` use). `mustExist` is for the commands
 * that only read: they do not create an empty store by mistake.
 */
export function openUnitState(opts: { path?: string; mustExist?: boolean } = {}): UnitState {
  if (opened) return opened;
  const path = unitStateLocation(opts.path);
  if (opts.mustExist && !existsSync(path)) throw new NotFoundError(`no unit state at ${path}`);
  opened = UnitState.open(path);
  setUnitState(opened);
  return opened;
}

/** After a command succeeded: writes what it changed, in one transaction, and waits until it is on disk. */
export async function commitUnitState(): Promise<void> {
  if (!opened) return;
  opened.commit();
  await opened.flushed();
}
