import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setUnitState, UnitState } from '@reactive/hookenv';
import { CliError, NotFoundError } from './errors.js';

let opened: UnitState | undefined;

/**
 * Where the unit state is: `--state PATH` (the commands for people), else
 * `$UNIT_STATE_DB`, else `.unit-state.lmdb` in `$JUJU_CHARM_DIR` (or
 * `$CHARM_DIR`). Without any of them there is no unit to look at: an error
 * (Python fell back to an empty in-memory store, where every flag looked
 * unset); for a command that reads, exit 2, as for a state that does not exist.
 */
function unitStateLocation(opts: { path?: string; readOnly?: boolean }): string {
  if (opts.path) return opts.path;
  const env = process.env;
  if (env.UNIT_STATE_DB) return env.UNIT_STATE_DB;
  const dir = env.JUJU_CHARM_DIR || env.CHARM_DIR;
  if (dir) return join(dir, '.unit-state.lmdb');
  if (opts.readOnly) throw new NotFoundError('no unit state: give --state PATH, or set UNIT_STATE_DB or JUJU_CHARM_DIR');
  throw new CliError('no unit state: set UNIT_STATE_DB or JUJU_CHARM_DIR (not in a hook?)');
}

/**
 * Opens the unit state for this command and makes it the process's (what
 * `@reactive/flags` and `@reactive/bus` use). `readOnly` is for the commands
 * that only read: they change nothing, and a store that is not there, or a
 * file that is not a store, is an error, never made a store.
 */
export function openUnitState(opts: { path?: string; readOnly?: boolean } = {}): UnitState {
  if (opened) return opened;
  const path = unitStateLocation(opts);
  if (opts.readOnly && !existsSync(path)) throw new NotFoundError(`no unit state at ${path}`);
  opened = UnitState.open(path, { readOnly: opts.readOnly });
  setUnitState(opened);
  return opened;
}

/** After a command succeeded: writes what it changed, in one transaction, and waits until it is on disk. */
export async function commitUnitState(): Promise<void> {
  if (!opened) return;
  opened.commit();
  await opened.flushed();
}
