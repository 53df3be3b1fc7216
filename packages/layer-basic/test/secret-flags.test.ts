import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

/** A charm whose handler records, in each hook, the secret flags it sees and the secret's context. */
const charm = (): string =>
  makeCharm({
    'metadata.yaml': 'name: app\n',
    'reactive/probe.js': `
      import { getFlags } from '@reactive/flags';
      import { hookName, secretId, secretRevision, unitState } from '@reactive/hookenv';
      import { hook } from '@reactive/bus';
      hook('{secret-changed,secret-rotate,secret-expired,secret-remove,update-status}')(function probe() {
        unitState().set('seen.' + hookName(), { flags: getFlags().filter((f) => f.startsWith('secret.')), id: secretId() ?? null, revision: secretRevision() ?? null });
        if (globalThis.failSecretHook) throw new Error('failing on purpose');
      });
    `,
  });

const g = globalThis as { failSecretHook?: boolean };
let harness: Harness;
afterEach(() => {
  delete g.failSecretHook;
  harness?.cleanUp();
});

const ID = 'secret://6f1c/cs9a3l5bt2';

describe.each([
  ['secret-changed', 'changed', null],
  ['secret-rotate', 'rotate', null],
  ['secret-expired', 'expired', 2],
  ['secret-remove', 'remove', 1],
])('%s', (hook, event, revision) => {
  it(`sets secret.${event} and secret.${event}.<label> for that hook only`, async () => {
    harness = new Harness(charm());
    const result = await harness.runHook(hook, { secret: { id: ID, label: 'db-password', ...(revision ? { revision } : {}) } });
    expect(harness.state('seen.')[`seen.${hook}`]).toEqual({ flags: [`secret.${event}`, `secret.${event}.db-password`], id: ID, revision });
    expect(result.flags.filter((f) => f.startsWith('secret.'))).toEqual([]);
    await harness.runHook('update-status');
    expect(harness.state('seen.')['seen.update-status']).toEqual({ flags: [], id: null, revision: null });
  });

  it(`sets secret.${event} alone for a secret without a label`, async () => {
    harness = new Harness(charm());
    await harness.runHook(hook, { secret: { id: ID, ...(revision ? { revision } : {}) } });
    expect(harness.state('seen.')[`seen.${hook}`]).toEqual({ flags: [`secret.${event}`], id: ID, revision });
  });
});

describe('a failed secret hook', () => {
  it('commits none of its flags, and its retry sees them again', async () => {
    harness = new Harness(charm());
    g.failSecretHook = true;
    const failed = await harness.runHook('secret-changed', { secret: { id: ID, label: 'tls' }, expectFailure: true });
    expect(failed.flags).toEqual([]);
    delete g.failSecretHook;
    await harness.runHook('secret-changed', { secret: { id: ID, label: 'tls' } });
    expect(harness.state('seen.')['seen.secret-changed']).toEqual({ flags: ['secret.changed', 'secret.changed.tls'], id: ID, revision: null });
  });
});
