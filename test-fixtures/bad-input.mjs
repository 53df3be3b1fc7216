// The bad-input catalog's runner (test/bad-input/): each case runs a command
// or a hook of a built charm for real, then checks that it exits with the
// expected code, says one line naming the culprit, and changed nothing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { build } from '@reactive/build';
import { writeCharmFiles } from './charm.mjs';
import { FakeHookTools } from './fake-hook-tools.mjs';
import { tempDir } from './temp.mjs';

const REPO = join(import.meta.dirname, '..');
const BIN = join(REPO, 'packages', 'cli', 'dist', 'bin.cjs');
const HOOK_VARIABLES = /^(JUJU_|CHARM_DIR$|UNIT_STATE_DB$|REACTIVE_)/;

/** Runs the `reactive` program (the same as `charms.reactive`) in `cwd`, outside any hook. */
export function reactive(args, { cwd = REPO, env = {} } = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !HOOK_VARIABLES.test(name)));
  const child = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/**
 * Every file under `dir` (path relative to it: mode and content's hash; a link:
 * where it leads), or null when there is no `dir`. Links are not followed.
 * @returns {Record<string, string> | null}
 */
export function folderState(dir) {
  if (!existsSync(dir)) return null;
  const files = {};
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isSymbolicLink()) files[relative(dir, path)] = `-> ${readlinkSync(path)}`;
      else files[relative(dir, path)] = `${statSync(path).mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    }
  };
  walk(dir);
  return files;
}

/**
 * The unit state's keys and values, or null when there is no store. The
 * flight record is left out: a failed hook keeps its record, by design, so
 * that `reactive why` can show the failure.
 */
export async function unitStateOf(path) {
  if (!existsSync(path)) return null;
  const state = UnitState.open(path);
  try {
    return Object.fromEntries(Object.entries(state.getRange('')).filter(([key]) => !key.startsWith('reactive.flight')));
  } finally {
    await state.close();
  }
}

/**
 * One bad input: `watched()` snapshots what must not change, `run()` feeds
 * the input and resolves with `{ status, report }`; the report must be one
 * line matching `line`.
 */
export async function expectRefused({ run, watched, exit, line }) {
  const before = await watched();
  const { status, report } = await run();
  expect(report.split('\n').filter(Boolean), `the report: ${report}`).toHaveLength(1);
  expect(report.replace(/\n$/, '')).toMatch(line);
  expect(status, report).toBe(exit);
  expect(await watched()).toEqual(before);
}

/**
 * What a failed hook said: its one juju-log ERROR entry as `hookError` reads
 * it, and nothing else on stderr; else (no ERROR entry) its stderr.
 */
export function hookReport({ stderr, logged }) {
  const errors = logged.filter((entry) => entry.level === 'ERROR');
  if (errors.length === 0) return stderr;
  expect(errors, 'one ERROR entry in juju-log').toHaveLength(1);
  const entry = new Set(errors[0].message.split('\n'));
  expect(stderr.split('\n').filter((text) => text && !entry.has(text))).toEqual([]);
  return hookError(errors[0].message);
}

/**
 * A hook's error as one line: its "Hook error [in handler ID]:" heading
 * joined to the error's line, without the stack frames.
 */
export function hookError(text) {
  const [heading, ...said] = text.split('\n').filter((line) => line && !/^\s+at /.test(line));
  return /^Hook error( in .+)?:$/.test(heading) ? `${heading} ${said.join('\n')}` : [heading, ...said].join('\n');
}

/**
 * Builds the charm layer `files` (which includes layer:basic and the
 * examples' interfaces) and runs its install hook, so that its unit state
 * holds flags and keys before any bad input. Resolves with the charm's folder.
 */
export async function installedCharm(files) {
  const work = tempDir('reactive-bad-input-');
  writeCharmFiles(join(work, 'layer'), files);
  const { output } = await build({
    source: join(work, 'layer'),
    output: join(work, 'charm'),
    interfacePath: [join(REPO, 'examples', 'interfaces')],
    log: () => undefined,
  });
  const install = runBuiltHook(output, 'install');
  if (install.status !== 0) throw new Error(`the charm's install hook failed: ${install.stderr}${install.logged.map((e) => e.message).join('\n')}`);
  return output;
}

/** A copy of the built `charm` (its node_modules linked, not copied), with `files` written over it. */
export function charmCopy(charm, files = {}) {
  const copy = join(tempDir('reactive-bad-input-'), 'charm');
  cpSync(charm, copy, { recursive: true, verbatimSymlinks: true, filter: (path) => path !== join(charm, 'node_modules') });
  symlinkSync(join(charm, 'node_modules'), join(copy, 'node_modules'));
  writeCharmFiles(copy, files);
  return copy;
}

const TOOLS = {
  'juju-log': {},
  'status-set': {},
  'relation-set': {},
  'leader-set': {},
  'config-get': { stdout: '{}' },
  'is-leader': { stdout: 'true' },
  'relation-ids': { stdout: '[]' },
  'relation-list': { stdout: '[]' },
  'relation-get': { stdout: '{}' },
  'leader-get': { stdout: '{}' },
};

/**
 * Runs `hooks/<hook>` of the built charm in `dir` as Juju does, with fake hook
 * tools (`tools` replaces some: name -> FakeHookTools.add's options, or null
 * for no such tool), in the charm's folder (or `cwd`); `command` runs instead
 * of the hook file.
 * Resolves with the exit status, stderr, the juju-log entries
 * (`{ level, message }`) and the other tool calls.
 */
export function runBuiltHook(dir, hook, { tools = {}, env = {}, command = [join(dir, 'hooks', hook)], cwd = dir } = {}) {
  const fake = new FakeHookTools(tempDir('reactive-tools-'));
  for (const [name, spec] of Object.entries({ ...TOOLS, ...tools })) if (spec) fake.add(name, spec);
  const [program, ...args] = command;
  const child = spawnSync(program, args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: `${fake.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'bad/0', ...env },
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  if (child.error) throw child.error;
  const calls = fake.calls();
  const logged = calls.filter((call) => call.tool === 'juju-log').map(({ args }) => ({ level: args[1], message: args.at(-1) }));
  return { status: child.status, signal: child.signal, stderr: child.stderr, logged, calls: calls.filter((call) => call.tool !== 'juju-log') };
}

/** The relation and leader data a hook's calls published. */
export function published(calls) {
  return calls.filter((call) => call.tool === 'relation-set' || call.tool === 'leader-set');
}
