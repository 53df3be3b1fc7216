import type { Endpoint } from './endpoint.js';
import { endpointFromFlag, endpointFromName } from './endpoint-lookup.js';
import { RelationBase } from './relation-base.js';

/** How {@link relationCall} finds its object: by relation name, or by a flag (`state` is the deprecated spelling). */
export interface RelationCallTarget {
  name?: string | null;
  flag?: string | null;
  /** @deprecated Use `flag`. */
  state?: string | null;
}

/**
 * Calls `method` with `args` on the object implementing a relation, and
 * returns its (awaited) result: charms.reactive's `relation_call` CLI
 * command. The object is {@link endpointFromName}'s for the relation `name`,
 * or {@link endpointFromFlag}'s for a `flag`. For a
 * RelationBase, `conversations` returns the conversations' scopes. A
 * snake_case method (`get_remote`) that the object lacks is looked up in
 * camelCase (`getRemote`), so commands written for Python charms work.
 */
export async function relationCall(method: string, target: RelationCallTarget, ...args: unknown[]): Promise<unknown> {
  let relation: Endpoint | RelationBase | null;
  const flag = target.flag || target.state;
  if (target.name) {
    relation = endpointFromName<Endpoint | RelationBase>(target.name);
    if (!relation) throw new Error(`Relation not found: ${target.name}`);
  } else if (flag) {
    relation = endpointFromFlag<Endpoint | RelationBase>(flag);
    if (!relation) throw new Error(`Relation not found: ${flag}`);
  } else {
    throw new Error('Must specify either relation_name or flag');
  }
  const fn = methodOf(relation, method);
  const result = await fn.apply(relation, args);
  if (relation instanceof RelationBase && method === 'conversations') {
    return (result as Array<{ scope: string }>).map((conversation) => conversation.scope);
  }
  return result;
}

function methodOf(relation: object, method: string): (...args: unknown[]) => unknown {
  const names = [method];
  if (method.includes('_')) names.push(method.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
  for (const name of names) {
    if (name === 'constructor') continue;
    const fn = (relation as Record<string, unknown>)[name];
    if (typeof fn === 'function') return fn as (...args: unknown[]) => unknown;
  }
  throw new Error(`relation_call: ${relation.constructor.name} has no method ${method}`);
}
