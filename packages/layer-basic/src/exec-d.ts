import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { charmDir, statusSet } from '@reactive/hookenv';

/** An exec.d script failed: the hook ends, the unit blocked (see {@link runPreInstall}). */
export class PreInstallError extends Error {
  readonly exitCode: number;
  readonly statusSet: boolean;

  constructor(message: string, exitCode: number, statusSet: boolean) {
    super(message);
    this.name = 'PreInstallError';
    this.exitCode = exitCode;
    this.statusSet = statusSet;
  }
}

/**
 * The exec.d protocol: runs `exec.d/<module>/charm-pre-install` of every
 * module once (in name order), before anything else, recording success in
 * `exec.d/.<module>_charm-pre-install.done`. A failing script stops the
 * hook: the unit is set blocked "Error (<code>) running <script>".
 */
export async function runPreInstall(): Promise<void> {
  const execd = join(charmDir(), 'exec.d');
  if (!existsSync(execd)) return;
  for (const module of readdirSync(execd).sort()) {
    const script = join(execd, module, 'charm-pre-install');
    const done = join(execd, `.${module}_charm-pre-install.done`);
    if (!isExecutableFile(script) || existsSync(done)) continue;
    const result = spawnSync(script, [], { cwd: charmDir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    process.stdout.write(output);
    const code = result.status ?? 1;
    if (result.error || code !== 0) {
      process.stdout.write(`ERROR (${code}) running ${script}\nSTDOUT<<EOM\n${output}EOM\n`);
      const rel = relative(charmDir(), script);
      const blocked = await statusSet('blocked', `Error (${code}) running ${rel}`).then(
        () => true,
        () => false,
      );
      throw new PreInstallError(`${rel} exited ${code}`, code, blocked);
    }
    writeFileSync(done, `${script} ran successfully ${new Date().toISOString()}\nRemoving this file will cause it to be run again\n`);
  }
}

function isExecutableFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
