import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';

/** The environment for timed processes: as on a Juju unit, without extra CA certificates. */
export function unitEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/**
 * Runs `script` in a fresh Node process `runs` times; the script prints one JSON
 * object of measurements on its last stdout line. Returns the median of each.
 */
export function medianOfChildRuns(script, args = [], { runs = 7, env = {} } = {}) {
  const samples = {};
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: unitEnv(env) });
    if (child.status !== 0) throw new Error(`${script} failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').pop());
    for (const [name, value] of Object.entries(result)) (samples[name] ??= []).push(value);
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A benchmark row: what was measured, the figure, and the target it must meet
 * (`max`, in the same unit), if there is one.
 */
export function row(name, value, unit, max) {
  return { name, value, unit, max };
}

// The floor under any such hook on this machine: a process started as the hook
// is (its #! entry), that only starts Node, makes the same three hook-tool calls
// (config-get, then juju-log at two levels side by side), loads LMDB, reads and
// writes one entry. No framework.
export const FLOOR_SOURCE = `
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
const tool = (name, args) => new Promise((resolve) => spawn(name, args, { stdio: ['ignore', 'pipe', 'pipe'] }).on('close', resolve));
const config = tool('config-get', ['--all', '--format=json']);
process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED = 'true';
const { open } = createRequire(import.meta.url)('lmdb');
const db = open({ path: process.env.UNIT_STATE_DB, noSubdir: true, encoding: 'string', compression: false, cache: false });
db.get('unit-state/v1');
await config;
await Promise.all([tool('juju-log', ['-l', 'INFO', 'x']), tool('juju-log', ['-l', 'DEBUG', 'y'])]);
db.putSync('unit-state/v1', '[]');
await db.close();
`;

/**
 * Runs `file` (a hook, or the floor) once in an unpacked charm's folder, as
 * unit `unitName`, with fresh fake hook tools answering config-get with
 * `{"message": "Hi"}`, and `state` as the unit state; its wall time in seconds.
 */
export function runInUnit(unit, file, { state, unitName }) {
  const tools = mkdtempSync(join(tmpdir(), 'reactive-bench-tools-'));
  const fake = new FakeHookTools(tools)
    .add('config-get', { stdout: '{"message": "Hi"}' })
    .add('juju-log')
    .add('status-set')
    .add('is-leader', { stdout: 'false\n' });
  const env = unitEnv({ PATH: `${fake.path()}`, JUJU_UNIT_NAME: unitName, JUJU_CHARM_DIR: unit, UNIT_STATE_DB: state });
  const start = performance.now();
  const child = spawnSync(file, [], { cwd: unit, env, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  rmSync(tools, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(`${file} exited ${child.status ?? child.signal}: ${child.stderr}`);
  return seconds;
}
