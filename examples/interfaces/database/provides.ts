// The providing side of `database_client`: a database that answers each
// application's request with a user, in a Juju secret granted to the relation
// when the application asked for secrets and Juju has them, else in the databag.
//   flags: <endpoint>.database.requested  while some application asks for a database
import { Endpoint, type Relation } from '@reactive/endpoints';
import { toggleFlag } from '@reactive/flags';
import { secrets } from '@reactive/hookenv';
import { jujuHasSecrets } from './juju-has-secrets.js';
import { decodeList, secretField, secretGroup, secretLabel } from './protocol.js';

/** A relation whose application asked for a database. */
export interface DatabaseRequest {
  relation: Relation;
  database: string;
  extraUserRoles?: string;
}

/** What a database shares; each key is the protocol's field (`read-only-endpoints`, `tls-ca`). */
export type DatabaseAnswer = Partial<
  Record<'username' | 'password' | 'endpoints' | 'read-only-endpoints' | 'database' | 'version' | 'uris' | 'tls' | 'tls-ca', string>
>;

export class DatabaseProvides extends Endpoint {
  override manageFlags(): void {
    toggleFlag(this.expandName('{endpoint_name}.database.requested'), this.requests().length > 0);
  }

  /** Each joined relation whose application asked for a database. */
  requests(): DatabaseRequest[] {
    return this.relations.flatMap((relation) => {
      if (relation.joinedUnits.length === 0) return [];
      const data = relation.receivedAppRaw;
      const database = data.get('database');
      const extraUserRoles = data.get('extra-user-roles');
      return database ? [{ relation, database, ...(extraUserRoles ? { extraUserRoles } : {}) }] : [];
    });
  }

  /** What this application shared on a relation, its secrets' content included (the leader's to read). */
  async published(relation: Relation): Promise<DatabaseAnswer> {
    const data = relation.toPublishAppRaw;
    const answer: Record<string, string> = {};
    for (const [key, value] of data.entries()) {
      if (value === null) continue;
      if (key.startsWith('secret-')) Object.assign(answer, await secrets.get(value));
      else answer[key] = value;
    }
    return answer;
  }

  /**
   * Shares `answer` on a relation (the leader's job: it is application data).
   * The fields the application asked in `requested-secrets` go into one
   * secret per group (`user`, `tls`), made once, granted to the relation and
   * named in `secret-<group>`, and updated only when their content changes;
   * without secrets (Juju 2.9, or none asked) every field goes in the databag.
   * Writes only what changed.
   */
  async provide(relation: Relation, answer: DatabaseAnswer): Promise<void> {
    const inSecrets = jujuHasSecrets() ? decodeList(relation.receivedAppRaw.get('requested-secrets')) : [];
    const groups = new Map<string, Record<string, string>>();
    const data = relation.toPublishAppRaw;
    for (const [key, value] of Object.entries(answer)) {
      if (value === undefined) continue;
      if (inSecrets.includes(key)) groups.set(secretGroup(key), { ...groups.get(secretGroup(key)), [key]: value });
      else if (data.get(key) !== value) data.set(key, value);
    }
    for (const [group, content] of groups) await publishSecret(relation, group, content);
  }
}

/** Creates a group's secret and grants it to the relation, or gives it a new revision when its content changed. */
async function publishSecret(relation: Relation, group: string, content: Record<string, string>): Promise<void> {
  const data = relation.toPublishAppRaw;
  const uri = data.get(secretField(group));
  if (!uri) {
    const id = await secrets.add(content, { label: secretLabel(relation.relationId, group) });
    await secrets.grant(id, relation.relationId);
    data.set(secretField(group), id);
    return;
  }
  const current = await secrets.get(uri);
  const merged = { ...current, ...content };
  if (Object.entries(merged).some(([key, value]) => current[key] !== value)) await secrets.set(uri, merged);
}
