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
  /** The caller's working directory and unit-state path: the call is answered only where they are the hook's. */
  cwd: string;
  unitStateDb: string | undefined;
}

/** The answer: run here (`local`), or what the command printed and its exit status. */
export type AgentAnswer = { local: true } | { status: number; stdout: string; stderr: string };

/**
 * Answers an external handler's `charms.reactive` call in the hook process:
 * the flag and test commands run against the hook's own unit state, so their
 * changes are part of the hook's (committed if it succeeds, dropped if it
 * fails) and the handler's process never loads LMDB. Anything else, a call
 * from another directory or for another store, or a process with no unit
 * state open, is left to the caller.
 */
export async function answerHandlerAgent(payload: unknown): Promise<AgentAnswer> {
  const call = checkCall(payload);
  // The hook's state must be the one open here: a second copy of @reactive/hookenv
  // (a charm with two versions installed) would open another, whose changes nobody commits.
  const { openedUnitState } = await import('@reactive/hookenv');
  const state = openedUnitState();
  if (!state || call.cwd !== process.cwd() || call.unitStateDb !== state.path) return { local: true };
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const { programName, runInHook } = await import('./run.js');
  const status = await runInHook(call.argv, io, programName(call.script));
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
    (call.unitStateDb === undefined || typeof call.unitStateDb === 'string');
  if (!valid) throw new Error('not a charms.reactive call');
  return call as AgentCall;
}
