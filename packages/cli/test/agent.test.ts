// During a hook, an external handler's `charms.reactive` calls are answered by
// the hook process (@reactive/bus's HandlerAgent): against the hook's own unit
// state, uncommitted, without the handler's process loading LMDB. Here the test
// process plays the hook: it opens a unit state and runs the agent.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANDLER_AGENT_ENV, HANDLER_AGENT_EXPORT, HandlerAgent } from '@reactive/bus';
import { answerHandlerAgent } from '@reactive/cli';
import { getFlags, isFlagSet, setFlag } from '@reactive/flags';
import { openedUnitState, setUnitState, UnitState, unitState } from '@reactive/hookenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv, newStatePath, readFlags, type Result } from './helpers.js';
import { createRequire } from 'node:module';

const { HANDLER_AGENT_ENV: CLIENT_AGENT_ENV } = createRequire(import.meta.url)('../dist/agent-client.cjs') as { HANDLER_AGENT_ENV: string };

let agent: HandlerAgent;
let statePath: string;

beforeEach(async () => {
  statePath = newStatePath();
  setUnitState(UnitState.open(statePath));
  agent = await HandlerAgent.start();
});

afterEach(async () => {
  await agent.close();
  await unitState().close();
  setUnitState(undefined);
});

/** Runs the CLI as a handler would, while this process answers (so: an async spawn). */
function handlerCli(args: string[], env: Record<string, string | undefined> = {}, log?: string, cwd = process.cwd()): Promise<Result> {
  const preload = log ? ['--import', pathToFileURL(recorder(log)).href] : [];
  const child = spawn(process.execPath, [...preload, BIN, ...args], {
    env: cleanEnv({ UNIT_STATE_DB: statePath, [HANDLER_AGENT_ENV]: agent.socketPath, ...env }),
    cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** A preload that logs every CommonJS module the process requires (LMDB is loaded that way). */
function recorder(log: string): string {
  const file = join(tempDir('reactive-agent-'), 'recorder.mjs');
  writeFileSync(log, '');
  writeFileSync(
    file,
    `import Module from 'node:module';
     import { appendFileSync } from 'node:fs';
     const load = Module._load;
     Module._load = function (request, ...rest) {
       appendFileSync(${JSON.stringify(log)}, request + '\\n');
       return load.call(this, request, ...rest);
     };`,
  );
  return file;
}

describe('charms.reactive answered by the hook process', () => {
  it('the client and the agent agree on the protocol names', () => {
    expect(CLIENT_AGENT_ENV).toBe(HANDLER_AGENT_ENV);
    expect(HANDLER_AGENT_EXPORT).toBe('answerHandlerAgent');
    expect(typeof answerHandlerAgent).toBe('function');
  });

  it('flag commands see and change the hook state in memory; nothing is committed, LMDB is not loaded', async () => {
    setFlag('from.hook');
    const log = join(tempDir('reactive-agent-'), 'modules.log');
    expect(await handlerCli(['is_flag_set', 'from.hook'], {}, log)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(log, 'utf8')).not.toMatch(/lmdb/);
    expect((await handlerCli(['set_flag', 'from.handler'])).status).toBe(0);
    expect((await handlerCli(['clear_flag', 'from.hook'])).status).toBe(0);
    expect(getFlags()).toEqual(['from.handler']);
    expect(unitState().get('reactive.dispatch.removed_state')).toBe(true);
    expect(await readFlags(statePath)).toEqual([]);
    expect(await handlerCli(['get_flags'])).toEqual({ status: 0, stdout: 'from.handler', stderr: '' });
  });

  it('the test command is answered there too', async () => {
    unitState().set('reactive.dispatch.phase', 'other');
    setFlag('a');
    const result = await handlerCli(['test', 'one one_id when a', 'two two_id when_not a']);
    expect(result).toEqual({ status: 0, stdout: 'one', stderr: '' });
  });

  it('errors come back as the command prints them on its own, with its exit status', async () => {
    const answered = await handlerCli(['toggle_flag', 'x', 'maybe']);
    const alone = await handlerCli(['toggle_flag', 'x', 'maybe'], { [HANDLER_AGENT_ENV]: undefined });
    expect(answered.stderr).toMatch(/^charms\.reactive toggle_flag: /);
    expect(answered).toEqual(alone);
    expect(isFlagSet('x')).toBe(false);
  });

  it('a call for another unit state runs in the handler itself; options and other directories are answered by the hook', async () => {
    const other = newStatePath();
    expect((await handlerCli(['set_flag', 'elsewhere'], { UNIT_STATE_DB: other })).status).toBe(0);
    expect(await readFlags(other)).toEqual(['elsewhere']);
    expect(isFlagSet('elsewhere')).toBe(false);

    setFlag('here');
    expect(await handlerCli(['-j', 'get_flags'])).toEqual({ status: 0, stdout: '["here"]', stderr: '' });
    expect(await handlerCli(['set_flag', 'valued', '--value', 'v'], {}, undefined, tempDir('reactive-cwd-'))).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(unitState().get('reactive.states.valued')).toBe('v');
    // Nothing reached the store: the hook commits it all, or nothing.
    expect(await readFlags(statePath)).toEqual([]);
  });

  it('with no agent listening, the command fails with one line and writes nothing behind the hook', async () => {
    const result = await handlerCli(['set_flag', 'alone'], { [HANDLER_AGENT_ENV]: join(tempDir('reactive-agent-'), 'nobody.sock') });
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'charms.reactive: cannot reach the hook process (ENOENT); nothing was changed\n' });
    expect(await readFlags(statePath)).toEqual([]);
  });

  it('a process with the hook store closed refuses the call, and opens none', async () => {
    const call = { argv: ['set_flag', 'x'], script: '/usr/bin/charms.reactive', cwd: process.cwd(), env: {}, unitStateDb: undefined };
    expect(await answerHandlerAgent(call)).toEqual({ status: 0, stdout: '', stderr: '' });
    await unitState().close();
    setUnitState(undefined);
    expect(await answerHandlerAgent(call)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'charms.reactive: the hook has no unit state open here; nothing was changed\n',
    });
    expect(openedUnitState()).toBeUndefined();
    setUnitState(UnitState.open(statePath));
  });

  it('answerHandlerAgent refuses a payload that is not a call', async () => {
    await expect(answerHandlerAgent({ argv: 'is_flag_set x' })).rejects.toThrow('not a charms.reactive call');
  });
});
