import type { CliIO } from './run.js';

/**
 * A `charms.reactive` call made by an external handler, as its process sends
 * it to the hook process (through @reactive/bus's handler agent).
 */
export interface AgentCall {
  /** The command line, without the node and script arguments. */
  argv: string[];
  /** The script as invoked (its name, `charms.reactive` or `reactive`, is used in messages). */
  script: string;
  /** The caller's working directory and environment: relative paths and templates' context are the caller's. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** The caller's unit-state path: the call is answered only when it is the hook's. */
  unitStateDb: string | undefined;
}

/** The answer: run here (`local`), or what the command printed and its exit status. */
export type AgentAnswer = { local: true } | { status: number; stdout: string; stderr: string };

/**
 * Answers an external handler's `charms.reactive` call in the hook process:
 * every command of the Python CLI (flags with or without `--value`, tests,
 * `render_template`, `relation_call`, ...) runs against the hook's own unit
 * state, so what it changes is part of the hook's one transaction (committed
 * if the hook succeeds, dropped if it fails or is killed) and the handler's
 * process never loads LMDB. A call for another store, or a command for people
 * or authors, is left to the caller. A process that has the hook's store
 * closed (or another copy of @reactive/hookenv, whose store nobody commits)
 * refuses the call: the caller must not write the store behind the hook.
 */
export async function answerHandlerAgent(payload: unknown): Promise<AgentAnswer> {
  const call = checkCall(payload);
  const { openedUnitState, unitStatePath } = await import('@reactive/hookenv');
  const state = openedUnitState();
  if (call.unitStateDb !== undefined && call.unitStateDb !== (state?.path ?? unitStatePath())) return { local: true };
  const { programName, runInHook } = await import('./run.js');
  const program = programName(call.script);
  if (!state) return { status: 1, stdout: '', stderr: `${program}: the hook has no unit state open here; nothing was changed\n` };
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const status = await runInHook(call.argv, io, program, { cwd: call.cwd, env: call.env });
  return status === undefined ? { local: true } : { status, stdout, stderr };
}

function checkCall(payload: unknown): AgentCall {
  const call = payload as Partial<AgentCall> | null;
  const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
  const valid =
    typeof call === 'object' &&
    call !== null &&
    strings(call.argv) &&
    typeof call.script === 'string' &&
    typeof call.cwd === 'string' &&
    typeof call.env === 'object' &&
    call.env !== null &&
    (call.unitStateDb === undefined || typeof call.unitStateDb === 'string');
  if (!valid) throw new Error('not a charms.reactive call');
  return call as AgentCall;
}
