// `reactive history` and `reactive why`, on the flight records of a charm with
// chained handlers, an endpoint (db, pgsql) and a bash handler, run by the
// Harness through five hooks, the last of which fails.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { Harness } from '@reactive/harness';
import { cli, newStatePath } from './helpers.js';

const root = join(import.meta.dirname, '..', '..', '..');
const charm = join(root, 'test-fixtures', 'why-charm');
const database = { host: '"db-0.local"', port: '5432', database: '"why"', user: '"why"', password: '"pw"' };

let harness: Harness;
let state: string;
const reactive = (...args: string[]) => cli([...args, '--state', state]);

beforeAll(async () => {
  harness = new Harness(charm, { unit: 'why/0', interfacePath: [join(root, 'examples', 'interfaces')] });
  await harness.runHook('install');
  await harness.runHook('config-changed');
  const rid = harness.addRelation('db', 'tiny-db', { units: { 'tiny-db/0': {} } });
  await harness.runHook('db-relation-joined', { relationId: rid, remoteUnit: 'tiny-db/0' });
  harness.setRemoteData(rid, 'tiny-db/0', database);
  await harness.runHook('db-relation-changed', { relationId: rid, remoteUnit: 'tiny-db/0' });
  harness.updateConfig({ explode: true });
  await harness.runHook('config-changed', { expectFailure: true });
  state = harness.unitStatePath;
}, 60_000);
afterAll(() => harness?.cleanUp());

describe('reactive history', () => {
  it('prints one line per hook: number, time, hook, result, flags changed, handlers run', () => {
    const { status, stdout, stderr } = reactive('history');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'TIME').replace(/ \d+ ms /, ' N ms '));
    expect(lines).toEqual([
      '#1  TIME  install  ok  N ms  +app.installed +app.configured +app.waiting  ran 3: install, configure, waitForDb',
      '#2  TIME  config-changed  ok  N ms  no flag changed  ran 1: waitForDb',
      '#3  TIME  db-relation-joined  ok  N ms  +endpoint.db.joined +db.connected +db.database.requested  ran 2: requestDatabase, waitForDb',
      '#4  TIME  db-relation-changed  ok  N ms  +endpoint.db.changed.host +endpoint.db.changed.port +endpoint.db.changed.database +endpoint.db.changed.user +endpoint.db.changed.password +db.database.available +app.started -app.waiting +app.notified  ran 3: start, explodeOnRequest, reactive/notify.sh',
      '#5  TIME  config-changed  FAILED in explodeOnRequest  N ms  +config.changed +config.changed.explode +config.set.explode (rolled back)  ran 2: start, explodeOnRequest',
    ]);
  });

  it('-n keeps the last N; --json prints the records', () => {
    expect(
      reactive('history', '-n', '2')
        .stdout.split('\n')
        .filter(Boolean)
        .map((line) => line.split('  ')[0]),
    ).toEqual(['#4', '#5']);
    const records = JSON.parse(reactive('history', '--json', '-n', '1').stdout);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ seq: 5, hook: 'config-changed', result: 'failed', error: 'told to explode' });
    expect(records[0].failedHandler).toMatch(/^reactive\/app\.js:\d+:explodeOnRequest$/);
  });

  it('N shows one hook in full: handlers in order, each flag change with who made it, why the others did not run', () => {
    const { status, stdout } = reactive('history', '4');
    expect(status).toBe(0);
    const text = stdout.replace(/, \S+Z, \d+ ms:/, ', TIME, N ms:');
    expect(text).toContain('hook #4 db-relation-changed, TIME, N ms: ok\nhandlers run:\n');
    expect(text).toMatch(
      / {2}1\. reactive\/app\.js:\d+:start {2}\(other phase, iteration 0\)\n {2}2\. reactive\/app\.js:\d+:explodeOnRequest {2}\(other phase, iteration 1\)\n {2}3\. reactive\/notify\.sh "b''" {2}\(other phase, iteration 1\)\n/,
    );
    expect(text).toMatch(/\+ db\.database\.available +by \(hook start\)\n/);
    expect(text).toMatch(/\+ app\.started +by reactive\/app\.js:\d+:start\n/);
    expect(text).toMatch(/- app\.waiting +by reactive\/app\.js:\d+:start\n/);
    expect(text).toMatch(/\+ app\.notified +by reactive\/notify\.sh "b''"\n/);
    expect(text).toMatch(/tested, not run:\n {2}reactive\/app\.js:\d+:install: hook db-relation-changed does not match install\n/);
    expect(text).toMatch(/reactive\/app\.js:\d+:waitForDb: flag db\.database\.available is set\n/);
  });

  it('the failed hook shows its handler and error; its flags are those it rolled back to', () => {
    const text = reactive('history', '5').stdout;
    expect(text).toMatch(/FAILED\n {2}failed in reactive\/app\.js:\d+:explodeOnRequest: told to explode\n {2}\(its flag changes were rolled back\)\n/);
    expect(text).not.toMatch(/flags at the end:.*config\.set\.explode/);
    expect(harness.flags()).not.toContain('config.set.explode');
  });
});

