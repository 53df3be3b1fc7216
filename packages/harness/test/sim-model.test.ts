// A two-application model run for real: every hook is a process of the
// charm (layer:basic's runtime, the reactive framework, an interface layer),
// talking to the simulator through its hook tools. The tests follow one model
// through its life: deploy and relate, re-run with a config change, remove the
// relation. (Each reactive hook costs about half a second: the model is small.)
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTimeline, Simulation, type RunResult, type TimelineEntry } from '@reactive/harness';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { fixtureCharm } from './fixtures/charms.js';

const state = join(tempDir('reactive-sim-'), 'state');
let first: RunResult;

/** `unit hook (about)` lines of the entries of `unit`. */
function hooksOf(timeline: TimelineEntry[], unit: string): string[] {
  return timeline
    .filter((e) => e.unit === unit)
    .map((e) => `${e.hook}${e.remoteUnit ? ` ${e.remoteUnit}` : e.relation && e.hook.endsWith('-changed') ? ' (app)' : ''}`);
}

beforeAll(async () => {
  const sim = await Simulation.create(
    {
      applications: {
        web: { charm: fixtureCharm('web'), units: 1, config: { 'admin-pass': 'secret' } },
        db: { charm: fixtureCharm('tiny-db', { dispatch: true }), units: 2, config: {} },
      },
      relations: [['web:db', 'db:database']],
    },
    state,
  );
  first = await sim.run();
  if (!first.quiesced || first.errors.length) console.log(formatTimeline(first.timeline));
});

