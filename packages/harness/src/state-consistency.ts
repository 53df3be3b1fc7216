// Refuses, before a state-in/state-out run, a state and hook Juju could not
// produce for the charm: each problem is one line naming the field at fault.
import { FLAG_PREFIX } from '@reactive/flags';
import { checkSecretContent, hasHook, isSecretUri, SECRET_HOOKS, type JujuVersion } from '@reactive/hookenv';
import type { CharmInfo, OptionType } from './sim/charm.js';
import type { StorageDeclaration } from './sim/juju-state.js';
import type { HookEvent, State, StateRelation, StateSecret } from './state-types.js';

/** What the checker knows of the charm: metadata.yaml's endpoints and storage, config.yaml's options. */
export type StateCharm = Pick<CharmInfo, 'name' | 'endpoints' | 'options'> & { storage: Record<string, StorageDeclaration> };

/** The state and hook refused, with every problem found, one line each. */
export class InconsistentStateError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`a state Juju could not produce:\n${problems.join('\n')}`);
    this.name = 'InconsistentStateError';
    this.problems = problems;
  }
}

const STATE_FIELDS = [
  'unit',
  'leader',
  'config',
  'flags',
  'kv',
  'leaderSettings',
  'relations',
  'secrets',
  'storage',
  'status',
  'appStatus',
  'ports',
  'workloadVersion',
  'charmState',
];
const EVENT_FIELDS = ['hook', 'relation', 'remoteUnit', 'secret', 'revision', 'storage', 'targetBase'];
const UNIT = /^([a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/\d+$/;
const RELATION_ID = /^(.+):(\d+)$/;
const STORAGE_ID = /^(.+)\/(\d+)$/;
const TYPE_NAMES: Record<OptionType, string> = { string: 'a string', secret: 'a secret URI', int: 'an int', float: 'a float', boolean: 'a boolean' };

/** Throws an {@link InconsistentStateError} listing what Juju could not produce, if anything. */
export function checkState(charm: StateCharm, event: HookEvent, state: State, juju: JujuVersion): void {
  const problems = [...unknownFields(event, state), ...stateProblems(charm, state, juju), ...eventProblems(charm, event, state, juju)];
  if (problems.length > 0) throw new InconsistentStateError(problems);
}

/** The unit a state is of: its own, else the charm's first. */
export function stateUnit(charm: Pick<CharmInfo, 'name'>, state: State): string {
  return state.unit ?? `${charm.name}/0`;
}

function unknownFields(event: HookEvent, state: State): string[] {
  return [
    ...Object.keys(state)
      .filter((key) => !STATE_FIELDS.includes(key))
      .map((key) => `state.${key}: not a field of a State (${STATE_FIELDS.join(', ')})`),
    ...Object.keys(event)
      .filter((key) => !EVENT_FIELDS.includes(key))
      .map((key) => `event.${key}: not a field of a HookEvent (${EVENT_FIELDS.join(', ')})`),
  ];
}

function stateProblems(charm: StateCharm, state: State, juju: JujuVersion): string[] {
  const unit = stateUnit(charm, state);
  const problems: string[] = [];
  if (!UNIT.test(unit)) problems.push(`state.unit: ${JSON.stringify(unit)} is not a unit name (app/N)`);
  problems.push(...configProblems(charm, state.config ?? {}));
  for (const key of Object.keys(state.kv ?? {}))
    if (key.startsWith(FLAG_PREFIX)) problems.push(`state.kv["${key}"]: a flag's key: give it in state.flags as "${key.slice(FLAG_PREFIX.length)}"`);
  if (state.appStatus && !state.leader) problems.push('state.appStatus: only the leader sees its application status (leader: true)');
  for (const [id, relation] of Object.entries(state.relations ?? {})) problems.push(...relationProblems(charm, unit, id, relation, state.relations!));
  if (state.secrets?.length && !juju.hookCommands.includes('secret-get'))
    problems.push(`state.secrets: Juju ${juju.name} (JUJU_VERSION ${juju.version}) has no secrets`);
  for (const [n, secret] of (state.secrets ?? []).entries()) problems.push(...secretProblems(n, unit, secret, state));
  for (const [id, storage] of Object.entries(state.storage ?? {})) {
    const name = STORAGE_ID.exec(id)?.[1];
    const declared = name === undefined ? undefined : charm.storage[name];
    if (!declared) problems.push(`state.storage["${id}"]: ${charm.name} declares no storage "${name ?? id}" (${listed(Object.keys(charm.storage))})`);
    else if (storage.kind && storage.kind !== declared.kind) problems.push(`state.storage["${id}"].kind: ${name} is ${declared.kind} storage`);
  }
  return problems;
}

function configProblems(charm: StateCharm, config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(config)) {
    const option = charm.options[name];
    if (!option) problems.push(`state.config["${name}"]: ${charm.name}'s config.yaml declares no option "${name}" (${listed(Object.keys(charm.options))})`);
    else if (value !== null && !hasType(option.type, value))
      problems.push(`state.config["${name}"]: option "${name}" takes ${TYPE_NAMES[option.type]}, not ${JSON.stringify(value)}`);
  }
  return problems;
}

function hasType(type: OptionType, value: unknown): boolean {
  if (type === 'int') return Number.isInteger(value);
  if (type === 'float') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'secret') return typeof value === 'string' && isSecretUri(value);
  return typeof value === 'string';
}

