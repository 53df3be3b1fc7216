// reactive build with the real layer:basic: the charm's npm packages are
// vendored into its node_modules/, so its hooks run with no network and no
// node_modules outside the charm.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASIC, read, tree, workspace } from './fixtures/build/workspace.js';

const layerDir = join(import.meta.dirname, '..', '..', 'layer-basic', 'layer');

describe('vendoring', () => {
  it('builds a charm on the shipped layer:basic whose install hook runs on its own', async () => {
    const ws = workspace();
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\nrepo: https://example.com/demo\n',
      'metadata.yaml': 'name: demo\nsummary: Demo\ndescription: Demo.\n',
      'package.json': JSON.stringify({
        name: 'demo',
        version: '1.0.0',
        dependencies: { '@reactive/bus': '0.1.0', '@reactive/flags': '0.1.0' },
        devDependencies: { vitest: '*' },
      }),
      'reactive/demo.js': [
        "import { writeFileSync } from 'node:fs';",
        "import { whenNot } from '@reactive/bus';",
        "import { setFlag } from '@reactive/flags';",
        "whenNot('demo.installed')(function install() { writeFileSync('installed.txt', process.env.JUJU_HOOK_NAME); setFlag('demo.installed'); });",
        '',
      ].join('\n'),
    });
    const result = await ws.build({ layerPath: [] });
    expect(result.layers).toEqual(['basic', 'demo']);

    // layer:basic came from this package's layer/ folder.
    expect(read(ws.out, 'hooks/hook.template')).toBe(readFileSync(join(layerDir, 'hooks', 'hook.template'), 'utf8'));
    expect(read(ws.out, 'dispatch')).toBe(readFileSync(join(layerDir, 'dispatch'), 'utf8'));
    expect(read(ws.out, '.node-major')).toMatch(/^\d+\n$/);

    // package.json: the charm's, as an ES module package, with the layer's package added.
    expect(JSON.parse(read(ws.out, 'package.json'))).toEqual({
      name: 'demo',
      private: true,
      type: 'module',
      version: '1.0.0',
      dependencies: { '@reactive/bus': '0.1.0', '@reactive/flags': '0.1.0', '@reactive/layer-basic': '0.1.0' },
    });
    expect(result.packages).toEqual(
      expect.arrayContaining([
        '@reactive/layer-basic@0.1.0',
        '@reactive/bus@0.1.0',
        '@reactive/hookenv@0.1.0',
        expect.stringMatching(/^lmdb@/),
        expect.stringMatching(/^yaml@/),
      ]),
    );

    // Workspace packages contribute what runs on the unit: their bundles, not their modules, sources or tests.
    const vendoredBasic = tree(join(ws.out, 'node_modules', '@reactive', 'layer-basic'), /^$/);
    expect(vendoredBasic.filter((f) => f.startsWith('dist/')).sort()).toEqual(['dist/bundle-modules.cjs', 'dist/bundle-modules.cjs.map', 'dist/bundle.js']);
    expect(vendoredBasic).toContain('layer/hooks/hook.template');
    expect(vendoredBasic.filter((f) => /^(src|test)\/|tsbuildinfo|tsconfig/.test(f))).toEqual([]);
    const manifest = JSON.parse(read(ws.out, '.build.manifest'));
    expect(manifest.signatures['node_modules/@reactive/layer-basic/dist/bundle.js'][0]).toBe('npm:@reactive/layer-basic@0.1.0');
    expect(manifest.layers[0]).toMatchObject({ url: 'layer:basic', package: '@reactive/layer-basic@0.1.0' });

    // The charm runs from a copy with nothing above it: fake hook tools, the real node.
    const unit = join(ws.root, 'unit');
    cpSync(ws.out, unit, { recursive: true });
    const tools = join(ws.root, 'tools');
    const tool = (name: string, body = ''): void => {
      writeFileSync(join(tools, name), `#!/bin/sh\necho "${name} $*" >> "${ws.root}/calls.log"\n${body}\n`, { flag: 'w' });
      chmodSync(join(tools, name), 0o755);
    };
    mkdirSync(tools);
    for (const name of ['juju-log', 'status-set', 'apt-get', 'is-leader']) tool(name);
    tool('config-get', "echo '{}'");
    const nodeDir = join(process.execPath, '..');
    const hook = spawnSync(join(unit, 'hooks', 'install'), [], {
      cwd: unit,
      encoding: 'utf8',
      env: { PATH: `${tools}:${nodeDir}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'demo/0', JUJU_MODEL_NAME: 'test', JUJU_CHARM_DIR: unit },
    });
    expect(hook.stderr).toBe('');
    expect(hook.status).toBe(0);
    expect(read(unit, 'installed.txt')).toBe('install');
  });

  it('a dependency that is not installed is an error naming it and where the build looked', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: demo\n',
      'package.json': '{"dependencies": {"no-such-package-xyz": "^1.0.0"}}',
    });
    expect((await ws.fail()).message).toBe(
      `Cannot vendor the npm package no-such-package-xyz (^1.0.0, a dependency of demo (${ws.root}/demo/package.json)): ` +
        `it is not installed in node_modules above ${ws.root}/demo or ${join(import.meta.dirname, '..')}; run npm install`,
    );
    expect(existsSync(ws.out)).toBe(false);
  });

  it('a malformed package.json names the file', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n', 'package.json': '{"dependencies": ' });
    expect((await ws.fail()).message).toMatch(new RegExp(`^${ws.root}/demo/package.json: malformed JSON: `));
  });
});

describe('a bash charm', () => {
  it('built outside the repository carries the charms.reactive CLI, and its handlers run in install, config-changed and update-status', async () => {
    const ws = workspace();
    const layer = join(import.meta.dirname, '..', '..', '..', 'test-fixtures', 'python-differential', 'layer');
    const charm = ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n' });
    cpSync(layer, charm, { recursive: true });
    const result = await ws.build({ layerPath: [] });
    expect(result.packages).toEqual(expect.arrayContaining(['@reactive/cli@0.1.0']));
    // The CLI's authoring commands' packages (optional peers) stay with the author.
    expect(result.packages.filter((id) => /^@reactive\/(build|harness)@/.test(id))).toEqual([]);
    expect(existsSync(join(ws.out, 'node_modules', '@reactive', 'cli', 'bin', 'charms.reactive.sh'))).toBe(true);

    const unit = join(ws.root, 'unit');
    cpSync(ws.out, unit, { recursive: true });
    const tools = join(ws.root, 'tools');
    mkdirSync(tools);
    const tool = (name: string, body = ''): void => {
      writeFileSync(join(tools, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(tools, name), 0o755);
    };
    for (const name of ['juju-log', 'status-set', 'apt-get']) tool(name);
    tool('is-leader', 'echo false');
    tool('config-get', `cat "${ws.root}/config.json"`);
    const nodeDir = join(process.execPath, '..');
    const ran: Record<string, string[]> = {};
    for (const [hook, config] of [
      ['install', { greeting: '', mode: 'fast' }],
      ['config-changed', { greeting: 'hello', mode: 'fast' }],
      ['update-status', { greeting: 'hello', mode: 'fast' }],
    ] as const) {
      writeFileSync(join(ws.root, 'config.json'), JSON.stringify(config));
      writeFileSync(join(unit, 'order.log'), '');
      const child = spawnSync(join(unit, 'hooks', hook), [], {
        cwd: unit,
        encoding: 'utf8',
        env: { PATH: `${tools}:${nodeDir}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'diff-bash/0', JUJU_MODEL_NAME: 'test', JUJU_CHARM_DIR: unit, HOME: ws.root },
      });
      expect(child.status, child.stderr).toBe(0);
      ran[hook] = readFileSync(join(unit, 'order.log'), 'utf8').split('\n').filter(Boolean);
    }
    expect(ran.install).toContain('install_app');
    expect(ran.install).toContain('configure');
    expect(ran['config-changed']).toEqual(expect.arrayContaining(['greet', 'ready', 'render']));
    expect(ran['update-status']).toContain('update_status');
    expect(read(unit, 'out/app.conf')).toContain('greeting: SET');

    // The CLI on the unit has its handlers' commands, not the authors' (the simulator, the build).
    const reactive = (...args: string[]) =>
      spawnSync(join(unit, 'node_modules', '@reactive', 'cli', 'bin', 'reactive'), args, {
        cwd: unit,
        encoding: 'utf8',
        env: { PATH: `${nodeDir}:/usr/bin:/bin`, HOME: ws.root },
      });
    expect(reactive('sim', 'model.yaml')).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(
        /^reactive sim: this command needs @reactive\/harness, which is not installed here: npm install --save-dev @reactive\/harness\n$/,
      ),
    });
    expect(reactive('build', '.')).toMatchObject({ status: 1, stderr: expect.stringContaining('needs @reactive/build, which is not installed here') });
    expect(reactive('graph', unit)).toMatchObject({ status: 0, stdout: expect.stringContaining('digraph') });
  });
});
