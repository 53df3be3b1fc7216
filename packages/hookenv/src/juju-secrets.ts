// Juju's rules for secrets (juju/juju 3.6: the jujuc secret-* commands, the
// uniter's hook context and the controller's secrets facade and state; 4.0
// keeps the commands and texts): one model that MemoryHookTools and the
// simulator of @reactive/harness both follow. Its state is plain JSON, so a
// simulator keeps it in its model store; each command answers for one caller
// (a unit, whether it leads its application, the relations it sees) and
// names the hooks it causes. A refusal throws a ToolRefusal with Juju's text,
// having changed nothing.
import { unitApplication } from './context.js';
import { parseSecretId, secretUri, makeXid } from './secret-uri.js';
import { checkRotatePolicy, checkSecretContent, checkSecretOwner, nextRotateTime, parseExpire, type SecretRotatePolicy } from './secret-values.js';
import { goQuote, ToolRefusal } from './tool-refusal.js';

/** Who runs a secret command: a unit, whether it leads its application, and its relations (id → the application at the other end). */
export interface SecretCaller {
  unit: string;
  leader: boolean;
  relations?: Readonly<Record<string, string>>;
}

/** A secret's owner: an application (managed by its leader) or one unit. */
export interface SecretOwner {
  kind: 'application' | 'unit';
  name: string;
}

export interface SecretRevisionState {
  revision: number;
  content: Record<string, string>;
  /** When this revision expires, in milliseconds since the epoch. */
  expireTime?: number;
  /** secret-expired was sent for it. */
  expiredNotified?: true;
  /** No consumer tracks it any more and it is not the latest: secret-remove was sent for it. */
  obsolete?: true;
}

/** Access to view a secret, granted over a relation to its remote application or one of its units. */
export interface SecretGrantState {
  kind: 'application' | 'unit';
  name: string;
  relationId: string;
}

/** A unit that read a secret it does not own: the revision it tracks and its own label for the secret. */
export interface SecretConsumerState {
  revision: number;
  label?: string;
}

export interface SecretState {
  id: string;
  owner: SecretOwner;
  /** The owner's label. */
  label?: string;
  description?: string;
  rotate?: SecretRotatePolicy;
  nextRotateTime?: number;
  latestRevision: number;
  revisions: SecretRevisionState[];
  grants: SecretGrantState[];
  /** By consumer unit. */
  consumers: Record<string, SecretConsumerState>;
}

/** Everything the model holds: JSON, to be stored and given back to a new {@link JujuSecrets}. */
export interface SecretsState {
  /** The model's clock, in milliseconds since the epoch. */
  now: number;
  /** How many secrets were made: the counter part of the next id. */
  counter: number;
  secrets: Record<string, SecretState>;
}

/** A hook a secret command (or the passing of time) causes, for `unit`, or for the leader of an owning application. */
export type SecretEvent =
  | { hook: 'secret-changed'; unit: string; id: string; label?: string }
  | { hook: 'secret-remove' | 'secret-expired'; owner: SecretOwner; id: string; label?: string; revision: number }
  | { hook: 'secret-rotate'; owner: SecretOwner; id: string; label?: string };

/** What a command answers, and the hooks it causes. */
export interface SecretAnswer<T> {
  value: T;
  events: SecretEvent[];
}

/** What `secret-info-get --format=json` prints for one secret. */
export interface SecretInfo {
  revision: number;
  label: string;
  owner: 'application' | 'unit';
  description?: string;
  rotation?: SecretRotatePolicy;
  expiry?: string;
  rotates?: string;
  access?: Array<{ target: string; scope: string; role: 'view' }>;
}

export interface SecretSettings {
  label?: string;
  description?: string;
  expire?: string;
  rotate?: string;
  owner?: string;
}

/** A secret named by its URI, or by a label (the owner's, or the caller's own as a consumer). */
export interface SecretRef {
  id?: string;
  label?: string;
}

const NOT_LEADER = 'this unit is not the leader';
const PERMISSION_DENIED = 'permission denied';

export function emptySecretsState(now = Date.now()): SecretsState {
  return { now, counter: 0, secrets: {} };
}

/** The secrets of one model under Juju's rules; `state` is the JSON it keeps them in. */
export class JujuSecrets {
  readonly state: SecretsState;

  constructor(state: SecretsState = emptySecretsState()) {
    this.state = state;
  }