describe('reactive why', () => {
  it('a handler that did not run: its first failing condition, its conditions with their values, when it last ran', () => {
    const { status, stdout } = reactive('why', 'start', '--hook', '2');
    expect(status).toBe(0);
    expect(stdout.replace(/\(\d{4}-\S+ \S+, ok\)/, '(TIME, ok)')).toMatch(
      /^handler reactive\/app\.js:\d+:start\nin hook #2 config-changed \(TIME, ok\):\n {2}did not run: flag db\.database\.available is not set\nconditions, at the end of the hook:\n {2}when app\.configured, db\.database\.available: does not hold\n {4}app\.configured: set\n {4}db\.database\.available: not set\nlast ran: not in the 2 hooks kept\n$/,
    );
  });

  it('a handler that ran, and one never tested (a flag it needs is not set)', () => {
    expect(reactive('why', 'start').stdout).toMatch(
      /in hook #5 config-changed \(.*, failed\):\n {2}ran \(other phase, iteration 0\)\n[\s\S]*last ran: hook #5 config-changed/,
    );
    const requested = reactive('why', 'requestDatabase', '--hook', '1').stdout;
    expect(requested).toContain('  was not tested: flag db.connected is not set (dispatch tests a handler only when the flags it needs can hold)\n');
  });

  it('the handler that failed a hook, and a bash handler by its file name', () => {
    expect(reactive('why', 'explodeOnRequest').stdout).toContain('  ran and FAILED: told to explode\n');
    const bash = reactive('why', 'notify.sh').stdout;
    expect(bash).toMatch(/^handler reactive\/notify\.sh "b''"\n/);
    expect(bash).toContain('  did not run: external --test said no (exit 1)\n');
    expect(bash).toContain('conditions, at the end of the hook:\n  external: its --test decides\n');
    expect(bash).toMatch(/last ran: hook #4 db-relation-changed/);
  });

  it('a flag: its value, who set or cleared it and in which hook, and the handlers waiting on it', () => {
    const { status, stdout } = reactive('why', 'app.waiting');
    expect(status).toBe(0);
    const text = stdout.replace(/ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)/g, '');
    expect(text).toMatch(
      /^flag app\.waiting: not set at the end of hook #5 config-changed \(which failed and was rolled back\)\nchanges, newest first:\n {2}hook #4 db-relation-changed: cleared by reactive\/app\.js:\d+:start\n {2}hook #1 install: set by reactive\/app\.js:\d+:waitForDb\nhandlers that read it: none\n$/,
    );
    const available = reactive('why', 'db.database.available').stdout;
    expect(available).toMatch(/ {2}reactive\/app\.js:\d+:start: when app\.configured, db\.database\.available \(holds\)\n/);
    expect(available).toMatch(/ {2}reactive\/app\.js:\d+:waitForDb: whenNot db\.database\.available \(waits: flag db\.database\.available is set\)\n/);
  });

  it("a flag a bash handler's decorators read: each of its functions that reads it, said to hold or to wait", () => {
    expect(reactive('why', 'app.started').stdout).toContain('\n  reactive/notify.sh:7:notify: when app.started (holds)\n');
    expect(reactive('why', 'app.notified').stdout).toContain(
      'handlers that read it:\n  reactive/notify.sh:7:notify: whenNot app.notified (waits: flag app.notified is set)\n',
    );
  });
});

describe('bad input: one line, exit 2, nothing changed', () => {
  it('an unknown handler or flag suggests the nearest names', () => {
    expect(reactive('why', 'strat')).toEqual({
      status: 2,
      stdout: '',
      stderr: `charms.reactive why: no handler or flag "strat" in the unit's flight records (did you mean start?)\n`,
    });
    expect(reactive('why', 'app.wating').stderr).toContain('(did you mean app.waiting?)');
  });

  it('an unknown hook number, and a bad count', () => {
    expect(reactive('history', '99')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'charms.reactive history: no hook number 99: the records kept are of hooks #1 to #5\n',
    });
    expect(reactive('why', 'start', '--hook', 'x').stderr).toBe('charms.reactive why: no hook number x: the records kept are of hooks #1 to #5\n');
    expect(reactive('history', '-n', '0').status).toBe(2);
  });

  it('no unit state, and a unit state without records', async () => {
    const missing = newStatePath();
    expect(cli(['history', '--state', missing])).toEqual({ status: 2, stdout: '', stderr: `charms.reactive history: no unit state at ${missing}\n` });
    expect(existsSync(missing)).toBe(false);
    const empty = newStatePath();
    const store = UnitState.open(empty);
    store.set('reactive.states.x', null);
    store.commit();
    await store.close();
    const result = cli(['why', 'x', '--state', empty]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^charms\.reactive why: no flight record in .* yet: no hook has run on this unit since it was made by this version\n$/);
  });

  it('a corrupt record', async () => {
    const copy = newStatePath();
    const { copyFileSync } = await import('node:fs');
    copyFileSync(state, copy);
    const store = UnitState.open(copy);
    const name = store.entryNames('reactive.flight/hook/').at(-1)!;
    store.setEntry(name, '{"seq": 5,');
    store.commit();
    await store.close();
    expect(cli(['history', '--state', copy])).toEqual({
      status: 1,
      stdout: '',
      stderr: `charms.reactive history: unit state ${copy}: flight record entry ${name} is corrupt\n`,
    });
  });
});
