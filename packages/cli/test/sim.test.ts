// `reactive sim` as a tool: its exit status, its live output, and the commands
// that change a simulated model, through the binary, on small sh charms.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCharm, writeCharmFiles } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv } from './helpers.js';

function reactive(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 60_000, killSignal: 'SIGKILL' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const hook = (body: string) => ({ content: `#!/bin/sh\n${body}\n`, mode: 0o755 });

/** A plain sh charm whose install hook fails while `$CHARM_DIR/broken` exists, and whose start sets it active. */
function shCharm(files: Record<string, string | { content: string; mode: number }> = {}): string {
  return makeCharm({
    'metadata.yaml': 'name: thing\n',
    'hooks/install': hook('if [ -e "$CHARM_DIR/broken" ]; then echo "install failed on purpose" >&2; exit 1; fi'),
    'hooks/start': hook('status-set active ready'),
    ...files,
  });
}

/** A work folder with model.yaml deploying `charms` (application name to charm dir). */
function model(charms: Record<string, string>): string {
  const work = tempDir();
  const apps = Object.entries(charms)
    .map(([name, dir]) => `  ${name}: {charm: ${dir}}\n`)
    .join('');
  writeCharmFiles(work, { 'model.yaml': `applications:\n${apps}` });
  return work;
}

describe('reactive sim exit status', () => {
  it('is 0 when the model settles with no unit in error', () => {
    const work = model({ thing: shCharm() });
    const result = reactive(['sim', 'model.yaml'], work);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\nthing\/0\*\s+active\s+10\.0\.0\.2\s+ready\n/);
  });

  it('is 1, with one line naming the unit and its hook, when a unit is left in error', () => {
    const work = model({ thing: shCharm({ broken: '' }) });
    const result = reactive(['sim', 'model.yaml'], work);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('charms.reactive sim: unit in error: thing/0 (its install hook failed 3 times)\n');
    expect(result.stdout).toContain('thing/0  install  ✗ exit 1 (attempt 3)');
  });

  it('is 1, with one line naming what kept firing, when the model does not settle', () => {
    const work = model({ thing: shCharm() });
    const result = reactive(['sim', 'model.yaml', '--max-hooks', '2'], work);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^charms.reactive sim: the model did not quiesce: it fired 2 hooks, the limit \(maxHooks\)\. .*\n$/);
    expect(result.stdout).toContain('thing/0  install  ✓');
  });
});

describe('reactive sim output', () => {
  it('prints each hook as it ends: the install line arrives while start is still running', async () => {
    // start waits (up to 10 s) for a file the test writes once it has read the install line.
    const charm = shCharm({
      'hooks/start': hook(
        'n=0; while [ ! -e "$CHARM_DIR/go" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n+1)); done\n' +
          'if [ -e "$CHARM_DIR/go" ]; then status-set active "saw it live"; else status-set blocked "nothing printed"; fi',
      ),
    });
    const work = model({ thing: charm });
    const child = spawn(process.execPath, [BIN, 'sim', 'model.yaml'], { cwd: work, env: cleanEnv() });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/thing\/0\s+config-changed/.test(stdout)) writeFileSync(join(charm, 'go'), '');
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(stdout).toMatch(/^thing\/0 +install +– no hook|^thing\/0 +install +✓/);
    expect(stdout).toMatch(/\nthing\/0\*\s+active\s+10\.0\.0\.2\s+saw it live\n/);
  });

  it('says on stderr which charm layer it builds, and what the build says', () => {
    const layer = makeCharm({
      'layer.yaml': 'includes: [layer:basic]\nrepo: https://example.com/x\n',
      'metadata.yaml': 'name: layered\nsummary: s\ndescription: d\n',
    });
    const work = model({ layered: layer });
    const result = reactive(['sim', 'model.yaml'], work);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`^layered: building the charm layer ${layer}\n(.*\n)*layered: layers: basic, layered\n(.*\n)*layered: built layered into .*\n$`),
    );
  });
});
