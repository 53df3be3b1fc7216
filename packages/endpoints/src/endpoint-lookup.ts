import { getFlagValue } from '@reactive/flags';
import { Endpoint } from './endpoint.js';
import { type RelationBase, relationBaseOf, relationBaseOfFlag } from './relation-base.js';
import { isEndpointClass, relationTypes } from './relation-factory.js';
import { factories } from './startup.js';

/**
 * The object of a relation name, or null (no such relation, no
 * implementation, restricted hook): its Endpoint, or for a legacy interface
 * an instance of its most derived RelationBase class. `T`: the interface
 * layer's class, as for `Endpoint.fromName`.
 */
export function endpointFromName<T extends Endpoint | RelationBase = Endpoint>(name: string | null | undefined): T | null {
  const factory = name ? factories.get(name) : null;
  if (!name || !factory) return null;
  return (isEndpointClass(factory) ? Endpoint.fromName(name) : relationBaseOf(factory, name)) as T | null;
}

/**
 * The object a flag refers to: the relation is the `relation` of a legacy
 * flag value, else the second part of `endpoint.<name>.…`, else the first
 * part of `<name>.…` when it is a relation name. Null when the flag is not
 * set. `T` as for `endpointFromName`.
 */
export function endpointFromFlag<T extends Endpoint | RelationBase = Endpoint>(flag: string): T | null {
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
  const factory = name ? factories.get(name) : null;
  if (!factory) return null;
  return (isEndpointClass(factory) ? Endpoint.fromFlag(flag) : relationBaseOfFlag(factory, flag)) as T | null;
}
