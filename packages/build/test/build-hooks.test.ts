// reactive build: hooks generated from hooks/hook.template (layers.md A8) and dispatch.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPATCH, HOOK_PLACEHOLDER, STANDARD_HOOKS } from '@reactive/build';
import { BASIC, TEMPLATE, mode, read, tree, workspace } from './fixtures/build/workspace.js';

const STANDARD = [
  'config-changed',
  'install',
  'leader-elected',
  'leader-settings-changed',
  'post-series-upgrade',
  'pre-series-upgrade',
  'start',
  'stop',
  'update-status',
  'upgrade-charm',
];
const SECRET = ['secret-changed', 'secret-expired', 'secret-remove', 'secret-rotate'];

describe('hook generation', () => {
  it('writes the standard, secret, relation and storage hooks from the template, executable', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml':
        'name: demo\nprovides:\n  website: {interface: http}\nrequires:\n  db: mysql\npeers:\n  cluster: {interface: demo-peers}\nstorage:\n  data: {type: filesystem}\n',
    });
    await ws.build();
    const rel = (name: string): string[] => ['broken', 'changed', 'created', 'departed', 'joined'].map((s) => `${name}-relation-${s}`);
    expect(tree(join(ws.out, 'hooks'))).toEqual(
      [...STANDARD, ...SECRET, ...rel('website'), ...rel('db'), ...rel('cluster'), 'data-storage-attached', 'data-storage-detaching', 'hook.template'].sort(),
    );
    expect(STANDARD_HOOKS.slice().sort()).toEqual(STANDARD);
    for (const hook of tree(join(ws.out, 'hooks'))) expect(mode(join(ws.out, 'hooks'), hook)).toBe(0o755);
    expect(HOOK_PLACEHOLDER).toBe('@HOOK@');
    // The placeholder is replaced literally; shell braces are left alone.
    expect(read(ws.out, 'hooks/db-relation-joined')).toBe(TEMPLATE.replaceAll('@HOOK@', 'db-relation-joined'));
    expect(read(ws.out, 'hooks/db-relation-joined')).toContain('${JUJU_UNIT_NAME:-none}');
    expect(read(ws.out, 'hooks/hook.template')).toBe(TEMPLATE);
  });

  it("keeps a hook a layer ships, and uses the highest layer's template", async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'hooks/stop': { content: '#!/bin/sh\necho basic stop\n', mode: 0o755 } });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: demo\n',
      'hooks/start': { content: '#!/bin/sh\necho my own start\n', mode: 0o755 },
      'hooks/hook.template': { content: '#!/bin/sh\necho charm @HOOK@\n', mode: 0o755 },
    });
    await ws.build();
    expect(read(ws.out, 'hooks/start')).toBe('#!/bin/sh\necho my own start\n');
    expect(read(ws.out, 'hooks/stop')).toBe('#!/bin/sh\necho basic stop\n');
    expect(read(ws.out, 'hooks/install')).toBe('#!/bin/sh\necho charm install\n');
  });

  it('generates a hook whose shipped file a higher layer ignores', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'hooks/stop': { content: '#!/bin/sh\necho basic stop\n', mode: 0o755 } });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\nignore: [hooks/stop]\n', 'metadata.yaml': 'name: demo\n' });
    await ws.build();
    expect(read(ws.out, 'hooks/stop')).toBe(TEMPLATE.replaceAll('@HOOK@', 'stop'));
  });

  it("renders a template without @HOOK@ as charm-tools does, with str.format: the hook's, relation's or storage's name", async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'hooks/hook.template': { content: '#!/usr/bin/env python3\n# Hook: {}\nprint("{0}", {{"literal": 1}})\n', mode: 0o755 } });
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: demo\nrequires:\n  db: {interface: pgsql}\nstorage:\n  data: {type: filesystem}\n',
    });
    await ws.build();
    expect(read(ws.out, 'hooks/install')).toBe('#!/usr/bin/env python3\n# Hook: install\nprint("install", {"literal": 1})\n');
    expect(read(ws.out, 'hooks/db-relation-joined')).toBe('#!/usr/bin/env python3\n# Hook: db\nprint("db", {"literal": 1})\n');
    expect(read(ws.out, 'hooks/data-storage-attached')).toBe('#!/usr/bin/env python3\n# Hook: data\nprint("data", {"literal": 1})\n');
  });

  it('a template with a brace str.format would refuse is an error naming the line', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'hooks/hook.template': { content: '#!/bin/sh\necho {}\necho ${HOME}\n', mode: 0o755 } });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(
      'hooks/hook.template, line 3: "{" is not a str.format field charm-tools accepts ({} or {0} for the hook name, {{ and }} for braces); or mark the hook name with @HOOK@',
    );
    expect(existsSync(ws.out)).toBe(false);
  });

  it('needs a template', async () => {
    const ws = workspace();
    ws.layer('basic', { 'metadata.yaml': '{}\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(`No layer provides hooks/hook.template: include layer:basic (in ${ws.root}/demo/layer.yaml)`);
  });

  it('refuses relation names that cannot be file names', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\nrequires:\n  ../evil: {interface: x}\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/metadata.yaml: "../evil" (under \`requires\`) is not a valid relation name`);
  });
});

describe('dispatch', () => {
  it('is generated when no layer ships one, and runs the hook JUJU_DISPATCH_PATH names', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    await ws.build();
    expect(read(ws.out, 'dispatch')).toBe(DISPATCH);
    expect(mode(ws.out, 'dispatch')).toBe(0o755);
    const run = (path: string) =>
      spawnSync(join(ws.out, 'dispatch'), { env: { PATH: process.env.PATH, JUJU_DISPATCH_PATH: path, JUJU_UNIT_NAME: 'demo/0' }, encoding: 'utf8' });
    expect(run('hooks/install').status).toBe(0);
    expect(run('hooks/remove').status).toBe(0); // no such hook: nothing to do
    expect(read(ws.out, 'ran.log')).toBe('install demo/0\n');
    const unset = spawnSync(join(ws.out, 'dispatch'), { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('JUJU_DISPATCH_PATH is not set');
  });

  it("a layer's own dispatch is kept", async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, dispatch: { content: '#!/bin/sh\necho basic dispatch\n', mode: 0o755 } });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    await ws.build();
    expect(read(ws.out, 'dispatch')).toBe('#!/bin/sh\necho basic dispatch\n');
  });
});
