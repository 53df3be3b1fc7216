import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_JUJU_VERSION,
  hasHook,
  hasHookCommand,
  JUJU_VERSIONS,
  jujuHasLeaderSettings,
  jujuHasSeriesUpgrades,
  jujuVersion,
  runningJujuMajor,
} from '@reactive/hookenv';

const saved = process.env.JUJU_VERSION;
afterEach(() => {
  if (saved === undefined) delete process.env.JUJU_VERSION;
  else process.env.JUJU_VERSION = saved;
});

describe('the Juju versions table', () => {
  it('gives each version its JUJU_VERSION, 3.6 by default', () => {
    expect(Object.keys(JUJU_VERSIONS)).toEqual(['2.9', '3.6', '4.0']);
    expect(Object.values(JUJU_VERSIONS).map((v) => v.version)).toEqual(['2.9.49', '3.6.11', '4.0.15']);
    expect(DEFAULT_JUJU_VERSION).toBe('3.6');
  });

  it('refuses an unknown version in one line naming the known ones', () => {
    expect(() => jujuVersion('3.5')).toThrow(/^unknown Juju version "3\.5": the known ones are 2\.9, 3\.6, 4\.0$/);
    expect(jujuVersion('4.0').name).toBe('4.0');
  });

  it('has secrets from 3.6, leader settings and series upgrades before 4.0, metrics only in 2.9', () => {
    const [v29, v36, v40] = (['2.9', '3.6', '4.0'] as const).map(jujuVersion);
    const has = (command: string) => [v29!, v36!, v40!].map((v) => hasHookCommand(v, command));
    expect(has('secret-get')).toEqual([false, true, true]);
    expect(has('relation-model-get')).toEqual([false, true, true]);
    expect(has('leader-set')).toEqual([true, true, false]);
    expect(has('add-metric')).toEqual([true, false, false]);
    expect(has('is-leader')).toEqual([true, true, true]);
    const hook = (name: string) => [v29!, v36!, v40!].map((v) => hasHook(v, name));
    expect(hook('secret-changed')).toEqual([false, true, true]);
    expect(hook('pre-series-upgrade')).toEqual([true, true, false]);
    expect(hook('collect-metrics')).toEqual([true, false, false]);
    expect(hook('db-relation-joined')).toEqual([true, true, true]);
    expect(hook('data-storage-detaching')).toEqual([true, true, true]);
    expect(hook('storage-attached')).toEqual([false, false, false]);
    expect(hook('no-such-hook')).toEqual([false, false, false]);
    expect([v29!, v36!, v40!].map((v) => v.targetVariables)).toEqual([['JUJU_TARGET_SERIES'], ['JUJU_TARGET_BASE', 'JUJU_TARGET_SERIES'], []]);
  });

  it('tells from JUJU_VERSION what the running Juju has, assuming 3.x when it is not set', () => {
    delete process.env.JUJU_VERSION;
    expect([runningJujuMajor(), jujuHasLeaderSettings(), jujuHasSeriesUpgrades()]).toEqual([undefined, true, true]);
    process.env.JUJU_VERSION = '4.0.15';
    expect([runningJujuMajor(), jujuHasLeaderSettings(), jujuHasSeriesUpgrades()]).toEqual([4, false, false]);
    process.env.JUJU_VERSION = '2.9.49';
    expect([runningJujuMajor(), jujuHasLeaderSettings(), jujuHasSeriesUpgrades()]).toEqual([2, true, true]);
  });
});
