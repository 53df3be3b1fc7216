// reactive build: which layer's files end up in the charm (layers.md A3, A5).
import { describe, expect, it } from 'vitest';
import { compilePatterns } from '@reactive/build';
import { BASIC, mode, read, readYAML, tree, workspace } from './fixtures/build/workspace.js';

describe('gitignore-style patterns', () => {
  const m = (patterns: string[], path: string, isDir = false): boolean => compilePatterns(patterns).matches(path, isDir);

  it('a bare name matches at any depth, and everything under a matching folder', () => {
    expect(m(['tests'], 'tests')).toBe(true);
    expect(m(['tests'], 'tests/unit/a.js')).toBe(true);
    expect(m(['tests'], 'lib/tests/a.js')).toBe(true);
    expect(m(['tests'], 'lib/tests.js')).toBe(false);
    expect(m(['*.log'], 'a/b/c.log')).toBe(true);
    expect(m(['*.log'], 'a/b/c.logs')).toBe(false);
  });

  it('a leading or inner slash anchors to the root; a trailing slash means folders only', () => {
    expect(m(['/top.txt'], 'top.txt')).toBe(true);
    expect(m(['/top.txt'], 'sub/top.txt')).toBe(false);
    expect(m(['docs/*.md'], 'docs/a.md')).toBe(true);
    expect(m(['docs/*.md'], 'x/docs/a.md')).toBe(false);
    expect(m(['docs/*.md'], 'docs/sub/a.md')).toBe(false);
    expect(m(['build/'], 'build')).toBe(false);
    expect(m(['build/'], 'build', true)).toBe(true);
    expect(m(['build/'], 'src/build/x.js')).toBe(true);
  });

  it('** crosses folders; ?, [] and ! work; comments and blank lines are skipped', () => {
    expect(m(['**/gen/*.js'], 'gen/a.js')).toBe(true);
    expect(m(['**/gen/*.js'], 'a/b/gen/a.js')).toBe(true);
    expect(m(['a/**/z'], 'a/z')).toBe(true);
    expect(m(['a/**/z'], 'a/b/c/z')).toBe(true);
    expect(m(['lib/**'], 'lib/x/y')).toBe(true);
    expect(m(['lib/**'], 'lib')).toBe(false);
    expect(m(['file?.txt'], 'file1.txt')).toBe(true);
    expect(m(['file[0-2].txt'], 'file3.txt')).toBe(false);
    expect(m(['*.md', '!README.md'], 'README.md')).toBe(false);
    expect(m(['*.md', '!README.md'], 'other.md')).toBe(true);
    expect(m(['# tests', '', 'x'], 'tests')).toBe(false);
  });
});

describe('exclude and ignore', () => {
  it("A5.3: exclude drops a layer's own file, ignore drops the lower layers' file", async () => {
    const ws = workspace();
    ws.layer('test-base', { ...BASIC, 'actions.yaml': 'base-action: {}\n', 'resources.yaml': 'base-res: {}\n' });
    ws.layer('mysql', {
      'layer.yaml': 'includes: [layer:test-base]\nignore: [actions.yaml]\nexclude: [resources.yaml]\n',
      'actions.yaml': 'mysql-action: {}\n',
      'resources.yaml': 'mysql-res: {}\n',
    });
    ws.charm({
      'layer.yaml': 'includes: [layer:mysql]\n',
      'metadata.yaml': 'name: demo\n',
      'actions.yaml': 'tester-action: {}\n',
      'resources.yaml': 'tester-res: {}\n',
    });
    await ws.build();
    expect(Object.keys(readYAML(ws.out, 'actions.yaml'))).toEqual(['mysql-action', 'tester-action']);
    expect(Object.keys(readYAML(ws.out, 'resources.yaml'))).toEqual(['base-res', 'tester-res']);
  });

  it("exclude keeps a lower layer's copy; ignore reaches every lower layer but keeps the layer's own file", async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'docs/guide.md': 'basic\n', 'notes.txt': 'basic\n', 'shared.txt': 'basic\n' });
    ws.layer('mid', { 'layer.yaml': 'includes: [layer:basic]\nexclude: [shared.txt]\n', 'shared.txt': 'mid\n', 'mid.txt': 'mid\n' });
    ws.charm({
      'layer.yaml': 'includes: [layer:mid]\nignore: [docs, notes.txt]\n',
      'metadata.yaml': 'name: demo\n',
      'notes.txt': 'charm\n',
    });
    await ws.build();
    expect(read(ws.out, 'shared.txt')).toBe('basic\n');
    expect(read(ws.out, 'notes.txt')).toBe('charm\n');
    expect(tree(ws.out)).not.toContain('docs/guide.md');
    expect(read(ws.out, 'mid.txt')).toBe('mid\n');
  });

  it('patterns in exclude: bare names at any depth, anchored paths, folders and globs', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\nexclude: [tests, /top.log, "*.tmp", "build/", "**/gen/*.js"]\n',
      'metadata.yaml': 'name: demo\n',
      'tests/a.js': '',
      'lib/tests/b.js': '',
      'top.log': '',
      'lib/top.log': '',
      'x.tmp': '',
      'build/out.js': '',
      'lib/gen/g.js': '',
      'lib/gen/g.json': '',
      'lib/keep.js': '',
    });
    await ws.build();
    const files = tree(ws.out).filter((f) => !/^hooks\/|^\.|\.yaml$|^dispatch$|^package\.json$/.test(f));
    expect(files).toEqual(['lib/gen/g.json', 'lib/keep.js', 'lib/top.log']);
  });
});

describe('copies', () => {
  it('keep the mode (the executable bit), and the highest layer wins', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'bin/tool': { content: '#!/bin/sh\necho basic\n', mode: 0o755 }, 'lib/a.js': 'basic\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n', 'lib/a.js': { content: 'charm\n', mode: 0o600 } });
    await ws.build();
    expect(mode(ws.out, 'bin/tool')).toBe(0o755);
    expect(mode(ws.out, 'lib/a.js')).toBe(0o600);
    expect(read(ws.out, 'lib/a.js')).toBe('charm\n');
  });

  it('never take version control, node_modules, a lock file, an old manifest or runtime state from a layer', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: demo\n',
      '.git/HEAD': 'ref\n',
      'node_modules/x/index.js': '',
      'lib/node_modules/y/index.js': '',
      'package-lock.json': '{}',
      '.build.manifest': '{}',
      '.reactive-cache/layer.yaml.json': '{}',
      '.unit-state.lmdb': '',
      'editor.js~': '',
      'reactive/demo.js': '',
    });
    await ws.build();
    expect(tree(ws.out, /^$/).filter((f) => !f.startsWith('hooks/'))).toEqual([
      '.build.manifest',
      'dispatch',
      'layer.yaml',
      'metadata.yaml',
      'package.json',
      'reactive/demo.js',
    ]);
  });

  it("copyright: the highest layer's, and each lower layer's beside it", async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, copyright: 'basic (c)\n' });
    ws.layer('mysql', { 'layer.yaml': 'includes: [layer:basic]\n', copyright: 'mysql (c)\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:mysql]\n', 'metadata.yaml': 'name: demo\n', copyright: 'demo (c)\n' });
    await ws.build();
    expect(read(ws.out, 'copyright')).toBe('demo (c)\n');
    expect(read(ws.out, 'copyright.layer-basic')).toBe('basic (c)\n');
    expect(read(ws.out, 'copyright.layer-mysql')).toBe('mysql (c)\n');
  });
});