describe('a model of two applications and one relation', () => {
  it("runs to quiescence in Juju's order", () => {
    expect(first.quiesced).toBe(true);
    expect(first.errors).toEqual([]);
    expect(first.timeline.every((e) => e.ok && !e.skipped)).toBe(true);
    const web = hooksOf(first.timeline, 'web/0');
    expect(web.slice(0, 5)).toEqual(['install', 'db-relation-created', 'leader-elected', 'config-changed', 'start']);
    expect(hooksOf(first.timeline, 'db/0').slice(0, 5)).toEqual(['install', 'database-relation-created', 'leader-elected', 'config-changed', 'start']);
    expect(hooksOf(first.timeline, 'db/1').slice(0, 5)).toEqual(['install', 'database-relation-created', 'leader-settings-changed', 'config-changed', 'start']);
    // Per remote unit, joined then changed (at least once).
    for (const [unit, hooks] of [
      ['web/0', web],
      ['db/0', hooksOf(first.timeline, 'db/0')],
      ['db/1', hooksOf(first.timeline, 'db/1')],
    ] as const) {
      const remotes = unit === 'web/0' ? ['db/0', 'db/1'] : ['web/0'];
      const endpoint = unit === 'web/0' ? 'db' : 'database';
      for (const remote of remotes) {
        const joined = hooks.indexOf(`${endpoint}-relation-joined ${remote}`);
        expect(joined, `${unit} joined ${remote}`).toBeGreaterThan(hooks.indexOf('start'));
        expect(hooks.indexOf(`${endpoint}-relation-changed ${remote}`), `${unit} changed after joined ${remote}`).toBeGreaterThan(joined);
      }
    }
  });

  it('carries relation data both ways; relation-set queues relation-changed on the units that see it', () => {
    const sim = Simulation.load(state);
    const status = sim.status();
    const relation = status.relations.find((r) => !r.peer)!;
    expect(relation.ids).toEqual({ web: 'db:0', db: 'database:0' });
    // web asked for a database (its unit data); each db unit answered (theirs).
    expect(relation.units['web/0']).toMatchObject({ database: 'webdb' });
    for (const unit of ['db/0', 'db/1']) {
      expect(relation.units[unit]).toMatchObject({ host: status.units[unit]!.address, port: '5432', database: 'webdb', user: 'user-0', password: 'secret' });
    }
    // web's request, published in its relation-joined hook, reached db/0 as a relation-changed.
    const timeline = first.timeline;
    const published = timeline.findIndex((e) => e.unit === 'web/0' && e.hook === 'db-relation-joined');
    const answered = timeline.findIndex((e, i) => i > published && e.unit === 'db/0' && e.hook === 'database-relation-changed' && e.remoteUnit === 'web/0');
    expect(answered).toBeGreaterThan(published);
    // And db's answer made web ready.
    expect(status.units['web/0']).toMatchObject({ status: 'active', message: 'ready', ports: ['8080/tcp'] });
    expect(status.units['web/0']!.flags).toEqual(expect.arrayContaining(['db.connected', 'db.database.available', 'web.configured', 'web.installed']));
    expect(status.units['db/0']).toMatchObject({ status: 'active', message: 'serving 1 client', leader: true });
    const ready = timeline.find((e) => e.unit === 'web/0' && e.flagsSet.includes('web.configured'))!;
    expect(ready.handlers.some((h) => h.endsWith(':render_config'))).toBe(true);
    expect(ready.hook).toBe('db-relation-changed');
  });

  it("only the leader writes its application's data; the other side gets an app-level relation-changed", () => {
    const status = Simulation.load(state).status();
    const relation = status.relations.find((r) => !r.peer)!;
    expect(relation.applications).toEqual({ db: { primary: 'db/0' } });
    const appChanged = first.timeline.filter((e) => e.unit === 'web/0' && e.hook === 'db-relation-changed' && !e.remoteUnit);
    expect(appChanged).toHaveLength(1);
    expect(appChanged[0]).toMatchObject({ remoteApp: 'db', relation: 'db:0' });
    // db's units never see their own app data change.
    expect(first.timeline.filter((e) => e.unit.startsWith('db/') && e.hook === 'database-relation-changed' && !e.remoteUnit)).toEqual([]);
  });

  it('is saved in its folder: loaded again, a config change fires config-changed on every unit of the app', async () => {
    const sim = Simulation.load(state);
    expect(sim.history()).toHaveLength(first.timeline.length);
    sim.setConfig('web', { port: '9090' });
    const again = await Simulation.load(state).run();
    expect(again.timeline.map((e) => `${e.unit} ${e.hook}`)).toEqual(['web/0 config-changed']);
    expect(again.timeline[0]!.handlers.some((h) => h.endsWith(':render_config'))).toBe(true);
    expect(Simulation.load(state).status().units['web/0']!.ports).toEqual(['8080/tcp', '9090/tcp']);
    expect(formatTimeline(again.timeline)).toMatch(/^web\/0 {2}config-changed {2}✓ {2}handlers: .*render_config.* {2}\[active: ready\]\n$/);
  });

  it('removing the relation takes every unit through departed (per remote unit) then broken', async () => {
    const sim = Simulation.load(state);
    sim.removeRelation('web:db', 'db:database');
    const removal = await sim.run();
    if (!removal.quiesced) console.log(formatTimeline(removal.timeline));
    expect(removal.quiesced).toBe(true);
    const lines = (unit: string) =>
      removal.timeline
        .filter((e) => e.unit === unit)
        .map((e) => `${e.hook}${e.remoteUnit ? ` ${e.remoteUnit}` : ''}${e.departingUnit ? ` departing=${e.departingUnit}` : ''}`);
    expect(lines('web/0')).toEqual(['db-relation-departed db/0 departing=db/0', 'db-relation-departed db/1 departing=db/1', 'db-relation-broken']);
    expect(lines('db/0')).toEqual(['database-relation-departed web/0 departing=web/0', 'database-relation-broken']);
    expect(lines('db/1')).toEqual(['database-relation-departed web/0 departing=web/0', 'database-relation-broken']);
    expect(removal.timeline.every((e) => e.ok)).toBe(true);
    const status = sim.status();
    expect(status.relations).toEqual([]);
    expect(status.units['web/0']).toMatchObject({ status: 'blocked', message: 'needs a database' });
    expect(status.units['web/0']!.flags).not.toContain('db.database.available');
    // The flags went with the last remote unit.
    const last = removal.timeline.find((e) => e.unit === 'web/0' && e.remoteUnit === 'db/1')!;
    expect(last.flagsCleared).toEqual(expect.arrayContaining(['db.connected', 'db.database.available', 'endpoint.db.joined', 'web.configured']));
  });
});
