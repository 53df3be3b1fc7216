import { afterEach, describe, expect, it } from 'vitest';
import { Harness, HookFailedError } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

const charm = () =>
  makeCharm({
    'metadata.yaml': 'name: web\nrequires:\n  db: {interface: pgsql}\n',
    'config.yaml': 'options:\n  port: {type: int, default: 80, description: port}\n',
    'hooks/relations/pgsql/requires.js': `
      import { Endpoint } from '@reactive/endpoints';
      import { when } from '@reactive/bus';
      import { setFlag, clearFlag } from '@reactive/flags';
      export class PgsqlRequires extends Endpoint {
        changed() {
          const host = this.allJoinedUnits.received.get('host');
          if (host) setFlag(this.expandName('{endpoint_name}.available'));
          else clearFlag(this.expandName('{endpoint_name}.available'));
          clearFlag(this.expandName('changed'));
        }
        host() { return this.allJoinedUnits.received.get('host'); }
      }
      when('endpoint.{endpoint_name}.changed')(PgsqlRequires.prototype.changed);
    `,
    'reactive/web.js': `
      import { setFlag, clearFlag } from '@reactive/flags';
      import { config, statusSet } from '@reactive/hookenv';
      import { Endpoint } from '@reactive/endpoints';
      import { when, whenNot } from '@reactive/bus';
      whenNot('db.available')(async function waiting() { await statusSet('blocked', 'needs a database'); });
      when('db.available', 'config.set.port')(async function ready() {
        Endpoint.fromName('db').relations[0].toPublish.set('database', 'web');
        await statusSet('active', 'serving on ' + config().get('port') + ' with ' + Endpoint.fromName('db').host());
      });
      when('config.changed.port')(function portChanged() { setFlag('web.restart'); });
      when('web.restart')(function restart() { clearFlag('web.restart'); });
    `,
  });

let harness: Harness;
afterEach(() => harness?.cleanUp());

