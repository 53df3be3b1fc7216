import { describe, expect, it } from 'vitest';
import { emptySecretsState, JujuSecrets, parseExpire, parseSecretId, ToolRefusal, type SecretCaller } from '@reactive/hookenv';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const pgLeader: SecretCaller = { unit: 'pg/0', leader: true, relations: { 'database:3': 'app' } };
const pgOther: SecretCaller = { unit: 'pg/1', leader: false, relations: { 'database:3': 'app' } };
const app0: SecretCaller = { unit: 'app/0', leader: true, relations: { 'db:3': 'pg' } };
const app1: SecretCaller = { unit: 'app/1', leader: false, relations: { 'db:3': 'pg' } };
const other: SecretCaller = { unit: 'other/0', leader: true };

/** `fn`'s refusal as `exit N: text`, and whether the model's JSON stayed as it was. */
function refusal(secrets: JujuSecrets, fn: () => unknown): string {
  const before = JSON.stringify(secrets.state);
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ToolRefusal)) throw error;
    expect(JSON.stringify(secrets.state)).toBe(before);
    return `exit ${error.exitCode}: ${error.message}`;
  }
  throw new Error('not refused');
}

function withGrantedSecret(): { secrets: JujuSecrets; uri: string } {
  const secrets = new JujuSecrets(emptySecretsState(T0));
  const uri = secrets.add(pgLeader, { username: 'app', password: 's3cret' }, { label: 'user' }).value;
  secrets.grant(pgLeader, uri, 'database:3');
  return { secrets, uri };
}

