import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { FLIGHT_RECORDER_ENV, FlightRecordError, KEPT_RECORDS, readFlightRecords, readHandlerCatalogue, type FlightRecord } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

const imports = `
import { setFlag, clearFlag } from '@reactive/flags';
import { atStart, unitState } from '@reactive/hookenv';
import { hook, when, whenAny, whenNot, whenNotAll } from '@reactive/bus';
`;

/** A charm of chained handlers: install -> configured -> running, with handlers that wait. */
const CHAINED = `${imports}
atStart(() => { setFlag('started.by.callback'); setFlag('blocked'); });
hook('install')(function install() { setFlag('installed'); });
when('installed')(whenNot('configured')(function configure() { setFlag('configured'); }));
when('configured')(function start() { setFlag('running'); clearFlag('installed'); });
when('installed')(whenNot('blocked')(function blockedOne() {}));
when('configured', 'db.available')(function needsDb() {});
whenAny('a', 'b')(function eitherAB() {});
whenNotAll('started.by.callback', 'blocked')(function notBoth() {});
hook('upgrade-charm')(function upgrade() {});
`;

async function records(dir: string): Promise<FlightRecord[]> {
  const state = UnitState.open(join(dir, '.unit-state.lmdb'));
  try {
    return readFlightRecords(state);
  } finally {
    await state.close();
  }
}

describe('flight record', () => {
  it('records the flags each handler changed, the handlers run in order, and why the others did not run', async () => {
    const dir = makeCharm({ 'reactive/a.js': CHAINED });
    expect(await runHook(dir, 'install')).toBeUndefined();
    const [record] = await records(dir);
    const id = (name: string) => record!.invoked.find((i) => i.handler.endsWith(`:${name}`))?.handler;
    expect(record).toMatchObject({ seq: 1, hook: 'install', result: 'ok', flags: ['blocked', 'configured', 'running', 'started.by.callback'] });
    expect(record!.invoked.map((i) => [i.handler.split(':').pop(), i.phase, i.iteration])).toEqual([
      ['install', 'hooks', 0],
      ['configure', 'other', 0],
      ['start', 'other', 1],
    ]);
    expect(record!.changes).toEqual([
      { flag: 'started.by.callback', change: 'set', by: '(hook start)' },
      { flag: 'blocked', change: 'set', by: '(hook start)' },
      { flag: 'installed', change: 'set', by: id('install') },
      { flag: 'configured', change: 'set', by: id('configure') },
      { flag: 'running', change: 'set', by: id('start') },
      { flag: 'installed', change: 'cleared', by: id('start') },
    ]);
    const reasons = Object.fromEntries(record!.notRun.map(({ handler, reason }) => [handler.split(':').pop(), reason]));
    expect(reasons).toEqual({
      upgrade: 'hook install does not match upgrade-charm',
      blockedOne: 'flag blocked is set',
      needsDb: 'flag db.available is not set',
      notBoth: 'flags started.by.callback, blocked are all set',
    });
    expect(record!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(record!.ms).toBeGreaterThanOrEqual(0);
  });

  it('keeps a catalogue of every handler with its conditions', async () => {
    const dir = makeCharm({ 'reactive/a.js': CHAINED });
    await runHook(dir, 'install');
    const state = UnitState.open(join(dir, '.unit-state.lmdb'));
    const catalogue = readHandlerCatalogue(state);
    await state.close();
    const byName = Object.fromEntries(Object.entries(catalogue).map(([id, entry]) => [id.split(':').pop(), entry.conditions]));
    expect(byName.configure).toEqual([
      { kind: 'whenNot', flags: ['configured'] },
      { kind: 'when', flags: ['installed'] },
    ]);
    expect(byName.install).toEqual([{ kind: 'hook', patterns: ['install'] }]);
    expect(byName.needsDb).toEqual([{ kind: 'when', flags: ['configured', 'db.available'] }]);
    expect(Object.keys(byName)).toHaveLength(8);
  });

  it('keeps the record of a failed hook, apart from the rolled-back state', async () => {
    const dir = makeCharm({ 'reactive/a.js': CHAINED });
    await runHook(dir, 'install');
    const before = await committedState(dir);
    const failing = `${imports}
      when('running')(function first() { setFlag('half.done'); });
      when('half.done')(function breaks() { throw new Error('disk full'); });`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'reactive/a.js'), failing);
    expect(await runHook(dir, 'config-changed')).toBeInstanceOf(Error);
    expect(await committedState(dir)).toEqual(before);
    const [, record] = await records(dir);
    expect(record).toMatchObject({ seq: 2, hook: 'config-changed', result: 'failed', error: 'disk full' });
    expect(record!.failedHandler).toMatch(/reactive\/a\.js:\d+:breaks$/);
    expect(record!.changes.map((c) => c.flag)).toEqual(['half.done']);
    expect(record!.flags).toEqual(['blocked', 'configured', 'running', 'started.by.callback']);
  });

  it(`keeps the last ${KEPT_RECORDS} hooks`, async () => {
    const dir = makeCharm({ 'reactive/a.js': `${imports} hook('update-status')(function tick() {});` });
    for (let i = 0; i < KEPT_RECORDS + 3; i++) await runHook(dir, 'update-status');
    const kept = await records(dir);
    expect(kept).toHaveLength(KEPT_RECORDS);
    expect(kept[0]!.seq).toBe(4);
    expect(kept.at(-1)!.seq).toBe(KEPT_RECORDS + 3);
  });

  it(`records nothing with ${FLIGHT_RECORDER_ENV}=off`, async () => {
    const dir = makeCharm({ 'reactive/a.js': CHAINED });
    expect(await runHook(dir, 'install', { env: { [FLIGHT_RECORDER_ENV]: 'off' } })).toBeUndefined();
    delete process.env[FLIGHT_RECORDER_ENV];
    expect(await records(dir)).toEqual([]);
  });

  it('names the entry of a corrupt record', async () => {
    const dir = makeCharm({ 'reactive/a.js': CHAINED });
    await runHook(dir, 'install');
    const state = UnitState.open(join(dir, '.unit-state.lmdb'));
    const [name] = state.entryNames('reactive.flight/hook/');
    state.setEntry(name!, '{"seq": 1, "hook":');
    state.commit();
    expect(() => readFlightRecords(state)).toThrow(FlightRecordError);
    expect(() => readFlightRecords(state)).toThrow(`flight record entry ${name} is corrupt`);
    await state.close();
  });
});
