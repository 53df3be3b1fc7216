// `reactive sim` as a tool: its exit status, its live output, and the commands
// that change a simulated model, through the binary, on small sh charms.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** A reactive handler file whose install handler runs `body`. */
const handler = (body: string) =>
  `import { hook } from '@reactive/bus';\nimport { statusSet } from '@reactive/hookenv';\nhook('install')(function install() {\n  ${body};\n});\n`;

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
    const again = reactive(['sim', 'model.yaml'], work);
    expect(again).toMatchObject({
      status: 0,
      stderr: '.sim holds a model: model.yaml is not read again (change the model with reactive sim deploy, relate, config...; or remove the folder)\n',
    });
  });

  it('is 1, with one line naming the unit and its hook, when a unit is left in error', () => {
    const work = model({ thing: shCharm({ broken: '' }) });
    const result = reactive(['sim', 'model.yaml'], work);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('charms.reactive sim: unit in error: thing/0 (its install hook failed 3 times); once fixed: reactive sim resolve thing/0\n');
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

describe('reactive sim MODEL state folder', () => {
  it('is ./.sim in the current directory, not beside the model; the charm layer is built there and its folder left as it was', () => {
    const layer = makeCharm({
      'layer.yaml': 'includes: [layer:basic]\nrepo: https://example.com/x\n',
      'metadata.yaml': 'name: layered\nsummary: s\ndescription: d\n',
    });
    // The layer's own files: its node_modules links to the repository's packages, where any process may write a code cache.
    const files = () =>
      readdirSync(layer, { recursive: true, encoding: 'utf8' })
        .filter((name) => !name.startsWith('node_modules'))
        .sort();
    const before = files();
    const work = tempDir();
    writeCharmFiles(work, { 'models/model.yaml': `applications:\n  layered: {charm: ${layer}}\n` });
    const result = reactive(['sim', 'models/model.yaml'], work);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(work, '.sim', 'charms', 'layered', 'metadata.yaml'))).toBe(true);
    expect(existsSync(join(work, 'models', '.sim'))).toBe(false);
    expect(files()).toEqual(before);
  });
});

