// reactive build: interface layers in hooks/relations/<interface>/ (layers.md A9).
import { describe, expect, it } from 'vitest';
import { BASIC, read, readYAML, tree, workspace } from './fixtures/build/workspace.js';

describe('interfaces', () => {
  it('copies each used interface into hooks/relations/<name>/, less its excluded files, and skips unused ones', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.iface('interface-http', {
      'interface.yaml': 'name: http\nexclude: [tests]\n',
      'provides.js': 'export const role = "provides";\n',
      'requires.mjs': 'export const role = "requires";\n',
      'lib/util.js': 'export {};\n',
      'tests/t.js': '',
      '.git/HEAD': '',
    });
    ws.iface('redis', { 'requires.js': '' });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic, interface:http, interface:redis]\n',
      'metadata.yaml': 'name: demo\nprovides:\n  website: {interface: http}\nrequires:\n  backend: {interface: http}\n',
    });
    const lines: string[] = [];
    const result = await ws.build({ log: (line) => lines.push(line) });
    expect(result.interfaces).toEqual(['http']);
    expect(tree(ws.out).filter((f) => f.startsWith('hooks/relations/'))).toEqual([
      'hooks/relations/http/interface.yaml',
      'hooks/relations/http/lib/util.js',
      'hooks/relations/http/provides.js',
      'hooks/relations/http/requires.mjs',
    ]);
    expect(read(ws.out, 'hooks/relations/http/provides.js')).toBe('export const role = "provides";\n');
    expect(lines).toContain('warning: interface:redis is included but no relation in metadata.yaml uses interface redis: skipped');
    const manifest = JSON.parse(read(ws.out, '.build.manifest'));
    expect(manifest.signatures['hooks/relations/http/provides.js'][0]).toBe('interface:http');
    expect(manifest.layers.map((l: { url: string }) => l.url)).toEqual(['layer:basic', 'demo', 'interface:http']);
  });

  it('an interface wins over a layer file at the same path', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'hooks/relations/http/provides.js': 'layer\n' });
    ws.iface('http', { 'provides.js': 'interface\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic, interface:http]\n', 'metadata.yaml': 'name: demo\nprovides:\n  website: {interface: http}\n' });
    await ws.build();
    expect(read(ws.out, 'hooks/relations/http/provides.js')).toBe('interface\n');
  });

  it("an interface package.json brings its dependencies into the charm's package.json", async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.iface('http', { 'provides.js': '', 'package.json': '{"name": "http-iface", "dependencies": {"yaml": "^2.0.0"}}' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic, interface:http]\n', 'metadata.yaml': 'name: demo\nprovides:\n  website: {interface: http}\n' });
    const result = await ws.build();
    expect(readYAML(ws.out, 'package.json').dependencies).toEqual({ yaml: '^2.0.0' });
    expect(result.packages).toEqual([expect.stringMatching(/^yaml@2\./)]);
    expect(read(ws.out, 'hooks/relations/http/package.json')).toContain('http-iface');
  });

  it('a role used in metadata with no implementation is an error naming the interface, role and relation', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    const dir = ws.iface('http', { 'requires.js': '', 'provides.rb': '' });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic, interface:http]\n',
      'metadata.yaml': 'name: demo\nrequires:\n  backend: {interface: http}\nprovides:\n  website: {interface: http}\n',
    });
    expect((await ws.fail()).message).toBe(
      `Missing implementation for interface role: relation "website" provides interface http, but interface:http (${dir}) has no provides.js, provides.ts, provides.mjs, provides.mts, provides.cjs or provides.cts`,
    );
  });

  it('a relation whose interface no layer implements still gets its hooks', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\nrequires:\n  db: {interface: mysql}\n' });
    await ws.build();
    expect(tree(ws.out)).toContain('hooks/db-relation-created');
  });
});

describe('an interface layer that ships only Python', () => {
  it('builds, carrying its files, says which endpoint has no JavaScript implementation, and its hooks run', async () => {
    const { cpSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { runHook } = await import('../../../test-fixtures/run-hook.mjs');
    const { MemoryHookTools } = await import('@reactive/hookenv');
    const { runHook: runLayerHook } = await import('@reactive/layer-basic');
    const ws = workspace();
    ws.layer('basic', BASIC);
    const iface = ws.iface('interface-pgsql', {});
    cpSync(join(import.meta.dirname, 'fixtures', 'interface-pgsql-python'), iface, { recursive: true });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic, interface:pgsql]\n',
      'metadata.yaml': 'name: demo\nrequires:\n  db: {interface: pgsql}\n',
      'package.json': JSON.stringify({ dependencies: { '@reactive/bus': '0.1.0', '@reactive/flags': '0.1.0' } }),
      'reactive/app.js':
        "import { setFlag } from '@reactive/flags';\nimport { whenNot } from '@reactive/bus';\nwhenNot('app.ran')(function ran() { setFlag('app.ran'); });\n",
    });
    const lines: string[] = [];
    const result = await ws.build({ vendor: false, log: (line) => lines.push(line) });
    expect(result.interfaces).toEqual(['pgsql']);
    expect(lines).toContain(
      'warning: interface:pgsql implements requires only in Python (requires.py): endpoint db will have no Endpoint until it has requires.js or requires.ts',
    );
    expect(tree(ws.out).filter((f) => f.startsWith('hooks/relations/'))).toEqual([
      'hooks/relations/pgsql/README.md',
      'hooks/relations/pgsql/copyright',
      'hooks/relations/pgsql/interface.yaml',
      'hooks/relations/pgsql/make_docs',
      'hooks/relations/pgsql/provides.py',
      'hooks/relations/pgsql/requires.py',
    ]);

    // A hook of the built charm: the Python files are left alone, the endpoint is reported.
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(import.meta.dirname, '..', '..', '..', 'node_modules'), join(ws.out, 'node_modules'));
    const tools = new MemoryHookTools({ unit: 'demo/0' });
    tools.addRelation('db', 'postgresql', { units: { 'postgresql/0': {} } });
    let exitCode: number | undefined;
    const error = await runHook(ws.out, 'install', { tools, run: async () => void (exitCode = await runLayerHook({ reload: true })) });
    expect(error).toBeUndefined();
    expect(exitCode).toBe(0);
    expect(tools.logs.flatMap((l) => l.message.split('\n'))).toContain(
      'hooks/relations/pgsql/requires.py is for the Python library: endpoint db has no JavaScript implementation (port it to requires.js)',
    );
  });
});