  /** `secret-add`: a new secret owned by the application (its leader only) or by the caller; its URI. */
  add(caller: SecretCaller, content: Readonly<Record<string, string>>, settings: SecretSettings = {}): SecretAnswer<string> {
    const checked = this.checkSettings(settings);
    const values = checkSecretContent(content);
    const ownerKind = checkSecretOwner(settings.owner ?? 'application');
    if (Object.keys(values).length === 0) throw new ToolRefusal('empty secret value not valid', 1);
    if (ownerKind === 'application' && !caller.leader) throw new ToolRefusal(NOT_LEADER, 1);
    const owner: SecretOwner = { kind: ownerKind, name: ownerKind === 'unit' ? caller.unit : unitApplication(caller.unit) };
    if (settings.label !== undefined) this.checkOwnerLabel(owner, settings.label);
    const id = makeXid(Math.floor(this.state.now / 1000), 0x726561, 0, this.state.counter);
    this.state.counter += 1;
    this.state.secrets[id] = {
      id,
      owner,
      ...(settings.label !== undefined ? { label: settings.label } : {}),
      ...(settings.description !== undefined ? { description: settings.description } : {}),
      ...this.rotation(checked.rotate),
      latestRevision: 1,
      revisions: [{ revision: 1, content: values, ...(checked.expire !== undefined ? { expireTime: checked.expire } : {}) }],
      grants: [],
      consumers: {},
    };
    return { value: secretUri(id), events: [] };
  }

  /**
   * `secret-get`: the content the caller may read. An owner (the unit, or any
   * unit of the owning application) reads the latest revision, by URI or the
   * owner's label. A consumer needs a grant, and reads the revision it tracks:
   * the latest at its first read, until `refresh` moves it to the latest;
   * `peek` reads the latest once. A URI given with a label sets the
   * consumer's label (the owner's, for an owner that manages the secret).
   */
  get(caller: SecretCaller, ref: SecretRef, opts: { refresh?: boolean; peek?: boolean } = {}): SecretAnswer<Record<string, string>> {
    const id = ref.id === undefined ? undefined : parseSecretId(ref.id);
    if (id === undefined && !ref.label) throw new ToolRefusal('require either a secret URI or label', 2);
    if (opts.refresh && opts.peek) throw new ToolRefusal('specify one of --peek or --refresh but not both', 2);
    const owned = this.ownedOrAppSecret(caller, id, ref.label);
    if (owned) {
      if (id !== undefined && ref.label && this.manages(caller, owned) && ref.label !== owned.label) this.relabel(owned, ref.label);
      return { value: { ...latest(owned).content }, events: [] };
    }
    const secret = this.consumed(caller, id, ref.label);
    if (!this.canRead(caller.unit, secret)) throw new ToolRefusal(PERMISSION_DENIED, 1);
    const consumer = secret.consumers[caller.unit];
    const refresh = opts.refresh || consumer === undefined;
    const revision = refresh || opts.peek ? secret.latestRevision : consumer!.revision;
    const content = secret.revisions.find((r) => r.revision === revision);
    if (!content) throw new ToolRefusal(`secret revision ${revision} for ${goQuote(secretUri(secret.id))} not found`, 1);
    const events = refresh || (id !== undefined && ref.label) ? this.track(secret, caller.unit, refresh ? revision : consumer!.revision, ref.label) : [];
    return { value: { ...content.content }, events };
  }

  /**
   * `secret-set`: new content makes a new revision (content equal to the
   * latest does not); settings change in place. Consumers tracking an older
   * revision get secret-changed; revisions no consumer tracks become obsolete
   * (secret-remove to the owner).
   */
  set(caller: SecretCaller, uri: string, content?: Readonly<Record<string, string>>, settings: SecretSettings = {}): SecretAnswer<void> {
    const id = parseSecretId(uri);
    const checked = this.checkSettings(settings);
    const values = content === undefined ? {} : checkSecretContent(content);
    if (settings.owner !== undefined) checkSecretOwner(settings.owner);
    const secret = this.managed(caller, id);
    if (settings.label !== undefined && settings.label !== secret.label) this.checkOwnerLabel(secret.owner, settings.label);
    if (settings.label !== undefined) secret.label = settings.label;
    if (settings.description !== undefined) secret.description = settings.description;
    if (checked.rotate !== undefined) {
      delete secret.rotate;
      delete secret.nextRotateTime;
      Object.assign(secret, this.rotation(checked.rotate));
    }
    if (Object.keys(values).length === 0 || sameContent(values, latest(secret).content)) {
      if (checked.expire !== undefined) latest(secret).expireTime = checked.expire;
      return { value: undefined, events: [] };
    }
    secret.latestRevision += 1;
    secret.revisions.push({ revision: secret.latestRevision, content: values, ...(checked.expire !== undefined ? { expireTime: checked.expire } : {}) });
    const changed: SecretEvent[] = Object.entries(secret.consumers)
      .filter(([, consumer]) => consumer.revision < secret.latestRevision)
      .map(([unit, consumer]) => ({ hook: 'secret-changed', unit, id: secretUri(id), ...(consumer.label ? { label: consumer.label } : {}) }));
    return { value: undefined, events: [...changed, ...this.markObsolete(secret)] };
  }

