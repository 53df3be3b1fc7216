// Handlers in interface layers' role files, registered at discovery as Python's
// decorators register them at import: when*() per endpoint using the
// interface, everything else once.
import { describe, expect, it } from 'vitest';
import { discover, Handler } from '@reactive/bus';
import { MemoryHookTools, resetHookContext } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

const metadata = 'name: app\nrequires:\n  db1: {interface: pgsql}\n  db2: {interface: pgsql}\n';
const requiresJs = `
import { collectMetrics, hook, when, whenNot } from '@reactive/bus';
import { unitState } from '@reactive/hookenv';
const ran = (what) => unitState().set('ran', [...unitState().get('ran', []), what]);
when('endpoint.{endpoint_name}.joined')(function joined() { ran('joined'); });
whenNot('never')(function everyEndpoint() {});
hook('{requires:pgsql}-relation-joined')(function relationJoined(relation) { ran('hook ' + process.env.JUJU_RELATION); });
collectMetrics()(function metrics() { ran('metrics'); });
`;

describe('interface-layer handlers', () => {
  it('are registered by discovery: when*() per endpoint, hook() and collectMetrics() once', async () => {
    const dir = makeCharm({ 'metadata.yaml': metadata, 'hooks/relations/pgsql/requires.js': requiresJs });
    process.env.JUJU_CHARM_DIR = dir;
    resetHookContext();
    Handler.clear();
    await discover(dir, { reload: true });
    const file = 'hooks/relations/pgsql/requires.js';
    expect(Handler.getHandlers().map((h) => h.id())).toEqual([
      `${file}:5:joined:db1`,
      `${file}:5:joined:db2`,
      `${file}:6:everyEndpoint:db1`,
      `${file}:6:everyEndpoint:db2`,
      `${file}:7:relationJoined`,
      `${file}:8:metrics`,
    ]);
    delete process.env.JUJU_CHARM_DIR;
  });

  it('run collectMetrics() in collect-metrics, where no endpoint starts', async () => {
    const dir = makeCharm({ 'metadata.yaml': metadata, 'hooks/relations/pgsql/requires.js': requiresJs });
    expect(await runHook(dir, 'collect-metrics')).toBeUndefined();
    expect((await committedState(dir)).ran).toEqual(['metrics']);
  });

  it('run a hook() handler once for the endpoint of the hook, however many endpoints use the interface', async () => {
    const dir = makeCharm({ 'metadata.yaml': metadata, 'hooks/relations/pgsql/requires.js': requiresJs });
    const tools = new MemoryHookTools({ unit: 'app/0' });
    expect(
      await runHook(dir, 'db2-relation-joined', { tools, env: { JUJU_RELATION: 'db2', JUJU_RELATION_ID: 'db2:1', JUJU_REMOTE_UNIT: 'pg/0' } }),
    ).toBeUndefined();
    expect((await committedState(dir)).ran).toEqual(['hook db2']);
    expect(tools.logs.flatMap((l) => l.message.split('\n')).filter((line) => line.startsWith('Invoking'))).toEqual([
      'Invoking reactive handler: hooks/relations/pgsql/requires.js:7:relationJoined',
      'Invoking reactive handler: hooks/relations/pgsql/requires.js:6:everyEndpoint:db1',
      'Invoking reactive handler: hooks/relations/pgsql/requires.js:6:everyEndpoint:db2',
    ]);
  });
});
