// What the model keeps of Juju 3.x beside applications, units and relations:
// the Juju version, the secrets (JSON state of @reactive/hookenv's rules),
// storage, resources, trust and each unit's server-side state. Plain JSON,
// saved in model.json with the rest.
import type { JujuVersionName, SecretsState, StorageAttachment } from '@reactive/hookenv';

/** A storage the charm declares (metadata.yaml `storage:`). */
export interface StorageDeclaration {
  kind: 'filesystem' | 'block';
  /** How many instances a unit gets when deployed: the range's minimum (1 for a single store). */
  count: number;
  /** The most instances a unit may have (`multiple: range: 1-3`); none for no limit. */
  max?: number;
}

/** A storage instance attached to a unit; its location is made under the unit's folder before its first hook. */
export interface StorageInstance {
  kind: StorageAttachment['kind'];
  location?: string;
}

export interface JujuModelFields {
  /** The Juju the model runs (default 3.6). */
  juju?: JujuVersionName;
  secrets?: SecretsState;
  /** The next number of each storage name (`data/0`, `data/1`: model-wide, as Juju numbers them). */
  nextStorage?: Record<string, number>;
}

export interface JujuAppFields {
  /** The charm's storage, by name. */
  storage?: Record<string, StorageDeclaration>;
  /** The resource files the model gives (absolute paths), by resource name. */
  resources?: Record<string, string>;
  /** `juju trust`: credential-get answers. */
  trust?: boolean;
}

export interface JujuUnitFields {
  /** Storage attached to the unit, by id (`data/0`). */
  storage?: Record<string, StorageInstance>;
  /** The unit's server-side state (state-get, state-set). */
  charmState?: Record<string, string>;
}

/** What a queued secret or storage hook is about. */
export interface JujuEventFields {
  secret?: { id: string; label?: string; revision?: number };
  storage?: string;
}