  /** `secret-grant`: the remote application of `relationId` (or one of its units) may view the secret. */
  grant(caller: SecretCaller, uri: string, relationId: string, opts: { unit?: string } = {}): SecretAnswer<void> {
    const remoteApp = this.remoteApp(caller, relationId);
    const id = parseSecretId(uri);
    if (opts.unit !== undefined) {
      checkUnitName(opts.unit);
      if (unitApplication(opts.unit) !== remoteApp) {
        throw new ToolRefusal(`cannot specify unit ${goQuote(opts.unit)} in relation to application ${goQuote(remoteApp)}`, 2);
      }
    }
    const secret = this.metadata(caller).find((s) => s.id === id);
    if (!secret) throw new ToolRefusal(`secret ${goQuote(id)} not found`, 1);
    const subject: SecretGrantState =
      opts.unit === undefined ? { kind: 'application', name: remoteApp, relationId } : { kind: 'unit', name: opts.unit, relationId };
    const sameScope = secret.grants.filter((g) => relationNumber(g.relationId) === relationNumber(relationId));
    if (sameScope.some((g) => g.kind === 'application' || (g.kind === subject.kind && g.name === subject.name))) return { value: undefined, events: [] };
    if (subject.kind === 'application' && sameScope.length > 0) {
      throw new ToolRefusal('any unit level grants need to be revoked before granting access to the corresponding application', 1);
    }
    secret.grants.push(subject);
    return { value: undefined, events: [] };
  }

  /** `secret-revoke`: takes back the grant to an application (given, or at the other end of `relationId`) or a unit. */
  revoke(caller: SecretCaller, uri: string, opts: { relationId?: string; app?: string; unit?: string } = {}): SecretAnswer<void> {
    const id = parseSecretId(uri);
    if (opts.app !== undefined && !/^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/.test(opts.app))
      throw new ToolRefusal(`application ${goQuote(opts.app)} not valid`, 2);
    if (opts.unit !== undefined) checkUnitName(opts.unit);
    if (opts.app !== undefined && opts.unit !== undefined) throw new ToolRefusal('specify only one of application or unit', 2);
    let app = opts.app;
    if (opts.relationId !== undefined) {
      const remoteApp = this.remoteApp(caller, opts.relationId);
      if (app !== undefined) throw new ToolRefusal('do not specify both relation and app', 2);
      app = remoteApp;
    }
    if (app === undefined && opts.unit === undefined) throw new ToolRefusal('missing relation or application or unit', 2);
    const secret = this.managed(caller, id);
    const subject = opts.unit !== undefined ? { kind: 'unit', name: opts.unit } : { kind: 'application', name: app };
    secret.grants = secret.grants.filter((g) => g.kind !== subject.kind || g.name !== subject.name);
    return { value: undefined, events: [] };
  }

  /** `secret-remove`: the whole secret, or one revision (the last one left takes the secret with it). */
  remove(caller: SecretCaller, uri: string, opts: { revision?: number } = {}): SecretAnswer<void> {
    const id = parseSecretId(uri);
    const secret = this.managed(caller, id);
    if (opts.revision !== undefined && opts.revision > 0) {
      secret.revisions = secret.revisions.filter((r) => r.revision !== opts.revision);
      if (secret.revisions.length > 0) return { value: undefined, events: [] };
    }
    delete this.state.secrets[id];
    return { value: undefined, events: [] };
  }

  /** `secret-ids`: what Juju prints, the ids (without `secret:`) of the secrets the caller owns, and its application's for the leader. */
  ids(caller: SecretCaller): string[] {
    return this.metadata(caller)
      .map((s) => s.id)
      .sort();
  }

