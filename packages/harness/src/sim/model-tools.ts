// What the model tells a unit about itself and its relations in the
// simulator: credential-get (for a trusted application), the unit's
// server-side state (state-get, state-set, state-delete) and
// relation-model-get.
import { CREDENTIAL_REFUSED, ToolRefusal } from '@reactive/hookenv';
import { relationKey } from './state.js';
import type { ToolContext } from './tools.js';

/** The cloud spec credential-get prints for a trusted application: a made-up LXD cloud (the simulator has none). */
export const SIMULATED_CLOUD_SPEC = {
  type: 'lxd',
  name: 'localhost',
  region: 'localhost',
  endpoint: 'https://10.0.0.1:8443',
  credential: { 'auth-type': 'interactive', attrs: { 'trust-password': 'simulated' } },
  'is-controller-cloud': true,
} as const;

/** The model's methods of the simulator's backend (HookTools' names and arguments). */
export function modelBackend(ctx: ToolContext) {
  const state = (): Record<string, string> => (ctx.view.units[ctx.unit]!.charmState ??= {});
  return {
    credentialGet: () => {
      if (!ctx.view.applications[ctx.app]?.trust) throw new ToolRefusal(CREDENTIAL_REFUSED, 1);
      return structuredClone(SIMULATED_CLOUD_SPEC);
    },
    stateGet: (key?: string) => (key === undefined ? { ...state() } : (state()[key] ?? null)),
    stateSet: (values: Record<string, string>) => {
      for (const [key, value] of Object.entries(values)) Object.defineProperty(state(), key, { value, enumerable: true, writable: true, configurable: true });
    },
    stateDelete: (key: string) => {
      delete state()[key];
    },
    relationModelGet: (relationId: string) => {
      const number = /^(?:[^:]*:)?(\d+)$/.exec(relationId)?.[1];
      const mine = ctx.view.units[ctx.unit]?.relations ?? {};
      const relation = ctx.view.relations.find((r) => String(r.id) === number && mine[r.id] !== undefined);
      if (!relation || (relationId.includes(':') && relationKey(relation, ctx.app) !== relationId)) {
        throw new ToolRefusal(`invalid value "${relationId}" for option -r: relation not found`, 2);
      }
      return { uuid: ctx.view.uuid };
    },
  };
}
