import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { charmDir, hookName, log } from '@reactive/hookenv';

const ATTEMPTS = 3;
const RETRY_DELAY_MS = 5000;

/**
 * `apt-get install` with Juju-friendly options, up to three attempts with an
 * `apt-get update` (errors ignored) and a pause between them.
 */
export async function aptInstall(packages: string[], opts: { retryDelayMs?: number } = {}): Promise<void> {
  if (packages.length === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: process.env.DEBIAN_FRONTEND ?? 'noninteractive', LANG: process.env.LANG ?? 'C.UTF-8' };
  const args = ['--option=Dpkg::Options::=--force-confold', '--assume-yes', 'install', ...packages];
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (!result.error && result.status === 0) return;
    const why = result.error?.message ?? `exit ${result.status}: ${(result.stderr ?? '').trim().split('\n').at(-1)}`;
    if (attempt === ATTEMPTS) throw new Error(`apt-get install ${packages.join(' ')} failed ${ATTEMPTS} times (${why})`);
    await log(`apt-get install failed (${why}); retrying after apt-get update`, 'WARNING');
    spawnSync('apt-get', ['update'], { env, stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, opts.retryDelayMs ?? RETRY_DELAY_MS));
  }
}

/**
 * Installs the `basic.packages` layer option in the install and upgrade-charm
 * hooks, and in any hook while the list differs from the one last installed.
 */
export async function installLayerPackages(packages: string[]): Promise<void> {
  const marker = join(charmDir(), '.reactive-packages.json');
  const wanted = JSON.stringify([...packages].sort());
  const installed = existsSync(marker) ? readFileSync(marker, 'utf8') : undefined;
  if (installed === wanted && !['install', 'upgrade-charm'].includes(hookName())) return;
  await aptInstall(packages);
  writeFileSync(marker, wanted);
}
