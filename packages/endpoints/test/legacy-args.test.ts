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
        export class MysqlRequires extends RelationBase { static scope = scopes.GLOBAL; }
        hook('{requires:mysql}-relation-joined')(async function joined() {
          (await MysqlRequires.fromName('db')).setFlag('{relation_name}.connected');
        });
      `,
      'reactive/app.js': `
        import { unitState } from '@reactive/hookenv';
        import { when } from '@reactive/bus';
        when('db.connected')(function connected(db) {
          unitState().set('seen', [db.constructor.name, db.relationName]);
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
    expect((await committedState(dir)).seen).toEqual(['MysqlRequires', 'db']);
  });
});
