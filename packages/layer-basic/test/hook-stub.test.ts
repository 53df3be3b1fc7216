// The hook stub (layer/bin/reactive-hook) run with fake node, snap, apt-get
// and status-set executables. Fake Node.js versions are 98 and 99 and the charm
// needs 99, so the machine's own Node.js (in /usr/bin) never qualifies.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const stub = join(import.meta.dirname, '..', 'layer', 'bin', 'reactive-hook');

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A fake node of `major` that logs how it was run. */
function fakeNode(dir: string, major: number, log: string): void {
  mkdirSync(dir, { recursive: true });
  script(join(dir, 'node'), `[ "$1" = --version ] && { echo v${major}.1.0; exit 0; }\necho "node${major} $*" >> ${log}`);
}

function setup(opts: { pathNode?: number; snapInstalls?: number; aptInstalls?: number; noSnap?: boolean } = {}) {
  const root = tempDir();
  const charm = join(root, 'charm');
  mkdirSync(join(charm, 'bin'), { recursive: true });
  copyFileSync(stub, join(charm, 'bin', 'reactive-hook'));
  chmodSync(join(charm, 'bin', 'reactive-hook'), 0o755);
  writeFileSync(join(charm, '.node-major'), '99\n');
  const log = join(root, 'log');
  writeFileSync(log, '');
  const tools = join(root, 'tools');
  const installed = join(root, 'installed');
  mkdirSync(tools);
  mkdirSync(installed);
  if (opts.pathNode) fakeNode(join(root, 'path-node'), opts.pathNode, log);
  script(join(tools, 'status-set'), `echo "status-set $*" >> ${log}`);
  if (!opts.noSnap) {
    script(
      join(tools, 'snap'),
      `echo "snap $*" >> ${log}\n${opts.snapInstalls ? `printf '#!/bin/sh\\n[ "$1" = --version ] && { echo v${opts.snapInstalls}.0.0; exit 0; }\\necho "node${opts.snapInstalls} $*" >> ${log}\\n' > ${installed}/node; chmod 755 ${installed}/node` : 'exit 1'}`,
    );
  }
  script(
    join(tools, 'apt-get'),
    `echo "apt-get $*" >> ${log}\n${opts.aptInstalls ? `printf '#!/bin/sh\\n[ "$1" = --version ] && { echo v${opts.aptInstalls}.0.0; exit 0; }\\necho "node${opts.aptInstalls} $*" >> ${log}\\n' > ${installed}/node; chmod 755 ${installed}/node` : 'exit 100'}`,
  );
  const path = [installed, opts.pathNode ? join(root, 'path-node') : '', tools, '/usr/bin', '/bin'].filter(Boolean).join(':');
  const run = (hook: string) => {
    const child = spawnSync(join(charm, 'bin', 'reactive-hook'), [hook], {
      encoding: 'utf8',
      env: { PATH: path, JUJU_CHARM_DIR: charm },
    });
    return { status: child.status, stderr: child.stderr, log: readFileSync(log, 'utf8') };
  };
  return { charm, run };
}

describe('the hook stub', () => {
  it('runs the charm with a Node.js that is new enough, and remembers it', () => {
    const { charm, run } = setup({ pathNode: 99 });
    const result = run('config-changed');
    expect(result.status).toBe(0);
    expect(result.log).toBe(`node99 ${charm}/lib/reactive-hook.mjs\n`);
    expect(readFileSync(join(charm, '.node-path'), 'utf8').trim()).toMatch(/path-node\/node$/);
  });

  it('outside the install hook, refuses a Node.js too old with one line naming the version found and the one needed, and a blocked status', () => {
    const { charm, run } = setup({ pathNode: 98, snapInstalls: 99 });
    const result = run('config-changed');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`reactive-hook: found Node.js v98.1.0 at ${join(charm, '..', 'path-node', 'node')}, the charm needs Node.js 99 or later\n`);
    expect(result.log).toBe('status-set blocked Node.js >= 99 is required (found v98.1.0)\n');
  });

  it("in the install hook, installs the node snap at the charm's channel, saying so", () => {
    const { charm, run } = setup({ pathNode: 98, snapInstalls: 99 });
    const result = run('install');
    expect(result.status).toBe(0);
    expect(result.log).toBe(
      ['status-set maintenance Installing Node.js 99', 'snap install node --classic --channel=99/stable', `node99 ${charm}/lib/reactive-hook.mjs`, ''].join(
        '\n',
      ),
    );
  });

  it('falls back to the distribution package when there is no snap', () => {
    const { run } = setup({ noSnap: true, aptInstalls: 99 });
    const result = run('install');
    expect(result.status).toBe(0);
    expect(result.log).toContain('apt-get --assume-yes install nodejs');
    expect(result.log).toMatch(/node99 .*lib\/reactive-hook\.mjs/);
  });

  it('fails clearly when nothing can be installed', () => {
    const { charm, run } = setup({ pathNode: 98, noSnap: true });
    const result = run('install');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`reactive-hook: found Node.js v98.1.0 at ${join(charm, '..', 'path-node', 'node')}, the charm needs Node.js 99 or later\n`);
    expect(result.log).toContain('status-set blocked Node.js >= 99 is required (found v98.1.0)');
  });

  it("gives the hook's Node processes a compile cache in the charm dir", () => {
    const { charm, run } = setup({ pathNode: 99 });
    const node = join(charm, '..', 'path-node', 'node');
    writeFileSync(node, readFileSync(node, 'utf8').replace('echo "node99 $*"', 'echo "cache=$NODE_COMPILE_CACHE"'));
    expect(run('config-changed').log).toBe(`cache=${charm}/.reactive-cache/node-compile-cache\n`);
  });

  it('exports the hook name and the charm dir for the framework, and runs in the charm dir', () => {
    const { charm, run } = setup({ pathNode: 99 });
    const node = readFileSync(join(charm, '..', 'path-node', 'node'), 'utf8');
    writeFileSync(
      join(charm, '..', 'path-node', 'node'),
      node.replace('echo "node99 $*"', 'echo "node99 $* hook=$JUJU_HOOK_NAME dir=$JUJU_CHARM_DIR cwd=$(pwd)"'),
    );
    const result = run('db-relation-joined');
    expect(result.status).toBe(0);
    expect(result.log).toBe(`node99 ${charm}/lib/reactive-hook.mjs hook=db-relation-joined dir=${charm} cwd=${charm}\n`);
  });
});