describe('Harness', () => {
  it('runs hooks in order against a model of one unit, keeping state between them', async () => {
    harness = new Harness(charm(), { unit: 'web/0', config: { port: 8080 } });
    const install = await harness.runHook('install');
    expect(harness.status).toEqual({ status: 'blocked', message: 'needs a database' });
    expect(install.handlers.map((id) => id.split(':').at(-1))).toEqual(['waiting', 'portChanged', 'restart']);

    const rid = harness.addRelation('db', 'postgresql', { units: { 'postgresql/0': {} } });
    await harness.runHook('db-relation-joined', { relationId: rid, remoteUnit: 'postgresql/0' });
    harness.setRemoteData(rid, 'postgresql/0', { host: '"10.0.0.9"' });
    const changed = await harness.runHook('db-relation-changed', { relationId: rid, remoteUnit: 'postgresql/0' });
    expect(changed.flags).toContain('db.available');
    expect(harness.status).toEqual({ status: 'active', message: 'serving on 8080 with 10.0.0.9' });
    expect(harness.published(rid)).toEqual({ database: '"web"' });

    const again = await harness.runHook('update-status');
    expect(again.handlers.map((id) => id.split(':').at(-1))).toEqual(['ready']);
    harness.updateConfig({ port: 9090 });
    const config = await harness.runHook('config-changed');
    expect(config.handlers.map((id) => id.split(':').at(-1))).toEqual(['ready', 'portChanged', 'restart']);
  });

  const failing = () =>
    makeCharm({
      'metadata.yaml': 'name: x\n',
      'actions.yaml': 'backup: {}\n',
      'reactive/x.js': `import { setFlag } from '@reactive/flags'; import { hook, whenNot } from '@reactive/bus';
        whenNot('a')(function a() { setFlag('a'); });
        whenNot('b')(function b() {
          throw new Error('broken');
        });
        hook('backup')(function backup() { throw new Error('no space left'); });`,
    });

  it('rejects a failing hook with its error, naming the handler that raised it and pointing at its line', async () => {
    harness = new Harness(failing());
    const error = await harness.runHook('install').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HookFailedError);
    const failed = error as HookFailedError;
    expect(failed.message).toMatch(/^install failed in handler reactive\/x\.js:\d+:b: Error: broken$/);
    expect(failed.handlerId).toMatch(/^reactive\/x\.js:\d+:b$/);
    expect(failed.stack!.split('\n')[1]).toMatch(/^\s+at b \(.*\/reactive\/x\.js.*:4:\d+\)$/);
    expect(failed.result).toMatchObject({ hook: 'install', ok: false, flags: [] });
    expect(harness.history).toEqual([failed.result]);
    await expect(harness.runAction('backup')).rejects.toThrow(/^backup failed in handler reactive\/x\.js:\d+:backup: Error: no space left$/);
  });

  it('with expectFailure, resolves with the failed run, which committed nothing, and rejects a run that succeeds', async () => {
    harness = new Harness(failing());
    const result = await harness.runHook('install', { expectFailure: true });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/^install failed in handler .*:b: Error: broken$/);
    expect(result.flags).toEqual([]);
    expect(result.handlers.map((id) => id.split(':').at(-1))).toEqual(['a', 'b']);
    expect((await harness.runAction('backup', {}, { expectFailure: true })).ok).toBe(false);
    const quiet = new Harness(makeCharm({ 'metadata.yaml': 'name: y\n' }));
    await expect(quiet.runHook('install', { expectFailure: true })).rejects.toThrow(
      'install succeeded, and the test expected it to fail ({ expectFailure: true })',
    );
    quiet.cleanUp();
  });

  it('refuses a remote unit without its relation', async () => {
    harness = new Harness(failing());
    await expect(harness.runHook('db-relation-changed', { remoteUnit: 'pg/0' })).rejects.toThrow(
      "runHook('db-relation-changed'): remoteUnit needs the relationId of its relation",
    );
  });

  it('lastHook() and flightRecords() are the flight records of the unit, a failed hook included', async () => {
    harness = new Harness(
      makeCharm({
        'metadata.yaml': 'name: x\n',
        'config.yaml': 'options:\n  fail: {type: boolean, default: false}\n',
        'reactive/x.js': `import { setFlag } from '@reactive/flags'; import { config } from '@reactive/hookenv'; import { when, whenNot } from '@reactive/bus';
        whenNot('a')(function a() { setFlag('a'); });
        when('a', 'b')(function needsB() {});
        when('config.set.fail')(function fails() { if (config().get('fail')) throw new Error('asked to fail'); });`,
      }),
    );
    expect(harness.lastHook()).toBeUndefined();
    await harness.runHook('install');
    expect(harness.lastHook()).toMatchObject({ seq: 1, hook: 'install', result: 'ok' });
    expect(harness.lastHook()!.invoked.map((i) => i.handler.split(':').at(-1))).toEqual(['a']);
    expect(harness.lastHook()!.notRun).toEqual([{ handler: expect.stringMatching(/:needsB$/), reason: 'flag b is not set' }]);
    harness.updateConfig({ fail: true });
    await harness.runHook('config-changed', { expectFailure: true });
    expect(harness.lastHook()).toMatchObject({ seq: 2, result: 'failed', error: 'asked to fail' });
    expect(harness.flightRecords().map((r) => r.hook)).toEqual(['install', 'config-changed']);
  });

  it('runs actions with parameters', async () => {
    harness = new Harness(
      makeCharm({
        'metadata.yaml': 'name: x\n',
        'reactive/x.js': `import { hookenvActionSet } from './helper.js'; import { hook } from '@reactive/bus';
        hook('backup')(async function backup() { await hookenvActionSet(); });`,
        'reactive/helper.js': `import { hookTools } from '@reactive/hookenv';
        export async function hookenvActionSet() { const target = await hookTools().actionGet('target'); await hookTools().actionSet({ saved: target }); }`,
      }),
    );
    await harness.runAction('backup', { target: 's3' });
    expect(harness.tools.actionResults).toEqual({ saved: 's3' });
  });

  it('keeps a removed remote unit readable in its departed hook, as Juju does, and only there', async () => {
    harness = new Harness(
      makeCharm({
        'metadata.yaml': 'name: x\nrequires:\n  db: {interface: pgsql}\n',
        'reactive/x.js': `import { hook } from '@reactive/bus';
        import { relationGet, relatedUnits, relationId, statusSet } from '@reactive/hookenv';
        hook('db-relation-{departed,changed}')(async function seen() {
          const host = await relationGet({ relationId: relationId(), unit: 'pg/0', key: 'host' });
          await statusSet('active', String(host) + ' of ' + (await relatedUnits(relationId())).join(','));
        });`,
      }),
    );
    const rid = harness.addRelation('db', 'pg', { units: { 'pg/0': { host: 'a' }, 'pg/1': { host: 'b' } } });
    harness.removeRemoteUnit(rid, 'pg/0');
    await harness.runHook('db-relation-departed', { relationId: rid, remoteUnit: 'pg/0' });
    expect(harness.status).toEqual({ status: 'active', message: 'a of pg/1' });
    // Later, Juju answers relation-get of the unit that left with an error (exit 1), which fails the hook.
    await expect(harness.runHook('db-relation-changed', { relationId: rid, remoteUnit: 'pg/1' })).rejects.toThrow(
      'cannot read settings for unit "pg/0" in relation "db:0": unit "pg/0": settings not found',
    );
  });
});
