#!/usr/bin/env node
// Crash fuzz: SIGKILLs a hook of test/crash-fuzz/charm.mjs at random moments,
// four ways, and checks after each kill that a fresh process opens the unit
// state and finds exactly what it was before the hook or what the completed
// hook leaves, never something between. Then, as Juju would, it runs the hook
// again to completion and checks that the data Juju holds (relation data and
// leader settings, applied only for hooks that exit 0) is what the charm
// published.
//
//   node test/crash-fuzz/fuzz.mjs [--kills N] [--seed S] [--modes random,commit,cli,group] [--two-copies]
//
// Modes, in turn: `random` (the hook process, at any moment; its handler runs
// on), `commit` (the hook process, 0 to 25 ms after its relation-set, which
// comes just before its last log calls and its commit), `cli` (a
// charms.reactive process of the bash handler), `group` (the hook's whole
// process group, at any moment). `--two-copies` gives the charm its own copy of
// @reactive/hookenv beside the framework's, as a charm that vendors one does:
// the charm's unitState(), relationSet() and leaderSet() calls
// (lib/charm-state.js) go through that copy, the framework's flags and its
// Endpoint's data through its own, in the same hook process.
// FUZZ_DEBUG=1 lists the keys of a partial state.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FLAGS, files } from './charm.mjs';

const REPO = join(import.meta.dirname, '..', '..');
const CLI_BIN = join(REPO, 'packages', 'cli', 'bin');
const UNIT = 'fuzz/0';
export const MODES = ['random', 'commit', 'cli', 'group'];

/** Fake hook tools that keep Juju's side in files: what a hook sets is pending until the fuzz applies it (exit 0). */
function writeTools(dir, juju) {
  const tools = {
    'config-get': `echo '{}'`,
    'juju-log': `:`,
    'status-set': `:`,
    'is-leader': `echo true`,
    'relation-ids': `echo '["db:0"]'`,
    'relation-list': `case "$*" in *--app*) echo '"pg"';; *) echo '["pg/0"]';; esac`,
    'relation-get': `for last; do :; done
case "$last" in
  ${UNIT}) cat "${juju}/local.json" ;;
  fuzz) echo '{}' ;;
  *) echo '{"remote": "\\"value\\""}' ;;
esac`,
    'relation-set': `{ cat; echo; } >> "${juju}/pending-relation"`,
    'leader-get': `cat "${juju}/leader.json"`,
    'leader-set': `printf '%s\\n' "$@" >> "${juju}/pending-leader"`,
  };
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
}

/** Juju after a hook: applies its relation-set and leader-set calls if it exited 0, discards them otherwise. */
function settle(juju, ok) {
  const pendingRelation = join(juju, 'pending-relation');
  const pendingLeader = join(juju, 'pending-leader');
  if (ok) {
    const local = JSON.parse(readFileSync(join(juju, 'local.json'), 'utf8'));
    for (const line of readLines(pendingRelation)) {
      for (const [key, value] of Object.entries(JSON.parse(line))) {
        if (value === null || value === '') delete local[key];
        else local[key] = value;
      }
    }
    writeFileSync(join(juju, 'local.json'), JSON.stringify(local));
    const leader = JSON.parse(readFileSync(join(juju, 'leader.json'), 'utf8'));
    for (const line of readLines(pendingLeader)) {
      const at = line.indexOf('=');
      leader[line.slice(0, at)] = line.slice(at + 1);
    }
    writeFileSync(join(juju, 'leader.json'), JSON.stringify(leader));
  }
  rmSync(pendingRelation, { force: true });
  rmSync(pendingLeader, { force: true });
}

function readLines(path) {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
    : [];
}

/**
 * A copy of @reactive/hookenv's build in `dir`, finding its dependencies as an
 * installed package does; returns the package's folder.
 */
function copyHookenv(dir) {
  const copy = join(dir, 'node_modules', '@reactive', 'hookenv');
  const built = join(REPO, 'packages', 'hookenv');
  mkdirSync(copy, { recursive: true });
  cpSync(join(built, 'package.json'), join(copy, 'package.json'));
  cpSync(join(built, 'dist'), join(copy, 'dist'), { recursive: true, filter: (file) => !file.includes('.v8cache') });
  symlinkSync(realpathSync(join(REPO, 'node_modules', 'lmdb')), join(dir, 'node_modules', 'lmdb'));
  return copy;
}

