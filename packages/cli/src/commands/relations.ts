import { relatedUnits, relationId, relationIds, relationRemoteApp, runAtExit, runAtStart, unitApplication } from '@reactive/hookenv';
import { CliError, UsageError } from '../errors.js';

export interface RelationCallOptions {
  relation_name?: string;
  flag?: string;
  /** Deprecated spelling of `flag`. */
  state?: string;
}

type RelationCall = (method: string, target: { name?: string; flag?: string }, ...args: unknown[]) => Promise<unknown>;

/**
 * `relation_call [--relation_name N | --flag F | --state F] METHOD [ARG…]`:
 * calls METHOD with the string ARGs on the object implementing the relation
 * (`relationCall` of @reactive/endpoints) and returns its result. The
 * endpoints are started first, as at the start of a hook, so that they can be
 * found; the exit callbacks run after a successful call, so relation data the
 * method wrote is published. Run by the hook process for an external handler
 * (`inHook`), it uses the hook's endpoints, and the hook publishes.
 */
export async function relationCallCommand(method: string, args: string[], opts: RelationCallOptions, { inHook = false } = {}): Promise<unknown> {
  const flag = opts.flag ?? opts.state;
  // Python's ValueError (exit 1), not a usage error: scripts written for it see the same.
  if (!opts.relation_name && !flag) throw new CliError('Must specify either relation_name or flag');
  const endpoints = (await import('@reactive/endpoints')) as unknown as Record<string, unknown>;
  const relationCall = endpoints.relationCall as RelationCall | undefined;
  if (typeof relationCall !== 'function') {
    throw new CliError('this @reactive/endpoints has no relationCall(): relation_call needs a version that provides it');
  }
  // In the hook process the endpoints are started, and what the method publishes goes out with the hook.
  if (!inHook) await runAtStart();
  const target: { name?: string; flag?: string } = {};
  if (opts.relation_name) target.name = opts.relation_name;
  else if (flag) target.flag = flag;
  const result = await relationCall(method, target, ...args);
  if (!inHook) await runAtExit();
  return result;
}

/**
 * `relation_id [RELATION UNIT]` (not in the Python CLI, which the Python
 * `name_relation_get` needed): the id of the RELATION relation with UNIT's
 * application, e.g. `db:3`; with no arguments, the current relation's id.
 */
export async function relationIdCommand(relation: string | undefined, unit: string | undefined): Promise<string> {
  if (relation === undefined && unit === undefined) {
    const current = relationId();
    if (!current) throw new CliError('not in a relation hook: give RELATION and UNIT');
    return current;
  }
  if (relation === undefined || unit === undefined) throw new UsageError('give both RELATION and UNIT, or neither');
  const app = unitApplication(unit);
  for (const id of await relationIds(relation)) {
    const units = await relatedUnits(id);
    if (units.some((u) => unitApplication(u) === app)) return id;
    if (units.length === 0 && (await relationRemoteApp(id).catch(() => null)) === app) return id;
  }
  throw new CliError(`no ${relation} relation with ${app}`);
}