  /** `secret-info-get`: what Juju prints, keyed by the id, for a secret the caller owns (its application's, for the leader). */
  info(caller: SecretCaller, ref: SecretRef): Record<string, SecretInfo> {
    const id = ref.id === undefined ? undefined : parseSecretId(ref.id);
    if (id === undefined && !ref.label) throw new ToolRefusal('require either a secret URI or label', 2);
    if (id !== undefined && ref.label) throw new ToolRefusal('specify either a secret URI or label but not both', 2);
    const secret = this.metadata(caller).find((s) => (id !== undefined ? s.id === id : s.label === ref.label));
    if (!secret) throw new ToolRefusal(`secret ${goQuote(id ?? ref.label!)} not found`, 1);
    return { [secret.id]: secretInfo(secret) };
  }

  /**
   * The model's clock moves on by `ms`: secret-rotate for each secret due to
   * rotate (then due again a policy's period later), secret-expired once for
   * each revision whose expiry has come, both to the owner.
   */
  advanceTime(ms: number): SecretEvent[] {
    this.state.now += ms;
    const events: SecretEvent[] = [];
    for (const secret of Object.values(this.state.secrets)) {
      const label = secret.label ? { label: secret.label } : {};
      if (secret.rotate && secret.nextRotateTime !== undefined && secret.nextRotateTime <= this.state.now) {
        events.push({ hook: 'secret-rotate', owner: secret.owner, id: secretUri(secret.id), ...label });
        secret.nextRotateTime = nextRotateTime(secret.rotate, this.state.now);
      }
      for (const revision of secret.revisions) {
        if (revision.expireTime === undefined || revision.expireTime > this.state.now || revision.expiredNotified) continue;
        revision.expiredNotified = true;
        events.push({ hook: 'secret-expired', owner: secret.owner, id: secretUri(secret.id), ...label, revision: revision.revision });
      }
    }
    return events;
  }

  /** A relation is gone: the grants made over it go with it, as Juju removes them. */
  relationRemoved(relationId: string): void {
    for (const secret of Object.values(this.state.secrets)) {
      secret.grants = secret.grants.filter((g) => relationNumber(g.relationId) !== relationNumber(relationId));
    }
  }

  private checkSettings(settings: SecretSettings): { expire?: number; rotate?: SecretRotatePolicy } {
    return {
      ...(settings.expire !== undefined && settings.expire !== '' ? { expire: parseExpire(settings.expire, this.state.now) } : {}),
      ...(settings.rotate !== undefined && settings.rotate !== '' ? { rotate: checkRotatePolicy(settings.rotate) } : {}),
    };
  }

  private rotation(policy: SecretRotatePolicy | undefined): Partial<SecretState> {
    const next = policy === undefined ? undefined : nextRotateTime(policy, this.state.now);
    return { ...(policy !== undefined ? { rotate: policy } : {}), ...(next !== undefined ? { nextRotateTime: next } : {}) };
  }

  /** A label an owner gives must not be its own for another secret (`secret-add` twice with one label). */
  private checkOwnerLabel(owner: SecretOwner, label: string): void {
    const taken = Object.values(this.state.secrets).some((s) => s.owner.kind === owner.kind && s.owner.name === owner.name && s.label === label);
    if (taken) throw new ToolRefusal(`secret with label ${goQuote(label)} already exists`, 1);
  }

  private relabel(secret: SecretState, label: string): void {
    this.checkOwnerLabel(secret.owner, label);
    secret.label = label;
  }

  /** The secrets whose metadata the caller sees: its own, and its application's when it leads. */
  private metadata(caller: SecretCaller): SecretState[] {
    return Object.values(this.state.secrets).filter(
      (s) =>
        (s.owner.kind === 'unit' && s.owner.name === caller.unit) ||
        (caller.leader && s.owner.kind === 'application' && s.owner.name === unitApplication(caller.unit)),
    );
  }

  /** A secret the caller reads as an owner: its own, or any of its application's. */
  private ownedOrAppSecret(caller: SecretCaller, id: string | undefined, label: string | undefined): SecretState | undefined {
    const app = unitApplication(caller.unit);
    return Object.values(this.state.secrets).find(
      (s) =>
        ((s.owner.kind === 'unit' && s.owner.name === caller.unit) || (s.owner.kind === 'application' && s.owner.name === app)) &&
        (id !== undefined ? s.id === id : s.label === label),
    );
  }

  /** The secret a consumer names, by URI or by its own label. */
  private consumed(caller: SecretCaller, id: string | undefined, label: string | undefined): SecretState {
    if (id === undefined) {
      const found = Object.values(this.state.secrets).find((s) => s.consumers[caller.unit]?.label === label);
      if (!found) throw new ToolRefusal(`consumer label ${goQuote(label!)} not found`, 1);
      return found;
    }
    const secret = this.state.secrets[id];
    if (!secret) throw new ToolRefusal(`secret ${goQuote(secretUri(id))} not found`, 1);
    return secret;
  }

