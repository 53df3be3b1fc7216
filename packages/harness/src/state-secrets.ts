// A State's secrets to and from the JSON of @reactive/hookenv's JujuSecrets,
// the model the unit's hook tools answer secret commands from.
import { emptySecretsState, parseSecretId, secretUri, type SecretGrantState, type SecretState, type SecretsState } from '@reactive/hookenv';
import type { StateRelation, StateSecret } from './state-types.js';

/** The model's secrets holding the unit's: those it owns, and those granted to it with what it tracks. */
export function secretsState(unit: string, secrets: readonly StateSecret[], relations: Readonly<Record<string, StateRelation>>, now: number): SecretsState {
  const state = emptySecretsState(now);
  state.counter = secrets.length;
  const app = unit.split('/')[0]!;
  for (const secret of secrets) {
    const id = parseSecretId(secret.id);
    const numbers = Object.keys(secret.revisions).map(Number);
    const record: SecretState = {
      id,
      owner:
        secret.from !== undefined
          ? { kind: 'application', name: relations[secret.from]!.remoteApp }
          : { kind: secret.owner!, name: secret.owner === 'unit' ? unit : app },
      ...(secret.label !== undefined && secret.from === undefined ? { label: secret.label } : {}),
      ...(secret.description !== undefined ? { description: secret.description } : {}),
      latestRevision: Math.max(...numbers),
      revisions: numbers.sort((a, b) => a - b).map((revision) => ({ revision, content: { ...secret.revisions[revision] } })),
      grants:
        secret.from !== undefined
          ? [{ kind: secret.grantedToUnit ? 'unit' : 'application', name: secret.grantedToUnit ? unit : app, relationId: secret.from }]
          : grants(secret, relations),
      consumers: secret.tracking === undefined ? {} : { [unit]: { revision: secret.tracking, ...(secret.label !== undefined ? { label: secret.label } : {}) } },
    };
    state.secrets[id] = record;
  }
  return state;
}

function grants(secret: StateSecret, relations: Readonly<Record<string, StateRelation>>): SecretGrantState[] {
  return Object.entries(secret.grants ?? {}).flatMap(([relationId, to]): SecretGrantState[] =>
    to === 'application'
      ? [{ kind: 'application', name: relations[relationId]!.remoteApp, relationId }]
      : to.map((name) => ({ kind: 'unit', name, relationId })),
  );
}

/** The secrets the unit sees in the model's: those it (or its application) owns, and those granted to it. */
export function stateSecrets(unit: string, state: SecretsState): StateSecret[] {
  const app = unit.split('/')[0]!;
  return Object.values(state.secrets).flatMap((secret): StateSecret[] => {
    const owned = secret.owner.kind === 'unit' ? secret.owner.name === unit : secret.owner.name === app;
    const grant = secret.grants.find((g) => (g.kind === 'unit' ? g.name === unit : g.name === app));
    if (!owned && !grant) return [];
    const consumer = secret.consumers[unit];
    const label = owned ? secret.label : consumer?.label;
    const common = {
      id: secretUri(secret.id),
      ...(label !== undefined ? { label } : {}),
      ...(secret.description !== undefined ? { description: secret.description } : {}),
      revisions: Object.fromEntries(secret.revisions.map((r) => [r.revision, { ...r.content }])),
    };
    if (owned) return [{ ...common, owner: secret.owner.kind, ...ownGrants(secret.grants) }];
    return [
      { ...common, from: grant!.relationId, ...(grant!.kind === 'unit' ? { grantedToUnit: true } : {}), ...(consumer ? { tracking: consumer.revision } : {}) },
    ];
  });
}

function ownGrants(list: SecretGrantState[]): Pick<StateSecret, 'grants'> {
  if (list.length === 0) return {};
  const out: NonNullable<StateSecret['grants']> = {};
  for (const grant of list) {
    const to = out[grant.relationId];
    if (grant.kind === 'application') out[grant.relationId] = 'application';
    else if (to !== 'application') out[grant.relationId] = [...(to ?? []), grant.name];
  }
  return { grants: out };
}
