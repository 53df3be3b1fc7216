import { describe, expect, it } from 'vitest';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

const charm = (): string =>
  makeCharm({
    'reactive/a.js': `
      import { unitState, hookName } from '@reactive/hookenv';
      import { whenNot } from '@reactive/bus';
      whenNot('upgrade.series.in-progress')(function serve() { unitState().set('served.' + hookName(), true); });`,
  });

const served = async (dir: string): Promise<string[]> => Object.keys(await committedState(dir)).filter((k) => k.startsWith('served.'));

describe('upgrade.series.in-progress and the Juju version', () => {
  it('under 3.6 the flag holds until post-series-upgrade', async () => {
    const dir = charm();
    expect(await runHook(dir, 'pre-series-upgrade', { env: { JUJU_VERSION: '3.6.11' } })).toBeUndefined();
    expect(await runHook(dir, 'update-status', { env: { JUJU_VERSION: '3.6.11' } })).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['upgrade.series.in-progress']);
    expect(await served(dir)).toEqual([]);
  });

  it('under 4.0, which never runs post-series-upgrade, a flag left from 3.6 is cleared at the start of the next hook', async () => {
    const dir = charm();
    expect(await runHook(dir, 'pre-series-upgrade', { env: { JUJU_VERSION: '3.6.11' } })).toBeUndefined();
    expect(await runHook(dir, 'update-status', { env: { JUJU_VERSION: '4.0.15' } })).toBeUndefined();
    expect(await committedFlags(dir)).toEqual([]);
    expect(await served(dir)).toEqual(['served.update-status']);
  });
});
