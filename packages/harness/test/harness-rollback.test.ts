import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

/**
 * A charm that, on the leader, keeps a secret and server-side state in
 * install; its config-changed and its action change both and then fail (or
 * succeed, with `ok`).
 */
const charm = (): string =>
  makeCharm({
    'metadata.yaml': 'name: app\nstorage:\n  data: {type: filesystem, multiple: {range: 0-3}}\n',
    'config.yaml': 'options:\n  ok: {type: boolean, default: false}\n',
    'actions.yaml': 'rotate: {}\n',
    'reactive/app.js': `
      import { config, hookTools, secrets, storage } from '@reactive/hookenv';
      import { hook } from '@reactive/bus';
      hook('install')(async function keep() {
        await secrets.add({ password: 'one' }, { label: 'admin' });
        await hookTools().stateSet({ kept: 'yes' });
      });
      async function change() {
        await secrets.set((await secrets.info('admin')).id, { password: 'two' });
        await secrets.add({ token: 'new' }, { label: 'other' });
        await hookTools().stateSet({ added: 'yes' });
        await hookTools().stateDelete('kept');
        await storage.add({ data: 2 });
        if (!config().get('ok')) throw new Error('changed my mind');
      }
      hook('config-changed')(async function configure() { await change(); });
      hook('rotate')(async function rotate() { await change(); });
    `,
  });

let harness: Harness;
afterEach(() => harness?.cleanUp());

/** What the model holds: the secrets' labels and contents, the server-side state, what storage-add asked for. */
async function model(): Promise<unknown> {
  const tools = harness.tools;
  const contents = await Promise.all(
    (await tools.secretIds()).map(async (id) => [(await tools.secretInfoGet({ id }))[id]!.label, await tools.secretGet({ id })]),
  );
  return { secrets: Object.fromEntries(contents), state: await tools.stateGet(), storageAdded: tools.storageAdded };
}

const before = { secrets: { admin: { password: 'one' } }, state: { kept: 'yes' }, storageAdded: {} };

describe('a failed run in the Harness', () => {
  it('keeps none of its secret, server-side state or storage-add changes, as Juju applies them only for a hook that succeeds', async () => {
    harness = new Harness(charm(), { unit: 'app/0' });
    await harness.runHook('install');
    expect(await model()).toEqual(before);
    await harness.runHook('config-changed', { expectFailure: true });
    expect(await model()).toEqual(before);
    expect(harness.tools.secretEvents).toEqual([]);
    await harness.runAction('rotate', {}, { expectFailure: true });
    expect(await model()).toEqual(before);
  });

  it('keeps them when the run succeeds', async () => {
    harness = new Harness(charm(), { unit: 'app/0' });
    await harness.runHook('install');
    harness.updateConfig({ ok: true });
    await harness.runHook('config-changed');
    expect(await model()).toEqual({
      secrets: { admin: { password: 'two' }, other: { token: 'new' } },
      state: { added: 'yes' },
      storageAdded: { data: 2 },
    });
  });
});
