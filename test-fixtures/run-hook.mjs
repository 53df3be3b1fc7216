import { join } from 'node:path';
import { HOOK_VARIABLES, MemoryHookTools, resetHookContext, setHookTools, setUnitState, UnitState, unitState } from '@reactive/hookenv';
import { main } from '@reactive/bus';

/**
 * Runs one hook of the charm in `charmDir` in this process, through the real
 * main(), against `tools` (a MemoryHookTools) and the charm's unit state file.
 * Returns the error the hook failed with, if any. `run` replaces main() (e.g.
 * layer-basic's runHook). A small stand-in for the Harness of
 * @reactive/harness, for the lower packages' tests.
 */
export async function runHook(charmDir, hook, { tools = new MemoryHookTools(), env = {}, run = () => main({ reload: true }) } = {}) {
  for (const name of HOOK_VARIABLES) delete process.env[name];
  const vars = { JUJU_CHARM_DIR: charmDir, JUJU_UNIT_NAME: tools.unit, JUJU_HOOK_NAME: hook, ...env };
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetHookContext();
  setHookTools(tools);
  setUnitState(UnitState.open(join(charmDir, '.unit-state.lmdb')));
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await unitState().close();
    setUnitState(undefined);
  }
}

/** The committed flags of the charm in `charmDir`. */
export async function committedFlags(charmDir) {
  const state = UnitState.open(join(charmDir, '.unit-state.lmdb'));
  const flags = state.keys('reactive.states.').map((key) => key.slice('reactive.states.'.length));
  await state.close();
  return flags;
}

/** The committed unit state of the charm in `charmDir`. */
export async function committedState(charmDir) {
  const state = UnitState.open(join(charmDir, '.unit-state.lmdb'));
  const all = state.getRange('');
  await state.close();
  return all;
}

/**
 * Runs `hook` with `check` awaited inside it: the charm has a handler calling
 * `globalThis.probe`. Rethrows the hook's error, or what `check` threw, and
 * fails when no handler called the probe.
 */
export async function runHookWithProbe(charmDir, hook, { tools, env = {} }, check) {
  let ran = false;
  let failure;
  globalThis.probe = async () => {
    ran = true;
    try {
      await check();
    } catch (error) {
      failure = error;
    }
  };
  const error = await runHook(charmDir, hook, { tools, env });
  delete globalThis.probe;
  if (error) throw error;
  if (failure) throw failure;
  if (!ran) throw new Error(`no handler called the probe in ${hook}`);
}
