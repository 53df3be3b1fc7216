import { afterEach, describe, expect, it } from 'vitest';
import {
  actionName,
  applicationName,
  charmDir,
  hookName,
  inRelationHook,
  localUnit,
  relationId,
  relationType,
  remoteApplication,
  remoteUnit,
} from '@reactive/hookenv';

const saved = { ...process.env };
const argv1 = process.argv[1];
afterEach(() => {
  process.env = { ...saved };
  process.argv[1] = argv1!;
});

function env(vars: Record<string, string | undefined>): void {
  for (const name of [
    'JUJU_HOOK_NAME',
    'JUJU_DISPATCH_PATH',
    'JUJU_CHARM_DIR',
    'CHARM_DIR',
    'JUJU_REMOTE_UNIT',
    'JUJU_REMOTE_APP',
    'JUJU_RELATION',
    'JUJU_RELATION_ID',
    'JUJU_ACTION_NAME',
  ]) {
    delete process.env[name];
  }
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) process.env[name] = value;
}

describe('hook context', () => {
  it('reads the charm dir from JUJU_CHARM_DIR, then CHARM_DIR', () => {
    env({ JUJU_CHARM_DIR: '/var/lib/juju/charm', CHARM_DIR: '/old' });
    expect(charmDir()).toBe('/var/lib/juju/charm');
    env({ CHARM_DIR: '/old' });
    expect(charmDir()).toBe('/old');
  });

  it('takes the hook name from JUJU_HOOK_NAME, even when empty', () => {
    env({ JUJU_HOOK_NAME: 'db-relation-changed', JUJU_DISPATCH_PATH: 'hooks/install' });
    expect(hookName()).toBe('db-relation-changed');
    env({ JUJU_HOOK_NAME: '' });
    expect(hookName()).toBe('');
  });

  it('falls back to JUJU_DISPATCH_PATH, then the script name', () => {
    env({ JUJU_DISPATCH_PATH: 'actions/backup' });
    expect(hookName()).toBe('backup');
    env({});
    process.argv[1] = '/var/lib/juju/charm/hooks/config-changed';
    expect(hookName()).toBe('config-changed');
  });

  it('knows the local unit and its application', () => {
    process.env.JUJU_UNIT_NAME = 'my-app/3';
    expect(localUnit()).toBe('my-app/3');
    expect(applicationName()).toBe('my-app');
    delete process.env.JUJU_UNIT_NAME;
    expect(() => localUnit()).toThrow(/JUJU_UNIT_NAME is not set/);
  });

  it('describes relation hooks', () => {
    env({ JUJU_RELATION: 'db', JUJU_RELATION_ID: 'db:3', JUJU_REMOTE_UNIT: 'pg/1' });
    expect(inRelationHook()).toBe(true);
    expect(relationType()).toBe('db');
    expect(relationId()).toBe('db:3');
    expect(remoteUnit()).toBe('pg/1');
    expect(remoteApplication()).toBe('pg');
    env({ JUJU_RELATION: 'db', JUJU_REMOTE_APP: 'pg' });
    expect(remoteUnit()).toBeUndefined();
    expect(remoteApplication()).toBe('pg');
    env({});
    expect(inRelationHook()).toBe(false);
    expect(relationId()).toBeUndefined();
  });

  it('knows the action', () => {
    env({ JUJU_ACTION_NAME: 'backup' });
    expect(actionName()).toBe('backup');
    env({});
    expect(actionName()).toBeUndefined();
  });
});
