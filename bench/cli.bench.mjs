// The charms.reactive CLI as bash handlers use it: each call is a fresh Node
// process, and a hook with bash handlers makes many (`test` once per phase and
// iteration, plus every set_flag, is_flag_set, mark_invoked the handlers run).
// During a hook the hook process answers those calls (@reactive/bus's handler
// agent): the "in a hook" rows have this process play the hook, with a unit
// state of 100 flags open and the agent listening. The "outside a hook" rows
// are the same commands opening the unit state (LMDB) themselves, as at a
// shell on the unit. The figure is the wall time of `node packages/cli/dist/bin.cjs
// ARGS…`, median of 21 runs after one warm-up (NODE_EXTRA_CA_CERTS unset). The
// cases run round-robin, so a busy machine slows them all alike. Two reference
// rows: `node -e 0`, the floor any Node CLI pays, and "libraries alone", what
// loading @reactive/hookenv and @reactive/flags, opening the unit state and
// testing one flag costs without the CLI.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLER_AGENT_ENV, HandlerAgent } from '@reactive/bus';
import { setUnitState, UnitState } from '@reactive/hookenv';
import { median, row, unitEnv } from './lib.mjs';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'packages', 'cli', 'dist', 'bin.cjs');
const RUNS = 21;
const LIBRARIES_ALONE = `
  process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED = 'true';
  const { setUnitState, UnitState } = await import('@reactive/hookenv');
  const { isFlagSet } = await import('@reactive/flags');
  setUnitState(UnitState.open(process.env.UNIT_STATE_DB));
  process.exitCode = isFlagSet('X') ? 0 : 1;
`;
const SPECS = ['one one_id when "flag.1 flag.2"', 'two two_id when_not flag.3', 'three three_id only_once ""'];

const CASES = [
  { name: 'node -e 0 (reference: Node start-up alone)', args: ['-e', '0'] },
  { name: 'libraries alone: hookenv + flags, open the state, test a flag (reference)', args: ['--input-type=module', '-e', LIBRARIES_ALONE], status: 1 },
  { name: 'charms.reactive is_flag_set X, in a hook', args: [BIN, 'is_flag_set', 'X'], status: 1, inHook: true, max: 90 },
  { name: 'charms.reactive set_flag Y, in a hook', args: [BIN, 'set_flag', 'Y'], inHook: true },
  { name: 'charms.reactive test (3 handler specs), in a hook', args: [BIN, 'test', ...SPECS], inHook: true },
  { name: 'charms.reactive is_flag_set X, outside a hook', args: [BIN, 'is_flag_set', 'X'], status: 1 },
  { name: 'charms.reactive set_flag X, outside a hook', args: [BIN, 'set_flag', 'X'], ownState: true },
  { name: 'charms.reactive test (3 handler specs), outside a hook', args: [BIN, 'test', ...SPECS] },
  { name: 'charms.reactive -j get_flags (option parser loaded)', args: [BIN, '-j', 'get_flags'] },
];

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'reactive-cli-bench-'));
  let agent;
  try {
    const db = join(dir, 'state.lmdb');
    const state = UnitState.open(db);
    for (let i = 0; i < 100; i++) state.set(`reactive.states.flag.${i}`, null);
    state.set('reactive.dispatch.phase', 'other');
    state.set('reactive.state_watch', { iteration: 0, changes: [], pending: [] });
    state.commit();
    // This process is the hook for the "in a hook" rows: its unit state is the one above.
    setUnitState(state);
    agent = await HandlerAgent.start();
    const env = unitEnv({ UNIT_STATE_DB: db });
    // In a hook, layer:basic's hook stub has enabled Node's compile cache.
    const hookEnv = unitEnv({ UNIT_STATE_DB: db, [HANDLER_AGENT_ENV]: agent.socketPath, NODE_COMPILE_CACHE: join(dir, 'node-compile-cache') });
    // set_flag writes to a store of its own, so that X stays unset in the one the others read.
    const writerEnv = unitEnv({ UNIT_STATE_DB: join(dir, 'writer.lmdb') });
    const times = CASES.map(() => []);
    for (let i = 0; i <= RUNS; i++) {
      for (const [index, c] of CASES.entries()) {
        const ms = await wallTime(c, c.inHook ? hookEnv : c.ownState ? writerEnv : env);
        if (i > 0) times[index].push(ms);
      }
    }
    return CASES.map((c, index) => row(c.name, median(times[index]), 'ms', c.max));
  } finally {
    await agent?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The wall time in ms of one `node ARGS…`, which must exit with the case's
 * status (default 0). Spawned asynchronously: this process answers the calls
 * made "in a hook" meanwhile.
 */
function wallTime({ args, status = 0 }, env) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== status) reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}
