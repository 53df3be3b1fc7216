import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'reactive-agent-';
/** `reactive-agent-<pid>-<mkdtemp's six characters>`: the pid of the hook that owns it. */
const NAME = /^reactive-agent-(\d+)-[A-Za-z0-9]{6}$/;
/** The signals a hook is stopped with (Juju's SIGTERM, a ^C, a closed terminal): each removes the folder first. */
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * The handler agent's private folder in the temp dir, named with this
 * process's pid. It is removed by `remove()`, at exit (a handler calling
 * `process.exit()`), and on SIGTERM, SIGINT and SIGHUP, after which the
 * process dies of the signal as it would have. Making one first sweeps the
 * folders of hooks whose process is gone (a SIGKILL leaves its folder): one
 * read of the temp dir, only in hooks that run an external handler.
 */
export class AgentFolder {
  readonly path: string;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.remove();
    process.kill(process.pid, signal);
  };
  private readonly onExit = (): void => this.remove();

  constructor() {
    sweepStaleFolders();
    this.path = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
    for (const signal of SIGNALS) process.once(signal, this.onSignal);
    process.once('exit', this.onExit);
  }

  remove(): void {
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    process.off('exit', this.onExit);
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Removes the agent folders whose process is gone; never one of a live process, nor one named without a pid. */
function sweepStaleFolders(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(NAME.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // Another user's folder (the temp dir is sticky): theirs to sweep.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
