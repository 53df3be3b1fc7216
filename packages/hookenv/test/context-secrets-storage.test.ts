import { afterEach, describe, expect, it } from 'vitest';
import { HOOK_VARIABLES, secretId, secretLabel, secretRevision, storageId, storageLocation, storageName } from '@reactive/hookenv';

const NAMES = ['JUJU_SECRET_ID', 'JUJU_SECRET_LABEL', 'JUJU_SECRET_REVISION', 'JUJU_STORAGE_ID', 'JUJU_STORAGE_LOCATION'];
afterEach(() => {
  for (const name of NAMES) delete process.env[name];
});

describe('secret and storage hook context', () => {
  it('reads the secret of a secret hook: its URI, label and revision', () => {
    Object.assign(process.env, { JUJU_SECRET_ID: 'secret://m-1/cs1', JUJU_SECRET_LABEL: 'db-password', JUJU_SECRET_REVISION: '3' });
    expect([secretId(), secretLabel(), secretRevision()]).toEqual(['secret://m-1/cs1', 'db-password', 3]);
  });

  it('has no label or revision when Juju sets none (an empty label, no revision)', () => {
    Object.assign(process.env, { JUJU_SECRET_ID: 'secret://m-1/cs1', JUJU_SECRET_LABEL: '' });
    expect([secretId(), secretLabel(), secretRevision()]).toEqual(['secret://m-1/cs1', undefined, undefined]);
    process.env.JUJU_SECRET_REVISION = 'x';
    expect(secretRevision()).toBeUndefined();
  });

  it('reads the storage instance of a storage hook: its id, name and location', () => {
    Object.assign(process.env, { JUJU_STORAGE_ID: 'data/1', JUJU_STORAGE_LOCATION: '/srv/data' });
    expect([storageId(), storageName(), storageLocation()]).toEqual(['data/1', 'data', '/srv/data']);
  });

  it('is empty outside such hooks, and a process running several hooks clears these variables between them', () => {
    expect([secretId(), secretLabel(), secretRevision(), storageId(), storageName(), storageLocation()]).toEqual(Array(6).fill(undefined));
    expect(HOOK_VARIABLES).toEqual(expect.arrayContaining([...NAMES, 'JUJU_STORAGE_KIND', 'JUJU_TARGET_BASE', 'JUJU_TARGET_SERIES']));
  });
});