function relationProblems(charm: StateCharm, unit: string, id: string, relation: StateRelation, all: Record<string, StateRelation>): string[] {
  const where = `state.relations["${id}"]`;
  const match = RELATION_ID.exec(id);
  if (!match) return [`${where}: a relation id is <endpoint>:<number>`];
  const endpoint = charm.endpoints.find((e) => e.name === match[1]);
  if (!endpoint) return [`${where}: ${charm.name} declares no endpoint "${match[1]}" (${listed(charm.endpoints.map((e) => e.name))})`];
  const problems: string[] = [];
  const sameNumber = Object.keys(all).find((other) => other !== id && RELATION_ID.exec(other)?.[2] === match[2]);
  if (sameNumber && sameNumber < id) problems.push(`${where}: relation number ${match[2]} is ${sameNumber}'s too (Juju numbers relations model-wide)`);
  const app = unit.split('/')[0]!;
  if (typeof relation.remoteApp !== 'string') return [...problems, `${where}.remoteApp: the application at the other end is missing`];
  if (endpoint.role === 'peers' && relation.remoteApp !== app)
    problems.push(`${where}.remoteApp: "${match[1]}" is a peer endpoint: the other end is ${app}, not ${relation.remoteApp}`);
  if (endpoint.role !== 'peers' && relation.remoteApp === app) problems.push(`${where}.remoteApp: ${app} is related to itself over a non-peer endpoint`);
  for (const bag of ['remoteAppData', 'localUnitData', 'localAppData'] as const) problems.push(...bagProblems(`${where}.${bag}`, relation[bag]));
  for (const [remote, data] of Object.entries(relation.units ?? {})) {
    problems.push(...bagProblems(`${where}.units["${remote}"]`, data));
    if (remote === unit) problems.push(`${where}.units["${remote}"]: a unit is not its own remote unit (a peer relation lists the others)`);
    else if (UNIT.exec(remote)?.[1] !== relation.remoteApp)
      problems.push(`${where}.units["${remote}"]: not a unit of the remote application ${relation.remoteApp}`);
  }
  return problems;
}

/** Relation data is text: Juju's databags hold strings. */
function bagProblems(where: string, bag: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.entries(bag ?? {})
    .filter(([, value]) => typeof value !== 'string')
    .map(([key, value]) => `${where}["${key}"]: relation data is strings, not ${JSON.stringify(value)}`);
}

function secretProblems(n: number, unit: string, secret: StateSecret, state: State): string[] {
  const where = `state.secrets[${n}]`;
  const problems: string[] = [];
  if (state.secrets!.findIndex((other) => other.id === secret.id) < n) problems.push(`${where}.id: ${secret.id} is listed twice`);
  for (const [revision, content] of Object.entries(secret.revisions ?? {})) {
    try {
      checkSecretContent(content);
    } catch (error) {
      problems.push(`${where}.revisions[${revision}]: ${(error as Error).message}`);
    }
  }
  if (typeof secret.id !== 'string' || !isSecretUri(secret.id))
    problems.push(`${where}.id: ${JSON.stringify(secret.id)} is not a secret URI (secret:<20 of 0-9a-v>)`);
  if ((secret.owner === undefined) === (secret.from === undefined))
    problems.push(`${where}: give either owner ('application' or 'unit') or from (the relation it was granted over)`);
  const revisions = Object.keys(secret.revisions ?? {});
  if (revisions.length === 0) problems.push(`${where}.revisions: a secret has at least one revision`);
  if (revisions.some((r) => !/^[1-9]\d*$/.test(r))) problems.push(`${where}.revisions: revisions are numbered from 1`);
  if (secret.from !== undefined) {
    const relation = state.relations?.[secret.from];
    if (!relation) problems.push(`${where}.from: no relation "${secret.from}" in state.relations`);
    else if (relation.remoteApp === unit.split('/')[0])
      problems.push(`${where}.from: "${secret.from}" is a peer relation: its own application owns the secret (owner)`);
    if (secret.tracking !== undefined && !revisions.includes(String(secret.tracking)))
      problems.push(`${where}.tracking: revision ${secret.tracking} is not in revisions`);
    if (secret.label !== undefined && secret.tracking === undefined)
      problems.push(`${where}.label: a consumer labels a secret when it reads it: give the revision it tracks (tracking)`);
    if (secret.grants) problems.push(`${where}.grants: only the owner grants a secret`);
  } else if (secret.tracking !== undefined || secret.grantedToUnit) {
    problems.push(`${where}.${secret.tracking !== undefined ? 'tracking' : 'grantedToUnit'}: for a secret granted to this unit (from)`);
  }
  for (const [relationId, to] of Object.entries(secret.grants ?? {})) {
    const relation = state.relations?.[relationId];
    if (!relation) problems.push(`${where}.grants["${relationId}"]: no relation "${relationId}" in state.relations`);
    else if (to !== 'application')
      for (const grantee of to)
        if (UNIT.exec(grantee)?.[1] !== relation.remoteApp)
          problems.push(`${where}.grants["${relationId}"]: ${grantee} is not a unit of the remote application ${relation.remoteApp}`);
  }
  return problems;
}