describe('reactive sim MODEL refused', () => {
  it('names the unknown application a relation names, and leaves no state folder', () => {
    const work = model({ thing: shCharm() });
    writeFileSync(join(work, 'model.yaml'), `applications:\n  thing: {charm: ${shCharm()}}\nrelations:\n  - [thing, nowhere]\n`);
    const result = reactive(['sim', 'model.yaml'], work);
    expect(result).toMatchObject({ status: 1, stdout: '', stderr: 'charms.reactive sim: no application "nowhere" in the model (applications: thing)\n' });
    expect(existsSync(join(work, '.sim'))).toBe(false);
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
      // The unit runs its own copy of the charm, in the model's folder.
      if (/thing\/0\s+config-changed/.test(stdout)) writeFileSync(join(work, '.sim', 'units', 'thing-0', 'charm', 'go'), '');
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

/** Every file of a folder and its content: to show a refused command changed nothing. */
function folder(dir: string, files: Record<string, string> = {}): Record<string, string> {
  // Links are not followed: a unit's charm links node_modules to the repository's.
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) folder(path, files);
    else if (entry.isFile()) files[path] = readFileSync(path, 'base64');
  }
  return files;
}

/** A model of one `thing` (shCharm) deployed and settled in `work`/.sim. */
function deployed(files: Parameters<typeof shCharm>[0] = {}): { work: string; charm: string } {
  const charm = shCharm(files);
  const work = model({ thing: charm });
  reactive(['sim', 'model.yaml'], work);
  return { work, charm };
}

/** Runs a command that must be refused: one line on stderr, exit 1, the state folder unchanged. */
function refused(args: string[], work: string, line: string): void {
  const before = folder(join(work, '.sim'));
  const result = reactive(args, work);
  expect(result.stderr).toBe(`charms.reactive sim: ${line}\n`);
  expect(result.status).toBe(1);
  expect(folder(join(work, '.sim'))).toEqual(before);
}

describe('reactive sim commands', () => {
  it('resolve retries the failed hook (the charm fixed meanwhile), --no-retry skips it; a unit not in error is refused', () => {
    const { work, charm } = deployed({ broken: '' });
    rmSync(join(charm, 'broken'));
    const resolved = reactive(['sim', 'resolve', 'thing/0'], work);
    expect(resolved.status, resolved.stderr).toBe(0);
    expect(resolved.stdout).toMatch(/^thing\/0 +install +✓ +\[unknown\]\n/);
    expect(resolved.stdout).toMatch(/\nthing\/0\* +active +10\.0\.0\.2 +ready\n/);
    refused(['sim', 'resolve', 'thing/0'], work, 'unit thing/0 is not in error');

    const other = deployed({ broken: '' });
    const skipped = reactive(['sim', 'resolve', 'thing/0', '--no-retry'], other.work);
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stdout).not.toContain('install');
    expect(skipped.stdout).toMatch(/^thing\/0 +leader-elected/);
    expect(skipped.stdout).toMatch(/\nthing\/0\* +active +10\.0\.0\.2 +ready\n/);
  });

  it('resolve builds a charm layer again: the fix made in its source runs', () => {
    const layer = makeCharm({
      'layer.yaml': 'includes: [layer:basic]\nrepo: https://example.com/x\n',
      'metadata.yaml': 'name: layered\nsummary: s\ndescription: d\n',
      'reactive/layered.js': handler("throw new Error('not yet')"),
    });
    const work = model({ layered: layer });
    expect(reactive(['sim', 'model.yaml'], work).status).toBe(1);
    writeCharmFiles(layer, { 'reactive/layered.js': handler("statusSet('active', 'fixed')") });
    const resolved = reactive(['sim', 'resolve', 'layered/0'], work);
    expect(resolved.status, resolved.stderr).toBe(0);
    expect(resolved.stdout).toMatch(/^layered\/0 +install +✓ +handlers: install +\[active: fixed\]\n/);
    expect(resolved.stderr).toMatch(/^layered: building the charm layer /);
  });

  it('add-unit -n and remove-unit change the units, each through its hooks', () => {
    const { work } = deployed();
    const added = reactive(['sim', 'add-unit', 'thing', '-n', '2'], work);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/\nthing\/1 +active +10\.0\.0\.3 +ready\nthing\/2 +active +10\.0\.0\.4 +ready\n/);
    const removed = reactive(['sim', 'remove-unit', 'thing/1'], work);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^thing\/1 +stop +– no hook.*\nthing\/1 +remove +– no hook/);
    expect(removed.stdout).not.toMatch(/\nthing\/1 +active/);
    refused(['sim', 'add-unit', 'nothing'], work, 'no application "nothing" in the model (applications: thing)');
    refused(['sim', 'remove-unit', 'thing/7'], work, 'no unit "thing/7" in the model (units: thing/0, thing/2)');
  });

  it('deploy, relate and remove-relation: another application, related then not', () => {
    const { work } = deployed({ 'metadata.yaml': 'name: thing\nprovides:\n  web: {interface: http}\n' });
    const client = makeCharm({
      'metadata.yaml': 'name: client\nrequires:\n  site: {interface: http}\n',
      'hooks/site-relation-joined': hook('status-set active "joined $JUJU_REMOTE_UNIT"'),
    });
    const deploy = reactive(['sim', 'deploy', client, 'browser'], work);
    expect(deploy.status, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/\nbrowser +client +1 +unknown/);
    const related = reactive(['sim', 'relate', 'browser', 'thing:web'], work);
    expect(related.status, related.stderr).toBe(0);
    expect(related.stdout).toMatch(/browser\/0 +site-relation-joined \(site:0 from thing\/0\) +✓ +\[active: joined thing\/0\]/);
    expect(related.stdout).toMatch(/\nbrowser:site ↔ thing:web +http +regular/);
    const removed = reactive(['sim', 'remove-relation', 'browser:site', 'thing:web'], work);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/browser\/0 +site-relation-broken \(site:0\)/);
    expect(removed.stdout).not.toContain('↔');
    refused(['sim', 'deploy', client, 'thing'], work, 'application "thing" is already deployed');
    refused(['sim', 'relate', 'browser', 'nowhere'], work, 'no application "nowhere" in the model (applications: thing, browser)');
  });

  it('run: an action with its parameters checked against actions.yaml, its results, log and failure', () => {
    const { work } = deployed({
      'actions.yaml': 'backup:\n  params:\n    to: {type: string}\n    copies: {type: integer, default: 1}\n  required: [to]\n  additionalProperties: false\n',
      'actions/backup': hook(
        'action-log "backing up to $(action-get to)"\n[ "$(action-get to)" = /full ] && { action-fail "disk full"; exit 0; }\naction-set where="$(action-get to)" copies="$(action-get copies)"\necho saved',
      ),
    });
    const result = reactive(['sim', 'run', 'thing/0', 'backup', 'to=/srv', 'copies=2'], work);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('copies: "2"\nwhere: /srv\n\nsaved\n');
    expect(result.stderr).toBe('thing/0 backup: backing up to /srv\n');
    const failed = reactive(['sim', 'run', 'thing/0', 'backup', 'to=/full'], work);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toBe('thing/0 backup: backing up to /full\ncharms.reactive sim: action backup on thing/0 failed: disk full\n');
    refused(['sim', 'run', 'thing/0', 'restore'], work, 'unit thing/0 has no action "restore" (its actions: backup)');
    refused(['sim', 'run', 'thing/0', 'backup', 'to=/srv', 'copies=many'], work, 'action "backup": parameter "copies" must be an integer, got "many"');
    refused(['sim', 'run', 'thing/0', 'backup'], work, 'action "backup": parameter "to" is required');
    refused(['sim', 'run', 'thing/0', 'backup', 'to=/srv', 'speed=9'], work, 'action "backup": unknown parameter "speed" (to, copies)');
    refused(['sim', 'run', 'thing/9', 'backup'], work, 'no unit "thing/9" in the model (units: thing/0)');
  });

  it('advance-time moves the clock: the secret hooks it causes run and print; a unit left in error is exit 1, a bad duration one line and exit 2', () => {
    const { work } = deployed({
      'hooks/install': hook('secret-add --owner unit --label token --rotate daily --expire 48h key=value >/dev/null'),
      'hooks/secret-rotate': hook('status-set active "rotated $JUJU_SECRET_LABEL"'),
      'hooks/secret-expired': hook('echo "revision $JUJU_SECRET_REVISION of $JUJU_SECRET_LABEL expired" >&2; exit 1'),
    });
    const before = folder(join(work, '.sim'));
    const bad = reactive(['sim', 'advance-time', '25x'], work);
    expect(bad).toMatchObject({ status: 2, stderr: 'charms.reactive sim: advance-time: "25x" is not a duration (for example 90m, 25h, 7d)\n' });
    expect(folder(join(work, '.sim'))).toEqual(before);
    const quiet = reactive(['sim', 'advance-time', '23h'], work);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stdout).not.toContain('secret-');
    const rotated = reactive(['sim', 'advance-time', '2h'], work);
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^thing\/0 +secret-rotate +✓ +\[active: rotated token\]\n/);
    expect(rotated.stdout).toMatch(/\nthing\/0\* +active +10\.0\.0\.2 +rotated token\n/);
    const expired = reactive(['sim', 'advance-time', '1d'], work);
    expect(expired.status).toBe(1);
    expect(expired.stdout).toMatch(
      /^thing\/0 +secret-rotate +✓ [^\n]*\nthing\/0 +secret-expired +✗ exit 1 +\[error: hook failed: "secret-expired"\]\n +revision 1 of token expired\n/,
    );
    expect(expired.stderr).toBe(
      'charms.reactive sim: unit in error: thing/0 (its secret-expired hook failed 3 times); once fixed: reactive sim resolve thing/0\n',
    );
  });

  it("status and log show the model and a unit's log; without a model, one line says how to make one", () => {
    const { work } = deployed({ broken: '' });
    const status = reactive(['sim', 'status'], work);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^Model {2}sim\n\nApp +Charm +Units +Status[^\n]*\nthing +thing +1 +error +hook failed: "install"\n/);
    const log = reactive(['sim', 'log', 'thing/0'], work);
    expect(log.stdout).toMatch(/^\S+ OUTPUT install: install failed on purpose\n/);
    refused(['sim', 'log', 'other/0'], work, 'no unit "other/0" in the model (units: thing/0)');
    const empty = tempDir();
    expect(reactive(['sim', 'status'], empty)).toMatchObject({
      status: 1,
      stderr: 'charms.reactive sim: .sim holds no model: reactive sim MODEL.yaml deploys one there (or give --state DIR)\n',
    });
  });
});

