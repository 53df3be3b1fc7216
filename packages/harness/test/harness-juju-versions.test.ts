import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

/** A charm that records, in each hook, what Juju told it; with `leader` it also writes leader data. */
const charm = (): string =>
  makeCharm({
    'metadata.yaml': 'name: app\n',
    'reactive/probe.js': `
      import { hookTools, unitState, hookName, leaderSet } from '@reactive/hookenv';
      import { hook } from '@reactive/bus';
      hook('{install,update-status,pre-series-upgrade}')(function probe() {
        const env = process.env;
        unitState().set('seen.' + hookName(), { version: env.JUJU_VERSION ?? null, base: env.JUJU_TARGET_BASE ?? null, series: env.JUJU_TARGET_SERIES ?? null });
      });
      hook('leader-elected')(async function share() { await leaderSet({ token: 't1' }); });
      hook('upgrade-charm')(async function listSecrets() { unitState().set('secrets', await hookTools().secretIds()); });
    `,
    'reactive/ask.sh': {
      mode: 0o755,
      content: `#!/bin/bash
source charms.reactive.sh
@hook 'config-changed'
function ask() { leader-get token || echo "leader-get exited $?" >&2; }
reactive_handler_main
`,
    },
  });

let harness: Harness;
afterEach(() => harness?.cleanUp());
const seen = (hook: string): unknown => harness.state('seen.')[`seen.${hook}`];

describe('the Harness under a Juju version', () => {
  it('runs under 3.6 unless told, and a hook sees its JUJU_VERSION', async () => {
    harness = new Harness(charm());
    expect(harness.juju.name).toBe('3.6');
    await harness.runHook('install');
    expect(seen('install')).toEqual({ version: '3.6.11', base: null, series: null });
  });

  it('refuses an unknown version in one line naming the known ones', () => {
    expect(() => new Harness(charm(), { juju: '3.5' as '3.6' })).toThrow(/^unknown Juju version "3\.5": the known ones are 2\.9, 3\.6, 4\.0$/);
  });

  it('refuses a hook the version does not have, in one line', async () => {
    harness = new Harness(charm(), { juju: '2.9' });
    await expect(harness.runHook('secret-changed', { secret: { id: 'secret://m/x' } })).rejects.toThrow(
      "runHook('secret-changed'): Juju 2.9 (JUJU_VERSION 2.9.49) has no secret-changed hook",
    );
    harness.cleanUp();
    harness = new Harness(charm(), { juju: '4.0' });
    await expect(harness.runHook('pre-series-upgrade', { targetBase: 'ubuntu@24.04' })).rejects.toThrow(
      "runHook('pre-series-upgrade'): Juju 4.0 (JUJU_VERSION 4.0.15) has no pre-series-upgrade hook",
    );
    expect(harness.history).toEqual([]);
  });

  it('gives pre-series-upgrade its target as the version does: the series on 2.9, base and series on 3.6', async () => {
    harness = new Harness(charm(), { juju: '2.9' });
    await harness.runHook('pre-series-upgrade', { targetBase: 'ubuntu@22.04' });
    expect(seen('pre-series-upgrade')).toEqual({ version: '2.9.49', base: null, series: 'jammy' });
    harness.cleanUp();
    harness = new Harness(charm());
    await harness.runHook('pre-series-upgrade', { targetBase: 'ubuntu@24.04' });
    expect(seen('pre-series-upgrade')).toEqual({ version: '3.6.11', base: 'ubuntu@24.04', series: 'noble' });
  });

  it('refuses a secret or storage hook without its secret or storage, and a storage id of another storage', async () => {
    harness = new Harness(charm());
    await expect(harness.runHook('secret-rotate')).rejects.toThrow(
      "runHook('secret-rotate'): a secret hook needs the secret it is about ({ secret: { id, label?, revision? } })",
    );
    await expect(harness.runHook('data-storage-attached')).rejects.toThrow(
      "runHook('data-storage-attached'): a storage hook needs the storage instance it is about ({ storage: { id: 'data/0' } })",
    );
    await expect(harness.runHook('data-storage-attached', { storage: { id: 'logs/0' } })).rejects.toThrow(
      `runHook('data-storage-attached'): storage id "logs/0" is not an instance of data (data/N)`,
    );
    await expect(harness.runHook('install', { secret: { id: 'secret://m/x' } })).rejects.toThrow("runHook('install'): secret is for the secret hooks");
  });

  it('under 4.0 a hook command Juju 4.0 lacks fails the hook in one line, in the handlers and in bash', async () => {
    harness = new Harness(charm(), { juju: '4.0' });
    const failed = await harness.runHook('leader-elected', { expectFailure: true });
    expect(failed.error?.message).toContain('leader-set: not a hook command of Juju 4.0 (JUJU_VERSION 4.0.15)');
    const bash = await harness.runHook('config-changed');
    expect(bash.output).toMatch(/leader-get: (command )?not found/);
    expect(bash.output).toContain('leader-get exited 127');
  });

  it('under 2.9 the secret commands are refused, under 3.6 they answer', async () => {
    harness = new Harness(charm(), { juju: '2.9' });
    const failed = await harness.runHook('upgrade-charm', { expectFailure: true });
    expect(failed.error?.message).toContain('secret-ids: not a hook command of Juju 2.9 (JUJU_VERSION 2.9.49)');
    harness.cleanUp();
    harness = new Harness(charm());
    await harness.runHook('upgrade-charm');
    expect(harness.state('secrets')).toEqual({ secrets: [] });
  });

  it('under 3.6 the same hooks run', async () => {
    harness = new Harness(charm());
    await harness.runHook('leader-elected');
    harness.tools.leaderSettings.token = 't1';
    const bash = await harness.runHook('config-changed');
    expect(bash.output).not.toContain('leader-get exited');
  });
});