/** A unit: the charm, its tools and Juju's files, in a fresh folder; `hookenv`: the charm's own copy of @reactive/hookenv. */
function makeUnit(root, hookenv) {
  const charm = join(root, 'charm');
  for (const [path, spec] of Object.entries(files)) {
    const { content, mode } = typeof spec === 'string' ? { content: spec } : spec;
    mkdirSync(dirname(join(charm, path)), { recursive: true });
    writeFileSync(join(charm, path), content);
    if (mode) chmodSync(join(charm, path), mode);
  }
  symlinkSync(join(REPO, 'node_modules'), join(charm, 'node_modules'));
  if (hookenv) {
    // Found from lib/charm-state.js only: the framework's packages keep the repository's copy.
    mkdirSync(join(charm, 'lib', 'node_modules', '@reactive'), { recursive: true });
    symlinkSync(hookenv, join(charm, 'lib', 'node_modules', '@reactive', 'hookenv'));
  }
  const juju = join(root, 'juju');
  mkdirSync(juju);
  writeFileSync(join(juju, 'local.json'), '{}');
  writeFileSync(join(juju, 'leader.json'), '{}');
  writeTools(join(root, 'tools'), juju);
  return { root, charm, juju, tools: join(root, 'tools') };
}

function copyUnit(from, root) {
  cpSync(from.root, root, { recursive: true, verbatimSymlinks: true });
  const unit = { root, charm: join(root, 'charm'), juju: join(root, 'juju'), tools: join(root, 'tools') };
  writeTools(unit.tools, unit.juju);
  return unit;
}

function hookEnv(unit, hook) {
  const env = {
    ...process.env,
    PATH: `${unit.tools}:${CLI_BIN}:${process.env.PATH}`,
    JUJU_CHARM_DIR: unit.charm,
    CHARM_DIR: unit.charm,
    JUJU_UNIT_NAME: UNIT,
    JUJU_HOOK_NAME: hook,
  };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.UNIT_STATE_DB;
  delete env.REACTIVE_HANDLER_AGENT;
  return env;
}

/** Starts a hook in its own process group. */
function startHook(unit, hook) {
  const started = Date.now();
  const child = spawn(process.execPath, [join(unit.charm, 'lib', 'hook.mjs')], { cwd: unit.charm, env: hookEnv(unit, hook), detached: true, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started })));
  return { child, exited };
}

async function runHook(unit, hook) {
  const { child, exited } = startHook(unit, hook);
  const result = await exited;
  await groupGone(child.pid);
  settle(unit.juju, result.code === 0);
  return result;
}

/** The committed unit state, read by a fresh process; `{ error }` when it cannot be opened. */
function readState(unit) {
  const code = `import { UnitState } from '@reactive/hookenv';
const state = UnitState.open(process.argv[1]);
process.stdout.write(JSON.stringify(state.getRange('')));
await state.close();`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code, join(unit.charm, '.unit-state.lmdb')], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
  });
  if (child.status !== 0) return { error: child.stderr.trim().split('\n').at(-1) };
  // Keys such as reactive.invoked.<handler id> hold the charm's path: name it alike for every copy.
  const state = {};
  for (const [key, value] of Object.entries(JSON.parse(child.stdout))) state[key.replaceAll(unit.root, '<unit>')] = value;
  return { state };
}