describe('the hook files Juju runs', () => {
  const layer = join(import.meta.dirname, '..', 'layer');

  /** A charm with layer:basic's dispatch, one hook from hook.template, the launcher and a fake node 99 logging its cwd and environment. */
  function charmWithHooks() {
    const { charm, run } = setup({ pathNode: 99 });
    const node = join(charm, '..', 'path-node', 'node');
    writeFileSync(node, readFileSync(node, 'utf8').replace('echo "node99 $*"', 'echo "node99 $* hook=$JUJU_HOOK_NAME dir=$JUJU_CHARM_DIR cwd=$(pwd)"'));
    mkdirSync(join(charm, 'hooks'));
    for (const [from, to] of [
      ['dispatch', 'dispatch'],
      ['hooks/hook.template', 'hooks/db-relation-changed'],
    ] as const) {
      copyFileSync(join(layer, from), join(charm, to));
      chmodSync(join(charm, to), 0o755);
    }
    const path = join(charm, '..', 'path-node') + ':/usr/bin:/bin';
    const exec = (file: string, opts: { cwd?: string; env?: Record<string, string> } = {}) => {
      const child = spawnSync(file, [], { encoding: 'utf8', cwd: opts.cwd ?? '/', env: { PATH: path, ...opts.env } });
      return { status: child.status, stderr: child.stderr, log: readFileSync(join(charm, '..', 'log'), 'utf8') };
    };
    return { charm, run, exec };
  }

  it('a hook file runs the framework for the hook it is named after, finding the charm from its own path', () => {
    const { charm, exec } = charmWithHooks();
    const result = exec(join(charm, 'hooks', 'db-relation-changed'));
    expect(result.stderr).toBe('');
    expect(result.log).toBe(`node99 ${charm}/lib/reactive-hook.mjs hook=db-relation-changed dir=${charm} cwd=${charm}\n`);
  });

  it('a hook file run by a relative path, from the charm dir', () => {
    const { charm, exec } = charmWithHooks();
    const result = exec('hooks/db-relation-changed', { cwd: charm });
    expect(result.status).toBe(0);
    expect(result.log).toBe(`node99 ${charm}/lib/reactive-hook.mjs hook=db-relation-changed dir=${charm} cwd=${charm}\n`);
  });

  it('dispatch runs the hook JUJU_DISPATCH_PATH names, and says so when it is not set', () => {
    const { charm, exec } = charmWithHooks();
    const result = exec(join(charm, 'dispatch'), { env: { JUJU_DISPATCH_PATH: 'hooks/install' } });
    expect(result.status).toBe(0);
    expect(result.log).toBe(`node99 ${charm}/lib/reactive-hook.mjs hook=install dir=${charm} cwd=${charm}\n`);
    const unset = exec(join(charm, 'dispatch'));
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toMatch(/JUJU_DISPATCH_PATH is not set/);
  });
});

describe('the defaults of a charm that names no Node.js', () => {
  // The stub looks at /snap/bin/node and /usr/bin/node(js) too: where one of them is Node.js 22 or later, nothing is installed.
  const systemNodeQualifies = ['/snap/bin/node', '/usr/bin/node', '/usr/bin/nodejs'].some((node) => {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout ?? '';
    return Number(/^v(\d+)\./.exec(version)?.[1]) >= 22;
  });

  it.skipIf(systemNodeQualifies)('need Node.js 22, and the install hook installs the node snap from 24/stable', () => {
    const { charm, run } = setup({ pathNode: 21, snapInstalls: 24 });
    writeFileSync(join(charm, '.node-major'), '');
    expect(run('config-changed').stderr).toMatch(/^reactive-hook: found Node\.js v21\.1\.0 at .*, the charm needs Node\.js 22 or later\n$/);
    const result = run('install');
    expect(result.status).toBe(0);
    expect(result.log).toContain('snap install node --classic --channel=24/stable\n');
  });
});
