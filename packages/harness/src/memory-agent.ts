import { HookToolError, type LogLevel, type MemoryHookTools, type StatusState, type UnitAgentCall } from '@reactive/hookenv';
import { parseArgs, UsageError, type FlagSpec } from './sim/tool-args.js';
import type { ToolResponse } from './sim/tools.js';
import { runMemoryJujuTool } from './memory-juju-tools.js';

/** The options of the tools answered here, parsed as Juju's tools parse them (sim/tool-args). */
const SPEC: FlagSpec = {
  flags: {
    relation: 'value',
    app: 'bool',
    application: 'bool',
    format: 'value',
    'log-level': 'value',
    file: 'value',
    all: 'bool',
    'include-data': 'bool',
    debug: 'bool',
  },
  aliases: { r: 'relation', l: 'log-level' },
};

const json = (value: unknown): ToolResponse => ({ code: 0, stdout: `${JSON.stringify(value ?? null)}\n`, stderr: '' });
const done: ToolResponse = { code: 0, stdout: '', stderr: '' };

/** k=v arguments (an empty value deletes). */
function settings(pairs: string[]): Record<string, string | null> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf('=');
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      return [eq === -1 ? pair : pair.slice(0, eq), value === '' ? null : value];
    }),
  );
}

/**
 * Answers a hook tool's command line from the Harness's in-memory unit, so
 * that the processes a hook starts (bash handlers, the charms.reactive CLI)
 * see the same unit as the handlers running in the test's process.
 */
export async function runMemoryTool(tools: MemoryHookTools, { tool, args, stdin }: UnitAgentCall): Promise<ToolResponse> {
  const jujuAnswer = await runMemoryJujuTool(tools, tool, args, stdin);
  if (jujuAnswer) return jujuAnswer;
  let parsed;
  try {
    parsed = parseArgs(args, SPEC);
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, stdout: '', stderr: `ERROR ${error.message}\n` };
    throw error;
  }
  const { flags: options, positional } = parsed;
  const relationId = options.get('relation') as string | undefined;
  const app = options.has('app') || options.has('application');
  try {
    switch (tool) {
      case 'config-get': {
        const all = await tools.configGet();
        return json(positional[0] === undefined ? all : (all[positional[0]] ?? null));
      }
      case 'relation-ids':
        return json(await tools.relationIds(positional[0] ?? process.env.JUJU_RELATION ?? ''));
      case 'relation-list': {
        const id = relationId ?? process.env.JUJU_RELATION_ID ?? '';
        return json(app ? await tools.relationRemoteApp(id) : await tools.relationList(id));
      }
      case 'relation-get': {
        const key = positional[0] === undefined || positional[0] === '-' ? undefined : positional[0];
        return json(
          tools.relationData({
            relationId: relationId ?? process.env.JUJU_RELATION_ID ?? '',
            app,
            ...(key ? { key } : {}),
            ...(positional[1] ? { unit: positional[1] } : {}),
          }),
        );
      }
      case 'relation-set': {
        const file = options.get('file');
        const data = file === '-' ? (JSON.parse(stdin ?? '{}') as Record<string, string | null>) : settings(positional);
        await tools.relationSet({ relationId: relationId ?? process.env.JUJU_RELATION_ID ?? '', app }, data);
        return done;
      }
      case 'status-set':
        await tools.statusSet(positional[0] as StatusState, positional[1] ?? '', { application: app });
        return done;
      case 'status-get': {
        const status = await tools.statusGet({ application: app });
        return json({ status: status.status, message: status.message, 'status-data': {} });
      }
      case 'juju-log':
        await tools.jujuLog(positional.join(' '), (options.has('debug') ? 'DEBUG' : options.get('log-level')) as LogLevel | undefined);
        return done;
      case 'is-leader':
        return json(await tools.isLeader());
      case 'leader-get':
        return json(await tools.leaderGet(positional[0] === '-' ? undefined : positional[0]));
      case 'leader-set':
        await tools.leaderSet(settings(positional));
        return done;
      case 'application-version-set':
        await tools.applicationVersionSet(positional[0] ?? '');
        return done;
      case 'open-port':
      case 'close-port':
        await (tool === 'open-port' ? tools.openPort(positional[0] ?? '') : tools.closePort(positional[0] ?? ''));
        return done;
      case 'unit-get':
        return json(await tools.unitGet((positional[0] ?? 'private-address') as 'private-address'));
      default:
        return { code: 1, stdout: '', stderr: `ERROR the Harness does not provide ${tool}\n` };
    }
  } catch (error) {
    const code = error instanceof HookToolError && error.exitCode ? error.exitCode : 1;
    return { code, stdout: '', stderr: `ERROR ${error instanceof HookToolError ? error.stderr || error.message : (error as Error).message}\n` };
  }
}
