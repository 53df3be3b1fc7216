// reactive build: merging metadata.yaml, config.yaml, actions.yaml (layers.md A6, A7).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deepMerge } from '@reactive/build';
import { BASIC, leftovers, read, readYAML, tree, workspace } from './fixtures/build/workspace.js';

describe('deepMerge', () => {
  it('merges maps, appends new list items, and lets the higher side replace scalars and falsy values', () => {
    expect(
      deepMerge({ a: { x: 1, y: [1, 2] }, b: 'low', c: [], d: {}, e: 0 }, { a: { y: [2, 3], z: true }, b: 'high', c: [9], d: { k: 1 }, e: 5, f: null }),
    ).toEqual({
      a: { x: 1, y: [1, 2, 3], z: true },
      b: 'high',
      c: [9],
      d: { k: 1 },
      e: 5,
      f: null,
    });
    expect(deepMerge(null, { a: 1 })).toEqual({ a: 1 });
    expect(deepMerge({ a: 1 }, null)).toEqual({ a: 1 });
    expect(deepMerge({ a: [{ k: 1 }] }, { a: [{ k: 1 }, { k: 2 }] })).toEqual({ a: [{ k: 1 }, { k: 2 }] });
  });
});

describe('metadata.yaml', () => {
  it('deep-merges, concatenates series top-down, takes maintainers from the highest layer only, and orders keys', async () => {
    const ws = workspace();
    ws.layer('basic', {
      ...BASIC,
      'metadata.yaml':
        'series: [focal, jammy]\nmaintainer: Base <b@example.com>\ntags: [database]\nrequires:\n  db:\n    interface: mysql\nextra-bindings: {public: null}\n',
    });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'provides:\n  website:\n    interface: http\ntags: [web]\nseries: [noble, jammy]\ndescription: D\nsummary: S\nname: demo\n',
    });
    await ws.build();
    const meta = readYAML(ws.out, 'metadata.yaml');
    expect(meta).toEqual({
      name: 'demo',
      summary: 'S',
      description: 'D',
      tags: ['database', 'web'],
      series: ['noble', 'jammy', 'focal'],
      requires: { db: { interface: 'mysql' } },
      provides: { website: { interface: 'http' } },
      'extra-bindings': { public: null },
    });
    expect(Object.keys(meta)).toEqual(['name', 'summary', 'description', 'tags', 'series', 'requires', 'provides', 'extra-bindings']);
  });

  it('metadata.deletes removes keys the lower layers set, and with them their hooks', async () => {
    const ws = workspace();
    ws.layer('basic', {
      ...BASIC,
      'metadata.yaml': 'requires:\n  db: {interface: mysql}\n  cache: {interface: redis}\nstorage:\n  data: {type: filesystem}\n  logs: {type: filesystem}\n',
    });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\nmetadata:\n  deletes: [requires.db, storage.logs, no.such.key]\n',
      'metadata.yaml': 'name: demo\n',
    });
    await ws.build();
    expect(readYAML(ws.out, 'metadata.yaml')).toEqual({ name: 'demo', requires: { cache: { interface: 'redis' } }, storage: { data: { type: 'filesystem' } } });
    const hooks = tree(ws.out).filter((f) => /relation|storage/.test(f));
    expect(hooks).toEqual([
      'hooks/cache-relation-broken',
      'hooks/cache-relation-changed',
      'hooks/cache-relation-created',
      'hooks/cache-relation-departed',
      'hooks/cache-relation-joined',
      'hooks/data-storage-attached',
      'hooks/data-storage-detaching',
    ]);
  });

  it('is required: the charm layer without one is an error', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/metadata.yaml is missing: the charm layer needs a metadata.yaml with at least the charm's name`);
    expect(existsSync(ws.out)).toBe(false);
  });

  it('is required: no layer providing one is an error', async () => {
    const ws = workspace();
    ws.layer('basic', { 'hooks/hook.template': BASIC['hooks/hook.template']! });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n' });
    expect((await ws.fail()).message).toBe(
      `${ws.root}/demo/metadata.yaml is missing, and no other layer provides a metadata.yaml: a charm needs one, with at least its name`,
    );
  });

  it('needs a name that starts with a lowercase letter', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'summary: no name\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/metadata.yaml: \`name\` is missing (the charm's name)`);
    ws.charm({ 'metadata.yaml': 'name: Demo\n' });
    expect((await ws.fail()).message).toBe(
      `${ws.root}/demo/metadata.yaml: the charm name "Demo" must start with a lowercase letter and hold only lowercase letters, digits and "-"`,
    );
  });
});

describe('config.yaml and actions.yaml', () => {
  it('merge option definitions field by field (A6.5), lists as unions, and honour config.deletes', async () => {
    const ws = workspace();
    ws.layer('basic', {
      ...BASIC,
      'config.yaml': 'options:\n  port: {type: int, default: 80, description: P}\n  vip: {type: string, default: ""}\n  hosts: {type: string, default: a}\n',
      'actions.yaml': 'backup:\n  description: Back up.\n  params: {to: {type: string}}\n',
    });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\nconfig:\n  deletes: [vip]\n',
      'metadata.yaml': 'name: demo\n',
      'config.yaml': 'options:\n  port: {default: 8080}\n  mode: {type: string, default: fast}\n',
      'actions.yaml': 'backup:\n  params: {compress: {type: boolean}}\nrestore:\n  description: Restore.\n',
    });
    await ws.build();
    expect(readYAML(ws.out, 'config.yaml')).toEqual({
      options: {
        port: { type: 'int', default: 8080, description: 'P' },
        hosts: { type: 'string', default: 'a' },
        mode: { type: 'string', default: 'fast' },
      },
    });
    expect(readYAML(ws.out, 'actions.yaml')).toEqual({
      backup: { description: 'Back up.', params: { to: { type: 'string' }, compress: { type: 'boolean' } } },
      restore: { description: 'Restore.' },
    });
  });

  it("a layer's deletes remove what the layers below it set; that layer and higher ones can set it again", async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'config.yaml': 'options:\n  a: {type: int, default: 1, description: from basic}\n  b: {type: int, default: 2}\n' });
    ws.layer('mid', { 'layer.yaml': 'includes: [layer:basic]\nconfig: {deletes: [a, b]}\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:mid]\n', 'metadata.yaml': 'name: demo\n', 'config.yaml': 'options:\n  a: {type: string, default: x}\n' });
    await ws.build();
    expect(readYAML(ws.out, 'config.yaml')).toEqual({ options: { a: { type: 'string', default: 'x' } } });
  });

  it('read YAML 1.1 as Juju does, and write values that YAML 1.1 and 1.2 readers agree on', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: demo\n',
      'config.yaml': 'options:\n  on-off: {type: boolean, default: yes}\n  word: {type: string, default: "yes"}\n  date: {type: string, default: 2024-01-02}\n',
    });
    await ws.build();
    expect(readYAML(ws.out, 'config.yaml').options).toEqual({
      'on-off': { type: 'boolean', default: true },
      word: { type: 'string', default: 'yes' },
      date: { type: 'string', default: '2024-01-02' },
    });
  });
});

describe('malformed YAML', () => {
  it('stops the build naming the file, line and column, and writes nothing', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n', 'config.yaml': 'options:\n  port: [1, 2\n' });
    expect((await ws.fail()).message).toBe(
      `${ws.root}/demo/config.yaml:3:1: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
    expect(existsSync(ws.out)).toBe(false);
    expect(leftovers(ws.out)).toEqual([]);
  });

  it("in a lower layer's layer.yaml, and duplicate keys", async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'layer.yaml': 'options:\n  basic: {}\noptions: {}\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(`${ws.layers}/basic/layer.yaml:3:1: malformed YAML: Map keys must be unique`);
  });

  it('a file that is not a mapping', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n', 'actions.yaml': '- a\n- b\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/actions.yaml: expected a mapping at the top level, found a list`);
  });

  it('an empty file counts as an empty mapping', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'config.yaml': 'options: {a: {type: int}}\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n', 'config.yaml': '' });
    await ws.build();
    expect(readYAML(ws.out, 'config.yaml')).toEqual({ options: { a: { type: 'int' } } });
    expect(read(join(ws.out, 'hooks'), 'install')).toContain('# hook: install');
  });
});
