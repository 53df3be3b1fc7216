// The simulator's answers to the commands of juju-commands.ts: each command
// line read as jujuc reads it, answered from the hook's copy of the model
// under @reactive/hookenv's rules, and a refusal of those rules turned into
// the tool's `ERROR` line and exit code.
import { ToolRefusal } from '@reactive/hookenv';
import { answer, JUJU_COMMANDS, type JujuBackend, type JujuCommand } from './juju-commands.js';
import { modelBackend } from './model-tools.js';
import { resourceBackend } from './resource-tools.js';
import { secretBackend } from './secret-tools.js';
import { relationKey } from './state.js';
import { storageBackend } from './storage-tools.js';
import { ToolFailure } from './tool-args.js';
import type { ToolContext, ToolDef } from './tools.js';

function backend(ctx: ToolContext): JujuBackend {
  return { ...secretBackend(ctx), ...storageBackend(ctx), ...resourceBackend(ctx), ...modelBackend(ctx) } as JujuBackend;
}

function toolDef(command: JujuCommand): ToolDef {
  return {
    spec: command.spec,
    prints: command.prints !== 'nothing',
    run(ctx, parsed, stdin) {
      try {
        const relationId = ctx.relation ? relationKey(ctx.relation, ctx.app) : undefined;
        const call = command.read(parsed, { ...(relationId ? { relationId } : {}), cwd: ctx.charm.dir, stdin });
        return answer(backend(ctx), call);
      } catch (error) {
        if (error instanceof ToolRefusal) throw new ToolFailure(error.message, error.exitCode);
        throw error;
      }
    },
  };
}

/** The tools of juju-commands.ts, as the simulator runs them. */
export const JUJU_TOOLS: Record<string, ToolDef> = Object.fromEntries(Object.entries(JUJU_COMMANDS).map(([name, command]) => [name, toolDef(command)]));
