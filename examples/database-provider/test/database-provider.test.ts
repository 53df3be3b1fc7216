import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

const charm = join(import.meta.dirname, '..');
const interfacePath = [join(charm, '..', 'interfaces')];
let harness: Harness;
afterEach(() => harness?.cleanUp());

const asked = {
  database: 'database-app',
  'requested-secrets': '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]',
};
const answer = (rid: string) => ({
  database: 'database-app',
  endpoints: 'database-provider-0.local:5432',
  version: '16.4',
  username: `relation_${rid.split(':')[1]}`,
});

async function requested(appData: Record<string, string>, opts: { juju?: '2.9' | '3.6'; leader?: boolean } = {}): Promise<string> {
  harness = new Harness(charm, { unit: 'database-provider/0', leader: opts.leader ?? true, interfacePath, juju: opts.juju ?? '3.6' });
  await harness.runHook('install');
  expect(harness.status).toEqual({ status: 'active', message: 'Ready' });
  const rid = harness.addRelation('database', 'database-app', { units: { 'database-app/0': {} }, appData });
  await harness.runHook('database-relation-changed', { relationId: rid, remoteUnit: 'database-app/0' });
  return rid;
}

describe('database-provider under Juju 3.6', () => {
  it('puts the username and password in a secret of the application, granted to the relation, and names it in secret-user', async () => {
    const rid = await requested(asked);
    const { 'secret-user': uri, ...plain } = harness.publishedApp(rid);
    expect(plain).toEqual({ database: 'database-app', endpoints: 'database-provider-0.local:5432', version: '16.4' });
    const [secret] = Object.values(harness.tools.secrets.state.secrets);
    expect(uri).toBe(`secret:${secret!.id}`);
    expect(secret).toMatchObject({
      owner: { kind: 'application', name: 'database-provider' },
      label: `database.${rid.split(':')[1]}.user.secret`,
      grants: [{ kind: 'application', name: 'database-app', relationId: rid }],
      latestRevision: 1,
    });
    expect(secret!.revisions[0]!.content).toEqual({ username: `relation_${rid.split(':')[1]}`, password: expect.stringMatching(/^[0-9a-f]{24}$/) });
  });

  it('keeps the secret as it is in later hooks: no new revision, nothing published again', async () => {
    await requested(asked);
    const counts = harness.tools.callCounts();
    await harness.runHook('update-status');
    const [secret] = Object.values(harness.tools.secrets.state.secrets);
    expect(secret!.latestRevision).toBe(1);
    expect(harness.tools.callCounts()['secret-add']).toBe(counts['secret-add']);
    expect(harness.tools.callCounts()['secret-set']).toBeUndefined();
    expect(harness.tools.callCounts()['relation-set']).toBe(counts['relation-set']);
  });

  it('answers in the databag an application that asked for no secrets', async () => {
    const rid = await requested({ database: 'database-app' });
    expect(harness.publishedApp(rid)).toEqual({ ...answer(rid), password: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(harness.tools.secrets.state.secrets).toEqual({});
  });

  it('leaves the answer to the leader: a unit that is not publishes nothing and adds no secret', async () => {
    const rid = await requested(asked, { leader: false });
    expect(harness.flags()).toContain('database.database.requested');
    expect(harness.publishedApp(rid)).toEqual({});
    expect(harness.tools.secrets.state.secrets).toEqual({});
  });
});

describe('database-provider under Juju 2.9 (no secrets)', () => {
  it('answers with a user, a password made once, its endpoint and version, in the databag', async () => {
    const rid = await requested(asked, { juju: '2.9' });
    const { password, ...rest } = harness.publishedApp(rid);
    expect(rest).toEqual(answer(rid));
    expect(password).toMatch(/^[0-9a-f]{24}$/);

    const sets = harness.tools.callCounts()['relation-set'];
    await harness.runHook('update-status');
    expect(harness.publishedApp(rid).password).toBe(password);
    expect(harness.tools.callCounts()['relation-set']).toBe(sets);
  });
});
