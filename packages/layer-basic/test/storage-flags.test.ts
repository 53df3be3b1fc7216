import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

/** A charm with a `data` storage whose handler records the storage flags and context it sees in each hook. */
const charm = (): string =>
  makeCharm({
    'metadata.yaml': 'name: app\nstorage:\n  data: {type: filesystem, multiple: {range: 0-}}\n',
    'reactive/probe.js': `
      import { getFlags } from '@reactive/flags';
      import { hookName, storageId, storageLocation, unitState } from '@reactive/hookenv';
      import { hook } from '@reactive/bus';
      hook('{data-storage-attached,data-storage-detaching,update-status}')(function probe() {
        const seen = unitState().get('seen', []);
        seen.push({ hook: hookName(), flags: getFlags().filter((f) => f.startsWith('storage.')), id: storageId() ?? null, location: storageLocation() ?? null });
        unitState().set('seen', seen);
      });
    `,
  });

let harness: Harness;
afterEach(() => harness?.cleanUp());

const seen = (): unknown[] => harness.state('seen')['seen'] as unknown[];

describe('storage.attached.<name>', () => {
  it('is set by <name>-storage-attached and stays set in the hooks after it', async () => {
    harness = new Harness(charm());
    const attached = await harness.runHook('data-storage-attached', { storage: { id: 'data/0' } });
    expect(attached.flags).toEqual(['storage.attached.data']);
    await harness.runHook('update-status');
    expect(seen()).toEqual([
      { hook: 'data-storage-attached', flags: ['storage.attached.data'], id: 'data/0', location: '/var/lib/juju/storage/data/0' },
      { hook: 'update-status', flags: ['storage.attached.data'], id: null, location: null },
    ]);
  });

  it('is cleared by the detaching of the last instance attached, not before', async () => {
    harness = new Harness(charm());
    await harness.runHook('data-storage-attached', { storage: { id: 'data/0', location: '/srv/data0' } });
    await harness.runHook('data-storage-attached', { storage: { id: 'data/1', location: '/srv/data1' } });
    const first = await harness.runHook('data-storage-detaching', { storage: { id: 'data/0', location: '/srv/data0' } });
    expect(first.flags).toEqual(['storage.attached.data']);
    const last = await harness.runHook('data-storage-detaching', { storage: { id: 'data/1', location: '/srv/data1' } });
    expect(last.flags).toEqual([]);
  });
});

describe('storage.detaching.<name>', () => {
  it('is set for the <name>-storage-detaching hook only, without storage.attached.<name> once none is left', async () => {
    harness = new Harness(charm());
    await harness.runHook('data-storage-attached', { storage: { id: 'data/0' } });
    await harness.runHook('data-storage-detaching', { storage: { id: 'data/0' } });
    await harness.runHook('update-status');
    expect(seen().slice(1)).toEqual([
      { hook: 'data-storage-detaching', flags: ['storage.detaching.data'], id: 'data/0', location: '/var/lib/juju/storage/data/0' },
      { hook: 'update-status', flags: [], id: null, location: null },
    ]);
  });
});
