// The requiring side of `database_client`: an application that asks for a
// database and reads its credentials, from a Juju secret or the databag.
//   flags: <endpoint>.connected          while a database unit is related
//          <endpoint>.database.requested once the leader asked (cleared when the relation goes)
//          <endpoint>.database.created   once the database shared credentials
//          <endpoint>.database.available once it shared credentials and endpoints
import { Endpoint, type Relation } from '@reactive/endpoints';
import { clearFlag, setFlag, toggleFlag } from '@reactive/flags';
import { isLeader, secrets } from '@reactive/hookenv';
import { jujuHasSecrets } from './juju-has-secrets.js';
import { encodeList, REQUESTED_SECRETS, secretField, secretLabel } from './protocol.js';

/** What the database shared, whether its secret fields came in a secret or in the databag. */
export interface DatabaseCredentials {
  username: string;
  password: string;
  /** Read/write endpoints, comma separated (`host:port,…`). */
  endpoints: string;
  readOnlyEndpoints?: string;
  database?: string;
  version?: string;
  uris?: string;
  tls?: string;
  tlsCa?: string;
  /** Where username and password were: the `secret-user` secret, or plain databag fields (Juju 2.9, or no secrets asked). */
  source: 'secret' | 'databag';
}

export interface DatabaseRequest {
  /** `extra-user-roles`: roles the database grants the user (for example `SUPERUSER`). */
  extraUserRoles?: string;
}

export class DatabaseRequires extends Endpoint {
  override manageFlags(): void {
    const answered = this.answered();
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.isJoined);
    if (!this.isJoined) clearFlag(this.expandName('{endpoint_name}.database.requested'));
    toggleFlag(this.expandName('{endpoint_name}.database.created'), answered !== undefined);
    toggleFlag(this.expandName('{endpoint_name}.database.available'), !!answered?.receivedAppRaw.get('endpoints'));
  }

  /**
   * Asks every related database for `database`, in the application's databag:
   * only the leader can, so on other units it writes nothing and answers false.
   * Under Juju with secrets it asks for the credentials in secrets (`requested-secrets`).
   */
  async requestDatabase(database: string, request: DatabaseRequest = {}): Promise<boolean> {
    if (!(await isLeader())) return false;
    const wanted: Record<string, string | undefined> = {
      database,
      'extra-user-roles': request.extraUserRoles,
      'requested-secrets': jujuHasSecrets() ? encodeList(REQUESTED_SECRETS) : undefined,
    };
    for (const relation of this.relations) {
      const data = relation.toPublishAppRaw;
      for (const [key, value] of Object.entries(wanted)) if (value !== undefined && data.get(key) !== value) data.set(key, value);
    }
    setFlag(this.expandName('{endpoint_name}.database.requested'));
    return true;
  }

  /** The credentials of the first database that shared them, or null; reads the secrets they are in. */
  async credentials(): Promise<DatabaseCredentials | null> {
    const relation = this.answered();
    if (!relation) return null;
    const data = relation.receivedAppRaw;
    const user = await secretContent(relation, 'user');
    const tls = await secretContent(relation, 'tls');
    const field = (key: string, from?: Record<string, string>): string | undefined => (from ?? {})[key] ?? data.get(key) ?? undefined;
    const credentials: DatabaseCredentials = {
      username: field('username', user)!,
      password: field('password', user)!,
      endpoints: data.get('endpoints') ?? '',
      readOnlyEndpoints: field('read-only-endpoints'),
      database: field('database'),
      version: field('version'),
      uris: field('uris', user),
      tls: field('tls', tls),
      tlsCa: field('tls-ca', tls),
      source: user ? 'secret' : 'databag',
    };
    return withoutUndefined(credentials);
  }

  /** The first relation whose database shared credentials: a `secret-user` URI, or username and password. */
  private answered(): Relation | undefined {
    return this.relations.find((relation) => {
      if (relation.joinedUnits.length === 0) return false;
      const data = relation.receivedAppRaw;
      return !!data.get(secretField('user')) || (!!data.get('username') && !!data.get('password'));
    });
  }
}

/**
 * The content of a group's secret (none when the databag names none), tracking
 * its newest revision (`secret-get --refresh`) and labelled as data_interfaces
 * labels it, so that its secret-changed hook sets `secret.changed.<label>`.
 */
async function secretContent(relation: Relation, group: string): Promise<Record<string, string> | undefined> {
  const uri = relation.receivedAppRaw.get(secretField(group));
  return uri ? secrets.get(uri, { refresh: true, label: secretLabel(relation.relationId, group) }) : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
