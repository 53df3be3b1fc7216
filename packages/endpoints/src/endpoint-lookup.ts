import { getFlagValue } from '@reactive/flags';
import { Endpoint } from './endpoint.js';
import { relationTypes } from './relation-factory.js';
import { factories } from './startup.js';

/**
 * The endpoint of a relation name, or null (no such relation, no Endpoint
 * implementation, restricted hook). `T`: the interface layer's class, as for `Endpoint.fromName`.
 */
export function endpointFromName<T extends Endpoint = Endpoint>(name: string | null | undefined): T | null {
  if (!name || !factories.get(name)) return null;
  return Endpoint.fromName<T>(name);
}

/**
 * The endpoint a flag refers to: the `relation` of a legacy flag value, else
 * the second part of `endpoint.<name>.…`, else the first part of `<name>.…`
 * when it is a relation name. Null when the flag is not set. `T` as for `endpointFromName`.
 */
export function endpointFromFlag<T extends Endpoint = Endpoint>(flag: string): T | null {
  const value = getFlagValue(flag);
  let name: string | undefined;
  if (value && typeof value === 'object' && typeof (value as { relation?: unknown }).relation === 'string') {
    name = (value as { relation: string }).relation;
  } else if (flag.startsWith('endpoint.')) {
    name = flag.split('.')[1];
  } else if (flag.includes('.')) {
    const first = flag.split('.')[0]!;
    if (relationTypes().includes(first)) name = first;
  }
  if (!name || !factories.get(name)) return null;
  return Endpoint.fromFlag<T>(flag);
}
