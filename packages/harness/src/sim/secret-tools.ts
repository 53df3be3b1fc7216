// The secret commands in the simulator: @reactive/hookenv's JujuSecrets (the
// rules the Harness follows too) on the hook's copy of the model's secrets;
// the hooks they cause wait with the hook's other changes for its exit 0.
import { emptySecretsState, JujuSecrets, type SecretCaller, type SecretRef, type SecretSettings } from '@reactive/hookenv';
import { hookChanges } from './hook-changes.js';
import { relationKey, remoteAppOf } from './state.js';
import type { ToolContext } from './tools.js';

/** The unit as the secret rules see it: its leadership and its relations (as it names them) to the application at the other end. */
function caller(ctx: ToolContext): SecretCaller {
  const mine = ctx.view.units[ctx.unit]?.relations ?? {};
  const relations = Object.fromEntries(
    ctx.view.relations.filter((r) => mine[r.id] !== undefined).map((r) => [relationKey(r, ctx.app), remoteAppOf(r, ctx.app)]),
  );
  return { unit: ctx.unit, leader: ctx.leader, relations };
}

/** Runs one secret command's rule on the hook's copy of the secrets, keeping the hooks it causes. */
function withSecrets<T>(ctx: ToolContext, run: (secrets: JujuSecrets, who: SecretCaller) => { value: T; events: ReturnType<JujuSecrets['set']>['events'] }): T {
  const secrets = new JujuSecrets((ctx.view.secrets ??= emptySecretsState()));
  const { value, events } = run(secrets, caller(ctx));
  hookChanges(ctx.view).secretEvents.push(...events);
  return value;
}

/** The secret methods of the simulator's backend (HookTools' names and arguments). */
export function secretBackend(ctx: ToolContext) {
  return {
    secretAdd: (content: Record<string, string>, settings: SecretSettings) => withSecrets(ctx, (s, who) => s.add(who, content, settings)),
    secretGet: (ref: SecretRef, opts: { refresh?: boolean; peek?: boolean }) => withSecrets(ctx, (s, who) => s.get(who, ref, opts)),
    secretSet: (id: string, content: Record<string, string> | undefined, settings: SecretSettings) =>
      withSecrets(ctx, (s, who) => s.set(who, id, content, settings)),
    secretGrant: (id: string, relationId: string, opts: { unit?: string }) => withSecrets(ctx, (s, who) => s.grant(who, id, relationId, opts)),
    secretRevoke: (id: string, opts: { relationId?: string; app?: string; unit?: string }) => withSecrets(ctx, (s, who) => s.revoke(who, id, opts)),
    secretRemove: (id: string, opts: { revision?: number }) => withSecrets(ctx, (s, who) => s.remove(who, id, opts)),
    secretIds: () => withSecrets(ctx, (s, who) => ({ value: s.ids(who), events: [] })),
    secretInfoGet: (ref: SecretRef) => withSecrets(ctx, (s, who) => ({ value: s.info(who, ref), events: [] })),
  };
}