function eventProblems(charm: StateCharm, event: HookEvent, state: State, juju: JujuVersion): string[] {
  const { hook } = event;
  if (typeof hook !== 'string') return ['event.hook: the hook to run is missing'];
  if (!hasHook(juju, hook)) return [`event.hook: Juju ${juju.name} (JUJU_VERSION ${juju.version}) has no ${hook} hook`];
  const relationHook = /^(.+)-relation-(created|joined|changed|departed|broken)$/.exec(hook);
  const storageHook = /^(.+)-storage-(?:attached|detaching)$/.exec(hook);
  return [
    ...(relationHook ? relationEventProblems(charm, event, state, relationHook[1]!, relationHook[2]!) : misplaced(event, ['relation', 'remoteUnit'])),
    ...(SECRET_HOOKS.includes(hook) ? secretEventProblems(event, state) : misplaced(event, ['secret', 'revision'])),
    ...(storageHook ? storageEventProblems(charm, event, state, storageHook[1]!) : misplaced(event, ['storage'])),
    ...(hook === 'leader-elected' && !state.leader ? ['state.leader: leader-elected runs on the leader (leader: true)'] : []),
    ...(hook === 'leader-settings-changed' && state.leader ? ['state.leader: leader-settings-changed runs on the other units (leader: false)'] : []),
  ];
}

function misplaced(event: HookEvent, fields: Array<keyof HookEvent>): string[] {
  return fields.filter((field) => event[field] !== undefined).map((field) => `event.${field}: not for a ${event.hook} hook`);
}

function relationEventProblems(charm: StateCharm, event: HookEvent, state: State, endpoint: string, kind: string): string[] {
  if (!charm.endpoints.some((e) => e.name === endpoint)) return [`event.hook: ${charm.name} declares no endpoint "${endpoint}" for ${event.hook}`];
  if (event.relation === undefined) return [`event.relation: ${event.hook} needs the id of its relation (${endpoint}:N) in state.relations`];
  const relation = state.relations?.[event.relation];
  if (!relation) return [`event.relation: no relation "${event.relation}" in state.relations`];
  if (RELATION_ID.exec(event.relation)?.[1] !== endpoint)
    return [`event.relation: "${event.relation}" is not a relation of ${endpoint}, the endpoint of ${event.hook}`];
  const needsUnit = kind === 'joined' || kind === 'departed';
  if (event.remoteUnit === undefined) return needsUnit ? [`event.remoteUnit: ${event.hook} is about a remote unit: name it`] : [];
  if (kind === 'created' || kind === 'broken') return [`event.remoteUnit: ${event.hook} is about no remote unit`];
  if (!Object.hasOwn(relation.units ?? {}, event.remoteUnit))
    return [`event.remoteUnit: ${event.remoteUnit} is not in state.relations["${event.relation}"].units`];
  return [];
}

function secretEventProblems(event: HookEvent, state: State): string[] {
  if (event.secret === undefined) return [`event.secret: ${event.hook} needs the id of its secret, in state.secrets`];
  const secret = state.secrets?.find((s) => s.id === event.secret);
  if (!secret) return [`event.secret: no secret "${event.secret}" in state.secrets`];
  const needsRevision = event.hook === 'secret-remove' || event.hook === 'secret-expired';
  if (event.hook === 'secret-changed') {
    if (secret.from === undefined) return ['event.secret: secret-changed runs on a unit that reads a granted secret (from), not on its owner'];
    return secret.tracking === undefined ? ['event.secret: secret-changed runs on a unit that read the secret (tracking)'] : [];
  }
  if (secret.owner === undefined) return [`event.secret: ${event.hook} runs on the secret's owner (owner)`];
  if (secret.owner === 'application' && !state.leader) return [`state.leader: ${event.hook} of an application's secret runs on its leader (leader: true)`];
  if (needsRevision && event.revision === undefined) return [`event.revision: ${event.hook} is about one revision: name it`];
  if (!needsRevision && event.revision !== undefined) return [`event.revision: not for a ${event.hook} hook`];
  if (needsRevision && !Object.hasOwn(secret.revisions, event.revision!))
    return [`event.revision: revision ${event.revision} is not in the secret's revisions`];
  return [];
}

function storageEventProblems(charm: StateCharm, event: HookEvent, state: State, name: string): string[] {
  if (!charm.storage[name]) return [`event.hook: ${charm.name} declares no storage "${name}" for ${event.hook}`];
  if (event.storage === undefined) return [`event.storage: ${event.hook} needs the id of its storage instance (${name}/N) in state.storage`];
  if (!state.storage || !Object.hasOwn(state.storage, event.storage)) return [`event.storage: no storage "${event.storage}" in state.storage`];
  if (STORAGE_ID.exec(event.storage)?.[1] !== name) return [`event.storage: "${event.storage}" is not an instance of ${name}`];
  return [];
}

function listed(names: string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}
