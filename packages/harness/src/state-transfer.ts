// A State into a Harness's unit (its MemoryHookTools and unit state store),
// and the unit's state out of it again, in the same shape.
import { FLAG_PREFIX } from '@reactive/flags';
import { JujuSecrets, UnitState } from '@reactive/hookenv';
import type { Harness } from './harness.js';
import type { StateCharm } from './state-consistency.js';
import { secretsState, stateSecrets } from './state-secrets.js';
import type { FullState, State, StateRelation } from './state-types.js';

/** config.yaml's defaults, then the state's values (`null`: the default). */
export function stateConfig(charm: StateCharm, config: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(charm.options).map(([name, option]) => [name, option.default]));
  for (const [name, value] of Object.entries(config)) if (value !== null) out[name] = value;
  return out;
}

/** Gives the harness's unit `state` (a copy the caller owns): what Juju holds in its tools, the rest in its unit state. */
export async function loadState(harness: Harness, charm: StateCharm, state: State, now: number): Promise<void> {
  const tools = harness.tools;
  tools.leaderSettings = { ...state.leaderSettings };
  for (const [id, relation] of Object.entries(state.relations ?? {})) tools.relations.set(id, memoryRelation(id, relation));
  tools.secrets = new JujuSecrets(secretsState(harness.unit, state.secrets ?? [], state.relations ?? {}, now));
  for (const [id, storage] of Object.entries(state.storage ?? {})) {
    const [name, number] = id.split('/') as [string, string];
    tools.storage[id] = { kind: storage.kind ?? charm.storage[name]!.kind, location: storage.location ?? `/var/lib/juju/storage/${name}/${number}` };
  }
  if (state.status) tools.status = { ...state.status };
  if (state.appStatus) tools.applicationStatus = { ...state.appStatus };
  tools.ports = new Set(state.ports);
  tools.applicationVersion = state.workloadVersion ?? '';
  tools.charmState = { ...state.charmState };
  const store = UnitState.open(harness.unitStatePath);
  try {
    for (const [key, value] of Object.entries(state.kv ?? {})) store.set(key, value as never);
    for (const [flag, value] of Object.entries(state.flags ?? {})) store.set(FLAG_PREFIX + flag, value as never);
    store.commit();
  } finally {
    await store.close();
  }
}

function memoryRelation(id: string, relation: StateRelation) {
  return {
    id,
    endpoint: id.slice(0, id.lastIndexOf(':')),
    remoteApp: relation.remoteApp,
    units: structuredClone(relation.units ?? {}),
    departed: {},
    remoteAppData: { ...relation.remoteAppData },
    localUnitData: { ...relation.localUnitData },
    localAppData: { ...relation.localAppData },
  };
}

/** The harness's unit's state, every field given (the application's status to the leader only). */
export function readState(harness: Harness): FullState {
  const tools = harness.tools;
  const store = UnitState.open(harness.unitStatePath, { readOnly: true });
  let flags: Record<string, unknown>;
  let kv: Record<string, unknown>;
  try {
    flags = store.getRange(FLAG_PREFIX, { strip: true });
    kv = Object.fromEntries(Object.entries(store.getRange('')).filter(([key]) => !key.startsWith(FLAG_PREFIX)));
  } finally {
    void store.close();
  }
  return {
    unit: harness.unit,
    leader: tools.leader,
    config: structuredClone(tools.config),
    flags,
    kv,
    leaderSettings: { ...tools.leaderSettings },
    relations: Object.fromEntries(
      [...tools.relations.values()].map((r) => [
        r.id,
        {
          remoteApp: r.remoteApp,
          units: structuredClone(r.units),
          remoteAppData: { ...r.remoteAppData },
          localUnitData: { ...r.localUnitData },
          localAppData: { ...r.localAppData },
        },
      ]),
    ),
    secrets: stateSecrets(harness.unit, tools.secrets.state),
    storage: Object.fromEntries(Object.entries(tools.storage).map(([id, info]) => [id, { ...info }])),
    status: { ...tools.status },
    ...(tools.leader ? { appStatus: { ...tools.applicationStatus } } : {}),
    ports: [...tools.ports].sort(),
    workloadVersion: tools.applicationVersion,
    charmState: { ...tools.charmState },
  };
}
