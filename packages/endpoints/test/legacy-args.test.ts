import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

describe('handler arguments from legacy conversation flags', () => {
  it("a `when` handler with a parameter receives the flag's RelationBase", async () => {
    const dir = makeCharm({
      'metadata.yaml': 'name: app\nrequires:\n  db: {interface: mysql}\n',
      'hooks/relations/mysql/requires.js': `
        import { RelationBase, scopes } from '@reactive/endpoints';
        import { hook } from '@reactive/bus';
        // MysqlBase comes first in alphabetical order; Python passes the most derived class.
        export class MysqlBase extends RelationBase { static scope = scopes.GLOBAL; }
        export class MysqlRequires extends MysqlBase {}
        hook('{requires:mysql}-relation-joined')(async function joined() {
          (await MysqlRequires.fromName('db')).setFlag('{relation_name}.connected');
        });
      `,
      'reactive/app.js': `
        import { unitState } from '@reactive/hookenv';
        import { when } from '@reactive/bus';
        when('db.connected')(function connected(db) {
          unitState().set('seen.' + process.env.JUJU_HOOK_NAME, [db.constructor.name, db.relationName]);
        });
      `,
    });
    const tools = new MemoryHookTools({ unit: 'app/0' });
    const rid = tools.addRelation('db', 'mysql', { units: { 'mysql/0': {} } });
    const error = await runHook(dir, 'db-relation-joined', {
      tools,
      env: { JUJU_RELATION: 'db', JUJU_RELATION_ID: rid, JUJU_REMOTE_UNIT: 'mysql/0' },
    });
    expect(error).toBeUndefined();
    // A later hook, where no lookup has cached a class yet.
    const changed = await runHook(dir, 'db-relation-changed', {
      tools,
      env: { JUJU_RELATION: 'db', JUJU_RELATION_ID: rid, JUJU_REMOTE_UNIT: 'mysql/0' },
    });
    expect(changed).toBeUndefined();
    const state = await committedState(dir);
    expect(state['seen.db-relation-joined']).toEqual(['MysqlRequires', 'db']);
    expect(state['seen.db-relation-changed']).toEqual(['MysqlRequires', 'db']);
  });
});

describe('hook() handlers receive the relation object of JUJU_RELATION', () => {
  const metadata = 'name: app\nrequires:\n  db: {interface: pgsql}\n  cache: {interface: memcache}\n';
  const layers = {
    'metadata.yaml': metadata,
    // An interface layer of the legacy API, and one of Endpoints, each with a hook() handler.
    'hooks/relations/pgsql/requires.js': `
      import { RelationBase, scopes } from '@reactive/endpoints';
      import { hook } from '@reactive/bus';
      import { unitState } from '@reactive/hookenv';
      export class PgsqlBase extends RelationBase { static scope = scopes.GLOBAL; }
      export class PgsqlRequires extends PgsqlBase {}
      hook('{requires:pgsql}-relation-changed')(function changed(pgsql) {
        unitState().set('pgsql', [pgsql?.constructor.name, pgsql?.relationName]);
      });
    `,
    'hooks/relations/memcache/requires.js': `
      import { Endpoint } from '@reactive/endpoints';
      import { hook } from '@reactive/bus';
      import { unitState } from '@reactive/hookenv';
      export class MemcacheRequires extends Endpoint {}
      hook('{requires:memcache}-relation-joined')(function joined(...args) {
        unitState().set('memcache', args.map((arg) => [arg.constructor.name, arg.endpointName]));
      });
    `,
    'reactive/app.js': `
      import { hook } from '@reactive/bus';
      import { unitState } from '@reactive/hookenv';
      hook('install', 'db-relation-changed')(function any(relation) {
        unitState().set('app.' + process.env.JUJU_HOOK_NAME, relation === undefined ? 'none' : relation.constructor.name);
      });
    `,
  };

  it('passes the RelationBase or Endpoint of the hook relation, in interface layers and charm layers', async () => {
    const dir = makeCharm(layers);
    const tools = new MemoryHookTools({ unit: 'app/0' });
    const db = tools.addRelation('db', 'postgresql', { units: { 'postgresql/0': {} } });
    const cache = tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    const relEnv = (rid: string, unit: string) => ({ JUJU_RELATION: rid.split(':')[0], JUJU_RELATION_ID: rid, JUJU_REMOTE_UNIT: unit });
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    expect(await runHook(dir, 'db-relation-changed', { tools, env: relEnv(db, 'postgresql/0') })).toBeUndefined();
    expect(await runHook(dir, 'cache-relation-joined', { tools, env: relEnv(cache, 'memcached/0') })).toBeUndefined();
    const state = await committedState(dir);
    expect(state.pgsql).toEqual(['PgsqlRequires', 'db']);
    expect(state.memcache).toEqual([['MemcacheRequires', 'cache']]);
    expect(state['app.install']).toBe('none');
    expect(state['app.db-relation-changed']).toBe('PgsqlRequires');
  });
});
