// reactive build: the secret hooks Juju 3.x and 4.0 run get their files, as the standard hooks do.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECRET_HOOKS } from '@reactive/build';
import { BASIC, read, workspace } from './fixtures/build/workspace.js';

describe('secret hooks', () => {
  it('are written from the template for every charm, and run what the template runs', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    await ws.build();
    expect(SECRET_HOOKS).toEqual(['secret-changed', 'secret-expired', 'secret-remove', 'secret-rotate']);
    for (const hook of SECRET_HOOKS) {
      const run = spawnSync(join(ws.out, 'hooks', hook), { env: { PATH: process.env.PATH, JUJU_UNIT_NAME: 'demo/0' }, encoding: 'utf8' });
      expect(run.status).toBe(0);
    }
    expect(read(ws.out, 'ran.log')).toBe(SECRET_HOOKS.map((hook) => `${hook} demo/0\n`).join(''));
  });

  it('keeps a secret hook a layer ships', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: demo\n',
      'hooks/secret-rotate': { content: '#!/bin/sh\necho my rotate\n', mode: 0o755 },
    });
    await ws.build();
    expect(read(ws.out, 'hooks/secret-rotate')).toBe('#!/bin/sh\necho my rotate\n');
  });
});
