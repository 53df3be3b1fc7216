import { join } from 'node:path';
import { MemoryHookTools, resetHookContext, setHookTools, setUnitState, UnitState, unitState } from '@reactive/hookenv';
import { main } from '@reactive/bus';

const HOOK_ENV = ['JUJU_HOOK_NAME', 'JUJU_DISPATCH_PATH', 'JUJU_ACTION_NAME', 'JUJU_RELATION', 'JUJU_RELATION_ID', 'JUJU_REMOTE_UNIT', 'JUJU_REMOTE_APP'];

/**
 * Runs one hook of the charm in `charmDir` in this process, through the real
 * main(), against `tools` (a MemoryHookTools) and the charm's unit state file.
 * Returns the error the hook failed with, if any. `run` replaces main() (e.g.
 * layer-basic's runHook). A small stand-in for the Harness of
 * @reactive/harness, for the lower packages' tests.
 */
export async function runHook(charmDir, hook, { tools = new MemoryHookTools(), env = {}, run = () => main({ reload: true }) } = {}) {
  for (const name of HOOK_ENV) delete process.env[name];
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
