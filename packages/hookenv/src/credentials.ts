import { hookTools } from './hook-api.js';

/** The cloud spec of the unit's model, with its credential: for an application the operator trusted (`juju trust`). */
export function credentialGet(): Promise<Record<string, unknown>> {
  return hookTools().credentialGet();
}
