import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UNIT_AGENT_SOCKET_ENV } from '@reactive/hookenv';
import { isExecutable, type CharmInfo } from './charm.js';

export interface HookProcessResult {
  /** null when the hook was killed (timeout). */
  exitCode: number | null;
  skipped: boolean;
  timedOut: boolean;
  /** stdout and stderr, interleaved (the end of it, at most OUTPUT_LIMIT). */
  output: string;
  durationMs: number;
}

const OUTPUT_LIMIT = 256 * 1024;
const DROPPED = new Set(['CHARM_DIR', 'UNIT_STATE_DB', UNIT_AGENT_SOCKET_ENV, 'NODE_EXTRA_CA_CERTS']);

/**
 * The environment a hook inherits from the simulator's: without any JUJU_*
 * variable or hook state of a surrounding hook, NODE_EXTRA_CA_CERTS removed,
 * and PATH with the simulator's tools first and without folders that hold
 * other hook tools (a real Juju's, or a test's fakes).
 */
export function baseHookEnv(toolsDir: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || name.startsWith('JUJU_') || DROPPED.has(name)) continue;
    env[name] = value;
  }
  const path = (base.PATH ?? '/usr/local/bin:/usr/bin:/bin')
    .split(delimiter)
    .filter((dir) => dir !== '' && dir !== toolsDir && !existsSync(join(dir, 'relation-get')));
  env.PATH = [toolsDir, ...path].join(delimiter);
  return env;
}

/** How the charm runs `hook`: its `dispatch` (with JUJU_DISPATCH_PATH), else `hooks/<hook>`; undefined when it has neither. */
export function hookCommand(charm: CharmInfo, hook: string, kind: 'hooks' | 'actions' = 'hooks'): { file: string; env: Record<string, string> } | undefined {
  if (charm.dispatch) return { file: join(charm.dir, 'dispatch'), env: { JUJU_DISPATCH_PATH: `${kind}/${hook}` } };
  const file = join(charm.dir, kind, hook);
  return isExecutable(file) ? { file, env: {} } : undefined;
}

/** Runs one hook as a process (in its own process group, killed whole on timeout). */
export function runHookProcess(opts: {
  charm: CharmInfo;
  hook: string;
  kind?: 'hooks' | 'actions';
  env: Record<string, string>;
  timeoutMs: number;
  onOutput?: (text: string) => void;
}): Promise<HookProcessResult> {
  const command = hookCommand(opts.charm, opts.hook, opts.kind);
  if (!command) return Promise.resolve({ exitCode: 0, skipped: true, timedOut: false, output: '', durationMs: 0 });
  const started = Date.now();
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(command.file, [], {
      cwd: opts.charm.dir,
      env: { ...opts.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      opts.onOutput?.(text);
      output += text;
      if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    const finish = (exitCode: number | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout!.destroy();
      child.stderr!.destroy();
      resolve({ exitCode: timedOut ? null : exitCode, skipped: false, timedOut, output: output.slice(-OUTPUT_LIMIT), durationMs: Date.now() - started });
    };
    child.on('error', (error) => {
      output += `cannot run ${command.file}: ${error.message}\n`;
      finish(127);
    });
    child.on('exit', (code, signal) => {
      const exitCode = code ?? (signal ? 128 : null);
      // Output may still be in the pipes; a background child holding them open must not hold up the model.
      child.on('close', () => finish(exitCode));
      setTimeout(() => finish(exitCode), 500).unref();
    });
  });
}