describe('the secret rules model', () => {
  it('makes secret URIs Juju reads: secret: and a 20-character xid', () => {
    const { secrets, uri } = withGrantedSecret();
    expect(uri).toMatch(/^secret:[0-9a-v]{19}[0g]$/);
    expect(parseSecretId(uri)).toBe(uri.slice('secret:'.length));
    expect(parseSecretId(`secret://6b4a2ca0-1d2e-4f7a-8b9c-0d1e2f3a4b5c/${uri.slice(7)}`)).toBe(uri.slice(7));
    expect(secrets.add(pgLeader, { token: 'x' }).value).not.toBe(uri);
    expect(() => parseSecretId('secret:nope')).toThrow('secret URI "secret:nope" not valid');
  });

  it('an owner reads the latest revision by URI or its label; an application secret by any unit of the application', () => {
    const { secrets, uri } = withGrantedSecret();
    secrets.set(pgLeader, uri, { username: 'app', password: 'rotated' });
    expect(secrets.get(pgLeader, { label: 'user' }).value).toEqual({ username: 'app', password: 'rotated' });
    expect(secrets.get(pgOther, { id: uri }).value).toEqual({ username: 'app', password: 'rotated' });
    const mine = secrets.add(pgOther, { token: 'unit-only' }, { owner: 'unit', label: 'mine' }).value;
    expect(secrets.get(pgOther, { label: 'mine' }).value).toEqual({ token: 'unit-only' });
    expect(refusal(secrets, () => secrets.get(pgLeader, { id: mine }))).toBe('exit 1: permission denied');
  });

  it('only the leader adds, changes, grants or removes an application secret', () => {
    const { secrets, uri } = withGrantedSecret();
    expect(refusal(secrets, () => secrets.add(pgOther, { token: 'x' }))).toBe('exit 1: this unit is not the leader');
    expect(refusal(secrets, () => secrets.set(pgOther, uri, { password: 'p' }))).toBe('exit 1: this unit is not the leader');
    expect(refusal(secrets, () => secrets.remove(pgOther, uri))).toBe('exit 1: this unit is not the leader');
    expect(refusal(secrets, () => secrets.revoke(pgOther, uri, { app: 'app' }))).toBe('exit 1: this unit is not the leader');
    // A unit that does not lead does not see its application's secrets at all.
    expect(refusal(secrets, () => secrets.grant(pgOther, uri, 'database:3'))).toBe(`exit 1: secret "${uri.slice(7)}" not found`);
    expect(secrets.ids(pgOther)).toEqual([]);
    expect(secrets.ids(pgLeader)).toEqual([uri.slice(7)]);
    expect(refusal(secrets, () => secrets.set(other, uri, { password: 'p' }))).toBe('exit 1: permission denied');
  });

  it('a granted consumer reads the revision it tracks; refresh moves it, peek does not; a new revision sends it secret-changed', () => {
    const { secrets, uri } = withGrantedSecret();
    expect(secrets.get(app1, { id: uri, label: 'db-creds' }).value).toEqual({ username: 'app', password: 's3cret' });
    const set = secrets.set(pgLeader, uri, { username: 'app', password: 'v2' });
    expect(set.events).toEqual([{ hook: 'secret-changed', unit: 'app/1', id: uri, label: 'db-creds' }]);
    expect(secrets.get(app1, { label: 'db-creds' }).value.password).toBe('s3cret');
    expect(secrets.get(app1, { label: 'db-creds' }, { peek: true }).value.password).toBe('v2');
    expect(secrets.get(app1, { label: 'db-creds' }).value.password).toBe('s3cret');
    const refreshed = secrets.get(app1, { label: 'db-creds' }, { refresh: true });
    expect(refreshed.value.password).toBe('v2');
    // Revision 1 is tracked by nobody now: the owner (the application's leader) is told to remove it.
    expect(refreshed.events).toEqual([{ hook: 'secret-remove', owner: { kind: 'application', name: 'pg' }, id: uri, label: 'user', revision: 1 }]);
    expect(secrets.get(app1, { id: uri }).value.password).toBe('v2');
    secrets.remove(pgLeader, uri, { revision: 1 });
    expect(secrets.info(pgLeader, { label: 'user' })[uri.slice(7)]!.revision).toBe(2);
  });

  it('a new revision nobody tracks the old one of makes the old one obsolete at once; the same content makes no revision', () => {
    const secrets = new JujuSecrets(emptySecretsState(T0));
    const uri = secrets.add(app0, { token: 'one' }, { owner: 'unit' }).value;
    expect(secrets.set(app0, uri, { token: 'one' }).events).toEqual([]);
    expect(secrets.set(app0, uri, { token: 'two' }).events).toEqual([{ hook: 'secret-remove', owner: { kind: 'unit', name: 'app/0' }, id: uri, revision: 1 }]);
    expect(secrets.info(app0, { id: uri })[uri.slice(7)]).toEqual({ revision: 2, label: '', owner: 'unit' });
  });

  it('refuses a consumer without a grant, after a revoke, and one of another application', () => {
    const secrets = new JujuSecrets(emptySecretsState(T0));
    const uri = secrets.add(pgLeader, { password: 's3cret' }).value;
    expect(refusal(secrets, () => secrets.get(app1, { id: uri }))).toBe('exit 1: permission denied');
    secrets.grant(pgLeader, uri, 'database:3', { unit: 'app/1' });
    expect(secrets.get(app1, { id: uri }).value).toEqual({ password: 's3cret' });
    expect(refusal(secrets, () => secrets.get(app0, { id: uri }))).toBe('exit 1: permission denied');
    expect(refusal(secrets, () => secrets.grant(pgLeader, uri, 'database:3'))).toBe(
      'exit 1: any unit level grants need to be revoked before granting access to the corresponding application',
    );
    expect(refusal(secrets, () => secrets.grant(pgLeader, uri, 'database:3', { unit: 'other/0' }))).toBe(
      'exit 2: cannot specify unit "other/0" in relation to application "app"',
    );
    secrets.revoke(pgLeader, uri, { unit: 'app/1' });
    expect(refusal(secrets, () => secrets.get(app1, { id: uri }))).toBe('exit 1: permission denied');
    secrets.grant(pgLeader, uri, 'database:3');
    expect(secrets.get(app0, { id: uri }).value).toEqual({ password: 's3cret' });
    secrets.revoke(pgLeader, uri, { relationId: '3' });
    expect(refusal(secrets, () => secrets.get(app0, { id: uri }))).toBe('exit 1: permission denied');
    secrets.grant(pgLeader, uri, 'database:3');
    secrets.relationRemoved('db:3');
    expect(refusal(secrets, () => secrets.get(app0, { id: uri }))).toBe('exit 1: permission denied');
    expect(secrets.info(pgLeader, { id: uri })[uri.slice(7)]!.access).toBeUndefined();
  });

  it('refuses bad input in Juju words, changing nothing', () => {
    const { secrets, uri } = withGrantedSecret();
    const unknown = 'secret:cu5mh2dv1iq6efd4o1g0';
    expect(refusal(secrets, () => secrets.add(pgLeader, { Password: 'x' }))).toBe('exit 2: key "Password" not valid');
    expect(refusal(secrets, () => secrets.add(pgLeader, { pw: 'x' }))).toBe('exit 2: key "pw" not valid');
    expect(refusal(secrets, () => secrets.add(pgLeader, { big: 'x'.repeat(750_001) }))).toBe(
      'exit 2: base64 encoded secret content for key "big" too large: 1000004 bytes',
    );
    expect(refusal(secrets, () => secrets.add(pgLeader, { one: 'x'.repeat(600_000), two: 'y'.repeat(600_000) }))).toBe(
      'exit 2: base64 encoded secret content too large: 1600000 bytes',
    );
    expect(refusal(secrets, () => secrets.add(pgLeader, {}))).toBe('exit 1: empty secret value not valid');
    expect(refusal(secrets, () => secrets.add(pgLeader, { token: 'x' }, { label: 'user' }))).toBe('exit 1: secret with label "user" already exists');
    expect(refusal(secrets, () => secrets.add(pgLeader, { token: 'x' }, { rotate: 'fortnightly' }))).toBe('exit 2: rotate policy "fortnightly" not valid');
    expect(refusal(secrets, () => secrets.add(pgLeader, { token: 'x' }, { owner: 'model' }))).toBe('exit 2: secret owner "model" not valid');
    expect(refusal(secrets, () => secrets.add(pgLeader, { token: 'x' }, { expire: 'tomorrow' }))).toBe('exit 2: expire time or duration "tomorrow" not valid');
    expect(refusal(secrets, () => secrets.add(pgLeader, { token: 'x' }, { expire: '-1h' }))).toBe('exit 2: negative expire duration "-1h" not valid');
    expect(refusal(secrets, () => secrets.get(app1, { id: unknown }))).toBe(`exit 1: secret "${unknown}" not found`);
    expect(refusal(secrets, () => secrets.get(app1, { label: 'nope' }))).toBe('exit 1: consumer label "nope" not found');
    expect(refusal(secrets, () => secrets.get(app1, {}))).toBe('exit 2: require either a secret URI or label');
    expect(refusal(secrets, () => secrets.get(app1, { id: uri }, { refresh: true, peek: true }))).toBe(
      'exit 2: specify one of --peek or --refresh but not both',
    );
    expect(refusal(secrets, () => secrets.set(pgLeader, unknown, { token: 'x' }))).toBe(`exit 1: secret "${unknown}" not found`);
    expect(refusal(secrets, () => secrets.grant(pgLeader, uri, 'database:9'))).toBe('exit 2: invalid value "database:9" for option -r: relation not found');
    expect(refusal(secrets, () => secrets.revoke(pgLeader, uri))).toBe('exit 2: missing relation or application or unit');
    expect(refusal(secrets, () => secrets.info(app1, { id: uri }))).toBe(`exit 1: secret "${uri.slice(7)}" not found`);
    expect(refusal(secrets, () => secrets.info(pgLeader, { id: uri, label: 'user' }))).toBe('exit 2: specify either a secret URI or label but not both');
  });

  it('reads --expire as Juju does: RFC 3339, without a zone as UTC, or a duration from now', () => {
    expect(parseExpire('2025-01-01T06:06:06', T0)).toBe(Date.parse('2025-01-01T06:06:06Z'));
    expect(parseExpire('2025-01-01T06:06:06+02:00', T0)).toBe(Date.parse('2025-01-01T04:06:06Z'));
    expect(parseExpire('1h30m', T0)).toBe(T0 + 5_400_000);
    expect(parseExpire('1.5h', T0)).toBe(T0 + 5_400_000);
    expect(() => parseExpire('0', T0)).toThrow('negative expire duration "0" not valid');
  });

  it('rotation and expiry: the owner gets secret-rotate when due, secret-expired once per revision', () => {
    const secrets = new JujuSecrets(emptySecretsState(T0));
    const uri = secrets.add(pgLeader, { token: 'x' }, { label: 'tok', rotate: 'hourly', expire: '90m' }).value;
    const info = secrets.info(pgLeader, { id: uri })[uri.slice(7)]!;
    expect(info).toMatchObject({ rotation: 'hourly', rotates: '2025-01-01T01:00:00.000Z', expiry: '2025-01-01T01:30:00.000Z' });
    expect(secrets.advanceTime(59 * 60_000)).toEqual([]);
    const owner = { kind: 'application', name: 'pg' };
    expect(secrets.advanceTime(60_000)).toEqual([{ hook: 'secret-rotate', owner, id: uri, label: 'tok' }]);
    expect(secrets.advanceTime(30 * 60_000)).toEqual([{ hook: 'secret-expired', owner, id: uri, label: 'tok', revision: 1 }]);
    expect(secrets.advanceTime(30 * 60_000)).toEqual([{ hook: 'secret-rotate', owner, id: uri, label: 'tok' }]);
    secrets.set(pgLeader, uri, undefined, { rotate: 'never' });
    expect(secrets.advanceTime(24 * 3_600_000)).toEqual([]);
  });

  it('keeps all its state as JSON: a model rebuilt from it answers the same', () => {
    const { secrets, uri } = withGrantedSecret();
    secrets.get(app1, { id: uri, label: 'db' });
    const again = new JujuSecrets(JSON.parse(JSON.stringify(secrets.state)));
    expect(again.get(app1, { label: 'db' }).value).toEqual({ username: 'app', password: 's3cret' });
    expect(again.set(pgLeader, uri, { password: 'v2', username: 'app' }).events).toEqual([{ hook: 'secret-changed', unit: 'app/1', id: uri, label: 'db' }]);
  });
});
