// Shared by the CLI tests: run the built binary as a subprocess, against a
// temporary unit state, and read or prepare that state from the test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UnitState } from '@reactive/hookenv';
import { tempDir } from '../../../test-fixtures/temp.mjs';

export const PACKAGE = join(import.meta.dirname, '..');
export const BIN = join(PACKAGE, 'dist', 'bin.cjs');
export const SHELL_HELPER = join(PACKAGE, 'bin', 'charms.reactive.sh');

const HOOK_VARS = [
  'UNIT_STATE_DB',
  'JUJU_CHARM_DIR',
  'CHARM_DIR',
  'JUJU_UNIT_NAME',
  'JUJU_HOOK_NAME',
  'JUJU_DISPATCH_PATH',
  'JUJU_RELATION',
  'JUJU_RELATION_ID',
  'JUJU_REMOTE_UNIT',
  'JUJU_REMOTE_APP',
  'REACTIVE_DEBUG',
  'NODE_EXTRA_CA_CERTS',
];

/** The test process's environment without any hook context. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of HOOK_VARS) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `charms.reactive ARGS…` (node dist/bin.cjs) with `env` added to a clean environment. */
export function cli(args: string[], env: Record<string, string | undefined> = {}, opts: { cwd?: string; argv0?: string } = {}): Result {
  // A bounded wait: a child that hangs fails its test instead of the whole run.
  const child = spawnSync(process.execPath, [opts.argv0 ?? BIN, ...args], {
    env: cleanEnv(env),
    encoding: 'utf8',
    cwd: opts.cwd,
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A new unit state file path (in a new temp dir). */
export function newStatePath(): string {
  return join(tempDir('reactive-cli-'), 'state.lmdb');
}

/** The committed unit state at `path`, key -> value. */
export async function readState(path: string, prefix = ''): Promise<Record<string, unknown>> {
  const state = UnitState.open(path);
  try {
    return { ...state.getRange(prefix) };
  } finally {
    await state.close();
  }
}

/** The committed flags at `path`, sorted. */
export async function readFlags(path: string): Promise<string[]> {
  return Object.keys(await readState(path, 'reactive.states.')).map((key) => key.slice('reactive.states.'.length));
}

/** Sets (value given) or unsets (undefined) keys, and commits. */
export async function writeState(path: string, entries: Record<string, unknown>): Promise<void> {
  const state = UnitState.open(path);
  try {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) state.unset(key);
      else state.set(key, value);
    }
    state.commit();
  } finally {
    await state.close();
  }
}

/**
 * A folder for PATH where `charms.reactive` (and `reactive`) and
 * `charms.reactive.sh` resolve, as the package's bin entries install them.
 */
export function binDir(): string {
  const dir = join(tempDir('reactive-bin-'), 'bin');
  mkdirSync(dir);
  symlinkSync(BIN, join(dir, 'charms.reactive'));
  symlinkSync(BIN, join(dir, 'reactive'));
  symlinkSync(SHELL_HELPER, join(dir, 'charms.reactive.sh'));
  return dir;
}
