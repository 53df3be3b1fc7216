// reactive build: .build.manifest, rebuilds, and all-or-nothing output (layers.md A11).
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASIC, leftovers, read, tree, workspace, type Workspace } from './fixtures/build/workspace.js';

function demo(): Workspace {
  const ws = workspace();
  ws.layer('basic', BASIC);
  ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n', 'README.md': 'demo\n', 'reactive/demo.js': 'export {};\n' });
  return ws;
}

describe('.build.manifest', () => {
  it('lists the layers and signs every file with its owner, kind and sha256', async () => {
    const ws = demo();
    const result = await ws.build();
    const text = read(ws.out, '.build.manifest');
    const manifest = JSON.parse(text);
    expect(text).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
    expect(manifest.layers).toEqual([
      { path: `${ws.layers}/basic`, url: 'layer:basic' },
      { path: `${ws.root}/demo`, url: 'demo' },
    ]);
    expect(Object.keys(manifest.signatures)).toEqual(result.files);
    expect(Object.keys(manifest.signatures)).toEqual([...result.files].sort());
    const sha = createHash('sha256')
      .update(readFileSync(join(ws.out, 'README.md')))
      .digest('hex');
    expect(manifest.signatures['README.md']).toEqual(['demo', 'static', sha]);
    expect(manifest.signatures['hooks/hook.template'][0]).toBe('layer:basic');
    expect(manifest.signatures['hooks/install'].slice(0, 2)).toEqual(['layer:basic', 'dynamic']);
    expect(manifest.signatures['metadata.yaml'].slice(0, 2)).toEqual(['demo', 'dynamic']);
    expect(manifest.signatures['.build.manifest']).toEqual(['build', 'dynamic', 'unchecked']);
  });
});

describe('rebuilds', () => {
  it('replace an unchanged build, removing files no longer built', async () => {
    const ws = demo();
    await ws.build();
    rmSync(join(ws.root, 'demo', 'README.md'));
    writeFileSync(join(ws.root, 'demo', 'NEW.md'), 'new\n');
    await ws.build();
    expect(tree(ws.out)).toContain('NEW.md');
    expect(tree(ws.out)).not.toContain('README.md');
    expect(leftovers(ws.out)).toEqual([]);
  });

  it('refuse to overwrite changed, added or deleted files without force', async () => {
    const ws = demo();
    await ws.build();
    appendFileSync(join(ws.out, 'README.md'), 'hand edit\n');
    writeFileSync(join(ws.out, 'notes.txt'), 'mine\n');
    rmSync(join(ws.out, 'hooks', 'stop'));
    const before = tree(ws.out);
    expect((await ws.fail()).message).toBe(
      `Unable to continue due to unexpected modifications in ${ws.out} (try --force): changed: README.md; added: notes.txt; deleted: hooks/stop`,
    );
    expect(tree(ws.out)).toEqual(before);
    expect(read(ws.out, 'README.md')).toBe('demo\nhand edit\n');
    await ws.build({ force: true });
    expect(read(ws.out, 'README.md')).toBe('demo\n');
    expect(tree(ws.out)).not.toContain('notes.txt');
    expect(tree(ws.out)).toContain('hooks/stop');
  });

  it('ignore the files hooks write when run in the build (unit state, caches, V8 code caches)', async () => {
    const ws = demo();
    await ws.build();
    writeFileSync(join(ws.out, '.unit-state.lmdb'), '');
    mkdirSync(join(ws.out, '.reactive-cache'));
    writeFileSync(join(ws.out, '.reactive-cache', 'layer.yaml.json'), '{}');
    writeFileSync(join(ws.out, '.node-path'), '/usr/bin/node\n');
    mkdirSync(join(ws.out, 'node_modules', '@reactive', 'bus', 'dist'), { recursive: true });
    writeFileSync(join(ws.out, 'node_modules', '@reactive', 'bus', 'dist', 'bundle-modules.cjs.v8cache'), 'code cache');
    await ws.build();
    expect(tree(ws.out)).not.toContain('.node-path');
  });

  it('refuse a non-empty output folder that no build made, unless forced; an empty one is fine', async () => {
    const ws = demo();
    mkdirSync(ws.out);
    await ws.build();
    rmSync(ws.out, { recursive: true });
    mkdirSync(ws.out);
    writeFileSync(join(ws.out, 'precious.txt'), 'x');
    expect((await ws.fail()).message).toBe(
      `The output folder ${ws.out} is not empty and has no .build.manifest, so it was not made by reactive build: use --force to replace it`,
    );
    expect(read(ws.out, 'precious.txt')).toBe('x');
    await ws.build({ force: true });
    expect(tree(ws.out)).not.toContain('precious.txt');
  });

  it('a failing rebuild leaves the old build as it was and no temporary folders', async () => {
    const ws = demo();
    await ws.build();
    const before = tree(ws.out);
    writeFileSync(join(ws.root, 'demo', 'config.yaml'), 'options: {a: [\n');
    await ws.fail();
    expect(tree(ws.out)).toEqual(before);
    expect(leftovers(ws.out)).toEqual([]);
  });
});

describe('the output folder', () => {
  it('is OUT itself with -o, else build/<charm name> beside the charm layer', async () => {
    const ws = demo();
    const result = await ws.build({ output: undefined });
    expect(result.output).toBe(join(ws.root, 'build', 'demo'));
    expect(tree(result.output)).toContain('hooks/install');
  });

  it('may not be inside the charm layer, nor hold a layer', async () => {
    const ws = demo();
    expect((await ws.fail({ output: join(ws.root, 'demo', 'out') })).message).toBe(
      `The output folder ${ws.root}/demo/out is inside the demo layer (${ws.root}/demo): build into a folder outside every layer`,
    );
    expect((await ws.fail({ output: ws.layers })).message).toBe(
      `The output folder ${ws.layers} contains the layer:basic layer (${ws.layers}/basic), which the build would delete: build into another folder`,
    );
  });

  it('may not be a file', async () => {
    const ws = demo();
    writeFileSync(ws.out, '');
    expect((await ws.fail()).message).toBe(`The output ${ws.out} exists and is not a folder`);
  });
});