  private canRead(unit: string, secret: SecretState): boolean {
    const app = unitApplication(unit);
    return secret.grants.some((g) => (g.kind === 'unit' ? g.name === unit : g.name === app));
  }

  /** The caller moves to `revision` (and gives its label): older revisions nobody tracks become obsolete. */
  private track(secret: SecretState, unit: string, revision: number, label: string | undefined): SecretEvent[] {
    const previous = secret.consumers[unit];
    secret.consumers[unit] = { revision, ...(label ? { label } : previous?.label ? { label: previous.label } : {}) };
    return previous !== undefined && revision > previous.revision ? this.markObsolete(secret) : [];
  }

  /** Revisions other than the latest that no consumer tracks become obsolete: secret-remove to the owner, once each. */
  private markObsolete(secret: SecretState): SecretEvent[] {
    const tracked = new Set(Object.values(secret.consumers).map((c) => c.revision));
    const events: SecretEvent[] = [];
    for (const revision of secret.revisions) {
      if (revision.revision === secret.latestRevision || revision.obsolete || tracked.has(revision.revision)) continue;
      revision.obsolete = true;
      events.push({
        hook: 'secret-remove',
        owner: secret.owner,
        id: secretUri(secret.id),
        ...(secret.label ? { label: secret.label } : {}),
        revision: revision.revision,
      });
    }
    return events;
  }

  /** A secret the caller may change: it owns it, or leads the owning application. */
  private managed(caller: SecretCaller, id: string): SecretState {
    const secret = this.state.secrets[id];
    if (!secret) throw new ToolRefusal(`secret ${goQuote(secretUri(id))} not found`, 1);
    if (secret.owner.kind === 'application' && secret.owner.name === unitApplication(caller.unit)) {
      if (!caller.leader) throw new ToolRefusal(NOT_LEADER, 1);
      return secret;
    }
    if (secret.owner.kind === 'unit' && secret.owner.name === caller.unit) return secret;
    throw new ToolRefusal(PERMISSION_DENIED, 1);
  }

  private manages(caller: SecretCaller, secret: SecretState): boolean {
    return secret.owner.kind === 'unit' ? secret.owner.name === caller.unit : caller.leader;
  }

  /** The application at the other end of the relation `-r` names (`db:3` or `3`), as Juju's tools read `-r`. */
  private remoteApp(caller: SecretCaller, relationId: string): string {
    const number = relationNumber(relationId);
    if (number === undefined) throw new ToolRefusal(`invalid value ${goQuote(relationId)} for option -r: invalid relation id`, 2);
    const found = Object.entries(caller.relations ?? {}).find(([id]) => relationNumber(id) === number);
    if (!found) throw new ToolRefusal(`invalid value ${goQuote(relationId)} for option -r: relation not found`, 2);
    return found[1];
  }
}

function latest(secret: SecretState): SecretRevisionState {
  return secret.revisions.find((r) => r.revision === secret.latestRevision) ?? secret.revisions[secret.revisions.length - 1]!;
}

function sameContent(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

/** The number of a relation id, as Juju's `-r` reads it: what follows the last `:`. */
function relationNumber(relationId: string): number | undefined {
  const text = relationId.slice(relationId.lastIndexOf(':') + 1);
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function checkUnitName(unit: string): void {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*\/\d+$/.test(unit)) throw new ToolRefusal(`unit ${goQuote(unit)} not valid`, 2);
}

function secretInfo(secret: SecretState): SecretInfo {
  const expiry = latest(secret).expireTime;
  return {
    revision: secret.latestRevision,
    label: secret.label ?? '',
    owner: secret.owner.kind,
    ...(secret.description ? { description: secret.description } : {}),
    ...(secret.rotate ? { rotation: secret.rotate } : {}),
    ...(expiry !== undefined ? { expiry: new Date(expiry).toISOString() } : {}),
    ...(secret.nextRotateTime !== undefined ? { rotates: new Date(secret.nextRotateTime).toISOString() } : {}),
    ...(secret.grants.length > 0
      ? {
          access: secret.grants.map((g) => ({
            target: g.kind === 'application' ? `application-${g.name}` : `unit-${g.name.replace('/', '-')}`,
            scope: `relation-${g.relationId}`,
            role: 'view' as const,
          })),
        }
      : {}),
  };
}
