import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

/** A charm that records, in its db hooks, what relation-ids, relation-list and relation-get -r answer. */
const charm = (): string =>
  makeCharm({
    'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pgsql}\n',
    'reactive/app.js': `
      import { hookName, hookTools, relationId, unitState } from '@reactive/hookenv';
      import { hook } from '@reactive/bus';
      hook('db-relation-{joined,broken}')(async function look() {
        const tools = hookTools();
        const id = relationId();
        const seen = { ids: await tools.relationIds('db'), units: await tools.relationList(id), app: await tools.relationRemoteApp(id) };
        unitState().set('seen.' + hookName(), seen);
      });
      hook('update-status')(async function count() {
        unitState().set('seen.update-status', { ids: await hookTools().relationIds('db') });
      });
    `,
  });

let harness: Harness;
afterEach(() => harness?.cleanUp());
const seen = (hook: string): unknown => harness.state('seen.')[`seen.${hook}`];

describe('a relation removed in the Harness', () => {
  it('stays readable in its broken hook, as in Juju: relation-ids lists it, relation-list is empty; then it is gone', async () => {
    harness = new Harness(charm(), { unit: 'app/0' });
    const rid = harness.addRelation('db', 'postgresql', { units: { 'postgresql/0': {} } });
    await harness.runHook('db-relation-joined', { relationId: rid, remoteUnit: 'postgresql/0' });
    expect(seen('db-relation-joined')).toEqual({ ids: [rid], units: ['postgresql/0'], app: 'postgresql' });

    harness.removeRemoteUnit(rid, 'postgresql/0');
    harness.removeRelation(rid);
    await harness.runHook('update-status');
    expect(seen('update-status')).toEqual({ ids: [] });
    await harness.runHook('db-relation-broken', { relationId: rid });
    expect(seen('db-relation-broken')).toEqual({ ids: [rid], units: [], app: 'postgresql' });

    await expect(harness.runHook('db-relation-broken', { relationId: rid })).rejects.toThrow(`invalid relation id "${rid}"`);
  });

  it('refuses its other hooks', async () => {
    harness = new Harness(charm(), { unit: 'app/0' });
    const rid = harness.addRelation('db', 'postgresql');
    harness.removeRelation(rid);
    await expect(harness.runHook('db-relation-changed', { relationId: rid })).rejects.toThrow(
      `runHook('db-relation-changed'): relation ${rid} was removed: only its db-relation-broken hook runs`,
    );
  });

  it('is one the Harness has: an unknown id is refused in one line', () => {
    harness = new Harness(charm(), { unit: 'app/0' });
    expect(() => harness.removeRelation('db:9')).toThrow('invalid relation id "db:9"');
  });
});
