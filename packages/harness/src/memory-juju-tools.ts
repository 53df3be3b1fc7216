// The Harness's answers to the commands of sim/juju-commands.ts (secrets,
// storage, resources, credential-get, server-side state,
// relation-model-get): the same command lines as the simulator reads, answered
// by the unit's MemoryHookTools under the same rules.
import { HookToolError, ToolRefusal, type MemoryHookTools } from '@reactive/hookenv';
import { answer, JUJU_COMMANDS, type JujuBackend } from './sim/juju-commands.js';
import { helpText } from './sim/hook-commands.js';
import { flagValue, HelpRequested, parseArgs, UsageError } from './sim/tool-args.js';
import { render, type ToolResponse } from './sim/tools.js';

const failed = (code: number, message: string): ToolResponse => ({ code, stdout: '', stderr: `ERROR ${message}\n` });

/** The answer to `tool` when it is one of these commands; undefined for the others. */
export async function runMemoryJujuTool(tools: MemoryHookTools, tool: string, args: string[], stdin: string | null): Promise<ToolResponse | undefined> {
  const command = Object.hasOwn(JUJU_COMMANDS, tool) ? JUJU_COMMANDS[tool]! : undefined;
  if (!command) return undefined;
  try {
    const parsed = parseArgs(args, command.spec);
    const format = flagValue(parsed, 'format') ?? 'smart';
    if (format !== 'json' && format !== 'yaml' && format !== 'smart')
      return failed(2, `invalid value "${format}" for option --format: unknown format "${format}"`);
    const relationId = process.env.JUJU_RELATION_ID;
    const call = command.read(parsed, { ...(relationId ? { relationId } : {}), cwd: process.cwd(), stdin });
    const value = await answer(tools as unknown as JujuBackend, call);
    return { code: 0, stdout: command.prints === 'nothing' ? '' : render(value, format), stderr: '' };
  } catch (error) {
    if (error instanceof HelpRequested) return { code: 0, stdout: helpText(tool, []), stderr: '' };
    if (error instanceof UsageError) return failed(2, error.message);
    if (error instanceof ToolRefusal) return failed(error.exitCode, error.message);
    if (error instanceof HookToolError) return failed(error.exitCode ?? 1, error.stderr || error.message);
    throw error;
  }
}
