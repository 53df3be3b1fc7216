// reactive build: finding includes and their order (layers.md A1, A2).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASIC, read, workspace } from './fixtures/build/workspace.js';

describe('include order', () => {
  it('walks includes depth-first, post-order, each layer where it is first reached (a diamond)', async () => {
    const ws = workspace();
    ws.layer('options', { 'layer.yaml': 'defines: {}\n', 'who.txt': 'options\n' });
    ws.layer('basic', { ...BASIC, 'layer.yaml': 'includes: [layer:options]\n', 'who.txt': 'basic\n' });
    ws.layer('a', { 'layer.yaml': 'includes: [layer:basic]\n', 'who.txt': 'a\n', 'ac.txt': 'a\n' });
    ws.layer('b', { 'layer.yaml': 'includes: [layer:basic, layer:c, interface:http]\n', 'who.txt': 'b\n' });
    ws.layer('c', { 'ac.txt': 'c\n', 'who.txt': 'c\n' });
    ws.iface('http', { 'requires.js': 'export {};\n' });
    ws.charm({
      'layer.yaml': 'includes: [layer:a, layer:b]\n',
      'metadata.yaml': 'name: demo\nrequires:\n  website:\n    interface: http\n',
    });
    const result = await ws.build();
    expect(result.layers).toEqual(['options', 'basic', 'a', 'c', 'b', 'demo']);
    expect(result.interfaces).toEqual(['http']);
    // Higher layers win: b over c over a, whatever order the charm named them in.
    expect(read(ws.out, 'who.txt')).toBe('b\n');
    expect(read(ws.out, 'ac.txt')).toBe('c\n');
    expect(result.output).toBe(ws.out);
  });

  it('finds layer-NAME folders, takes a `name` from layer.yaml, and resolves paths from the including layer', async () => {
    const ws = workspace();
    ws.layer('layer-basic', BASIC);
    ws.layer('layer-renamed', { 'layer.yaml': 'name: fancy\nincludes: [../local]\n' });
    ws.layer('local', { 'local.txt': 'here\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic, layer:renamed]\n', 'metadata.yaml': 'name: demo\n' });
    const result = await ws.build();
    expect(result.layers).toEqual(['basic', 'local', 'fancy', 'demo']);
    expect(read(ws.out, 'local.txt')).toBe('here\n');
    expect(read(ws.out, 'layer.yaml')).toContain('- layers/local');
  });

  it('accepts a single string for includes, and ignores @REV with a warning', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: layer:basic@v2\n', 'metadata.yaml': 'name: demo\n' });
    const lines: string[] = [];
    const result = await ws.build({ log: (line) => lines.push(line) });
    expect(result.layers).toEqual(['basic', 'demo']);
    expect(lines).toContain(
      `warning: layer:basic@v2 (included by demo in ${ws.root}/demo/layer.yaml): revisions are not fetched; using layer:basic as found locally`,
    );
  });
});

describe('includes that cannot be used', () => {
  it('an include that cannot be found says where it looked', async () => {
    const ws = workspace();
    ws.charm({ 'layer.yaml': 'includes: [layer:nope]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(
      `Cannot find layer:nope (included by demo in ${ws.root}/demo/layer.yaml): looked in ${ws.layers}/nope, ${ws.layers}/layer-nope; ` +
        `and no npm package @reactive/layer-nope or reactive-layer-nope with a layer/ folder is installed in node_modules above ${ws.root}/demo`,
    );
  });

  it('a missing interface and a missing path name their search paths too', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'layer.yaml': 'includes: [interface:db]\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(
      `Cannot find interface:db (included by layer:basic in ${ws.layers}/basic/layer.yaml): looked in ${ws.interfaces}/db, ${ws.interfaces}/interface-db; ` +
        `and no npm package @reactive/interface-db or reactive-interface-db with a interface/ folder is installed in node_modules above ${ws.root}/demo`,
    );
    ws.charm({ 'layer.yaml': 'includes: [../gone]\n' });
    expect((await ws.fail()).message).toBe(
      `Cannot find the layer ../gone (included by demo in ${ws.root}/demo/layer.yaml): looked in ${ws.root}/gone, ${join(process.cwd(), '../gone')}`,
    );
  });

  it('an empty layer path is reported as such', async () => {
    const ws = workspace();
    ws.charm({ 'layer.yaml': 'includes: [layer:nope]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail({ layerPath: [] })).message).toMatch(
      /^Cannot find layer:nope \(included by demo in .*\): CHARM_LAYERS_DIR and LAYER_PATH are empty; and no npm package/,
    );
  });

  it('an include cycle is an error naming the chain', async () => {
    const ws = workspace();
    ws.layer('a', { 'layer.yaml': 'includes: [layer:b]\n' });
    ws.layer('b', { 'layer.yaml': 'includes: [layer:a]\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:a]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(`Include cycle: layer:a -> layer:b -> layer:a (layer:a in ${ws.layers}/b/layer.yaml)`);
  });

  it('a layer that includes the charm is a cycle too', async () => {
    const ws = workspace();
    ws.layer('a', { 'layer.yaml': `includes: [${ws.root}/demo]\n` });
    ws.charm({ 'layer.yaml': 'includes: [layer:a]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(
      `Include cycle: demo -> layer:a -> ${ws.root.split('/').at(-1)}/demo (${ws.root}/demo in ${ws.layers}/a/layer.yaml)`,
    );
  });

  it('an include that is neither layer:, interface: nor a path', async () => {
    const ws = workspace();
    ws.charm({ 'layer.yaml': 'includes: [charm:thing]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(
      `Unknown include "charm:thing" (included by demo in ${ws.root}/demo/layer.yaml): use layer:NAME, interface:NAME or a path`,
    );
  });

  it('includes of the wrong shape', async () => {
    const ws = workspace();
    ws.charm({ 'layer.yaml': 'includes: {a: b}\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/layer.yaml: \`includes\` must be a list of strings`);
  });

  it('a source folder that does not exist', async () => {
    const ws = workspace();
    expect((await ws.fail()).message).toBe(`The charm layer ${ws.root}/demo does not exist`);
  });
});

describe("charm-tools' search variables and --name", () => {
  it('finds layers in $CHARM_LAYERS_DIR and interfaces in $CHARM_INTERFACES_DIR, and names the output folder after --name', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.iface('http', { 'requires.js': '' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic, interface:http]\n', 'metadata.yaml': 'name: demo\nrequires:\n  web: {interface: http}\n' });
    const saved = { ...process.env };
    process.env.CHARM_LAYERS_DIR = ws.layers;
    process.env.CHARM_INTERFACES_DIR = ws.interfaces;
    delete process.env.LAYER_PATH;
    delete process.env.INTERFACE_PATH;
    process.env.CHARM_BUILD_DIR = join(ws.root, 'builds');
    try {
      const { build } = await import('@reactive/build');
      const result = await build({ source: join(ws.root, 'demo'), name: 'renamed' });
      expect(result.output).toBe(join(ws.root, 'builds', 'renamed'));
      expect(result.layers).toEqual(['basic', 'demo']);
      expect(result.interfaces).toEqual(['http']);
      await expect(build({ source: join(ws.root, 'demo'), name: 'Bad Name' })).rejects.toThrow(
        '--name "Bad Name": a charm name is lower-case letters, digits and dashes, starting with a letter',
      );
    } finally {
      for (const key of ['CHARM_LAYERS_DIR', 'CHARM_INTERFACES_DIR', 'CHARM_BUILD_DIR', 'LAYER_PATH', 'INTERFACE_PATH']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});
