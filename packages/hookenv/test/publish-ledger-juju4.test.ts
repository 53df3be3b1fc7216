import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  HookToolError,
  MemoryHookTools,
  PUBLISHED_KEY,
  republishPublished,
  sendPublications,
  resetHookContext,
  setHookTools,
  setUnitState,
  UnitState,
  unitState,
} from '@reactive/hookenv';
import { tempDir } from '../../../test-fixtures/temp.mjs';

/** The unit's tools as on Juju 4.0, where leader-get and leader-set are not on a hook's PATH. */
class Juju4Tools extends MemoryHookTools {
  override async leaderGet(): Promise<unknown> {
    throw new HookToolError('leader-get', ['--format=json', '-'], null, '', 'not found on PATH');
  }
}

let tools: MemoryHookTools;
beforeEach(() => {
  process.env.JUJU_UNIT_NAME = 'web/0';
  setUnitState(UnitState.open(join(tempDir(), 'state.lmdb')));
  // The last hook, under Juju 3.6, sent leader data and was killed before Juju applied it.
  unitState().set(PUBLISHED_KEY, { leader: { token: 't1' } });
  unitState().commit();
});
afterEach(async () => {
  delete process.env.JUJU_VERSION;
  resetHookContext();
  await unitState().close();
  setUnitState(undefined);
  setHookTools(undefined);
});

describe('the publish ledger and the Juju version', () => {
  it('under 3.6 sends the leader data again', async () => {
    process.env.JUJU_VERSION = '3.6.11';
    tools = new MemoryHookTools({ unit: 'web/0', leader: true });
    setHookTools(tools);
    await republishPublished();
    await sendPublications();
    expect(tools.leaderSettings).toEqual({ token: 't1' });
  });

  it('under 4.0, which has no leader settings, drops that part of the ledger instead of failing every hook on leader-get', async () => {
    process.env.JUJU_VERSION = '4.0.15';
    tools = new Juju4Tools({ unit: 'web/0', leader: true });
    setHookTools(tools);
    await expect(republishPublished()).resolves.toBeUndefined();
    expect(unitState().get(PUBLISHED_KEY)).toBeUndefined();
    expect(tools.callCounts()).toEqual({});
  });
});