/** Processes in process group `pgid` (from /proc). */
function groupMembers(pgid) {
  const members = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Waits until the group has no process left (killing it after 30 s). */
async function groupGone(pgid) {
  if (!pgid) return;
  const deadline = Date.now() + 30_000;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(20);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Kills as `mode` says; resolves when the kill was made (or the hook ended first). */
async function kill(mode, hook, unit, reference, rand) {
  const pid = hook.child.pid;
  const ended = hook.exited.then(() => 'ended');
  if (mode === 'commit') {
    // The hook sends its relation data, then its log, then commits: kill 0-25 ms after the relation-set.
    while (!existsSync(join(unit.juju, 'pending-relation'))) {
      if ((await Promise.race([ended, sleep(1)])) === 'ended') return false;
    }
    if ((await Promise.race([ended, sleep(rand() * 25)])) === 'ended') return false;
    process.kill(pid, 'SIGKILL');
    return true;
  }
  if (mode === 'cli') {
    // The n-th charms.reactive process of the bash handler.
    const wanted = Math.floor(rand() * 7);
    const seen = new Set();
    for (;;) {
      if ((await Promise.race([ended, sleep(2)])) === 'ended') return false;
      for (const member of groupMembers(pid)) {
        if (seen.has(member) || !cmdline(member).includes('bin.cjs')) continue;
        seen.add(member);
        if (seen.size > wanted) {
          process.kill(member, 'SIGKILL');
          return true;
        }
      }
    }
  }
  const delay = rand() * reference.ms;
  if ((await Promise.race([ended, sleep(delay)])) === 'ended') return false;
  try {
    process.kill(mode === 'group' ? -pid : pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Runs `kills` kills (spread over the modes) and returns the counts:
 * kills, before, after, partial, reopenFailures, notRepublished.
 * `twoCopies`: the charm brings its own copy of @reactive/hookenv.
 * @param {{ kills?: number, seed?: number, modes?: string[], twoCopies?: boolean, log?: (line: string) => void }} [options]
 */
export async function fuzz({ kills = 40, seed = Date.now(), modes = MODES, twoCopies = false, log = (_line) => {} } = {}) {
  const rand = random(seed);
  const scratch = mkdtempSync(join(tmpdir(), 'reactive-fuzz-'));
  try {
    // The unit after install: "before". Then config-changed to completion: "after".
    const base = makeUnit(join(scratch, 'base'), twoCopies ? copyHookenv(join(scratch, 'vendored')) : undefined);
    if ((await runHook(base, 'install')).code !== 0) throw new Error('the install hook failed');
    const before = readState(base).state;
    const reference = copyUnit(base, join(scratch, 'reference'));
    const completed = await runHook(reference, 'config-changed');
    if (completed.code !== 0) throw new Error('the config-changed hook failed');
    const after = readState(reference).state;
    const published = JSON.parse(readFileSync(join(reference.juju, 'local.json'), 'utf8'));
    const leader = JSON.parse(readFileSync(join(reference.juju, 'leader.json'), 'utf8'));
    if (same(before, after)) throw new Error('the hook changed nothing');
    if (after['fuzz.phase'] !== 'configured' || !after[`fuzz.kv.${FLAGS - 1}`]) throw new Error("the hook lost the charm's unitState() changes");
    if (!published.host || !leader.token) throw new Error(`the hook published no relation or leader data: ${JSON.stringify({ published, leader })}`);
    const counts = { kills: 0, before: 0, after: 0, partial: 0, reopenFailures: 0, notRepublished: 0, byMode: {} };
    for (let i = 0; counts.kills < kills; i++) {
      if (i > kills * 10)
        throw new Error(`only ${counts.kills} of ${i} attempts killed the hook (${JSON.stringify(counts.byMode)}): a mode cannot reach its moment`);
      const mode = modes[i % modes.length];
      const unit = copyUnit(base, join(scratch, `kill-${i}`));
      const hook = startHook(unit, 'config-changed');
      const killed = await kill(mode, hook, unit, completed, rand);
      const result = await hook.exited;
      await groupGone(hook.child.pid);
      settle(unit.juju, result.code === 0);
      if (killed) {
        counts.kills++;
        const found = readState(unit);
        const verdict = found.error ? 'reopen failure' : same(found.state, before) ? 'before' : same(found.state, after) ? 'after' : 'partial';
        if (verdict === 'partial' && process.env.FUZZ_DEBUG) {
          const keys = new Set([...Object.keys(found.state), ...Object.keys(before)]);
          log(
            `  differs from before: ${[...keys]
              .filter((k) => !same(found.state[k], before[k]))
              .slice(0, 8)
              .join(' ')}`,
          );
          const keys2 = new Set([...Object.keys(found.state), ...Object.keys(after)]);
          log(
            `  differs from after: ${[...keys2]
              .filter((k) => !same(found.state[k], after[k]))
              .slice(0, 8)
              .join(' ')}`,
          );
        }
        if (verdict === 'reopen failure') counts.reopenFailures++;
        else counts[verdict]++;
        counts.byMode[mode] = (counts.byMode[mode] ?? 0) + 1;
        // Juju retries the hook: afterwards the unit and Juju's data must be what a clean run leaves.
        const retry = await runHook(unit, 'config-changed');
        const local = JSON.parse(readFileSync(join(unit.juju, 'local.json'), 'utf8'));
        const leaderNow = JSON.parse(readFileSync(join(unit.juju, 'leader.json'), 'utf8'));
        if (retry.code !== 0 || !same(local, published) || !same(leaderNow, leader)) counts.notRepublished++;
        log(
          `${counts.kills} ${mode}: ${verdict}${found.error ? ` (${found.error})` : ''}; retried: exit ${retry.code}, juju data ${same(local, published) && same(leaderNow, leader) ? 'complete' : 'MISSING'}`,
        );
      }
      rmSync(unit.root, { recursive: true, force: true });
    }
    return counts;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? fallback : Number(process.argv[at + 1]);
  };
  const seed = arg('--seed', Date.now() % 1e9);
  const at = process.argv.indexOf('--modes');
  const modes = at === -1 ? MODES : process.argv[at + 1].split(',');
  const twoCopies = process.argv.includes('--two-copies');
  const counts = await fuzz({ kills: arg('--kills', 40), seed, modes, twoCopies, log: (line) => console.log(line) });
  console.log(`seed ${seed}${twoCopies ? ', two copies of @reactive/hookenv' : ''}`);
  console.log(
    `kills ${counts.kills}, before ${counts.before}, after ${counts.after}, partial ${counts.partial}, reopen failures ${counts.reopenFailures}, not republished ${counts.notRepublished}`,
  );
  console.log(
    `by mode: ${Object.entries(counts.byMode)
      .map(([mode, n]) => `${mode} ${n}`)
      .join(', ')}`,
  );
  process.exitCode = counts.partial || counts.reopenFailures || counts.notRepublished ? 1 : 0;
}