describe('reactive history and why of a simulated unit', () => {
  it('--unit finds the unit state in ./.sim (or --sim DIR); a unit not in the model is one line', () => {
    const layer = makeCharm({
      'layer.yaml': 'includes: [layer:basic]\nrepo: https://example.com/x\n',
      'metadata.yaml': 'name: layered\nsummary: s\ndescription: d\n',
      'reactive/layered.js': handler("statusSet('active', 'installed')"),
    });
    const work = model({ layered: layer });
    expect(reactive(['sim', 'model.yaml'], work).status).toBe(0);
    const history = reactive(['history', '--unit', 'layered/0'], work);
    expect(history.stderr).toBe('');
    expect(history.stdout).toMatch(/^#1 {2}\S+ \S+ {2}install {2}ok {2}\d+ ms {2}.* {2}ran 1: install\n/);
    const why = reactive(['why', 'install', '-u', 'layered/0', '--sim', join(work, '.sim')], tempDir());
    expect(why.stderr).toBe('');
    expect(why.stdout).toMatch(/^handler reactive\/layered\.js:\d+:install\nin hook #\d+ \S+ \(.*\):\n/);
    expect(reactive(['history', '--unit', 'layered/7'], work)).toMatchObject({
      status: 1,
      stderr: 'charms.reactive history: .sim: no unit "layered/7" in the model (units: layered/0)\n',
    });
    expect(reactive(['why', 'install', '--unit', 'layered/0'], tempDir())).toMatchObject({
      status: 1,
      stderr: 'charms.reactive why: .sim holds no model of the simulator (give its folder with --sim DIR)\n',
    });
    expect(reactive(['history', '--state', 'x', '--unit', 'layered/0'], work).status).toBe(2);
  });
});
