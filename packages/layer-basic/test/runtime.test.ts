import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HookToolError, MemoryHookTools } from '@reactive/hookenv';
import { layerOption, runHook as runLayerHook } from '@reactive/layer-basic';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';

const saved = process.env.JUJU_CHARM_DIR;
afterEach(() => {
  process.env.JUJU_CHARM_DIR = saved;
});

let exitCode: number | undefined;
async function hook(dir: string, name: string, tools = new MemoryHookTools()): Promise<number> {
  await runHook(dir, name, { tools, run: async () => void (exitCode = await runLayerHook({ reload: true })) });
  return exitCode!;
}

const base = {
  'metadata.yaml': 'name: rt\n',
  'reactive/a.js': `import { setFlag } from '@reactive/flags'; import { whenNot } from '@reactive/bus'; whenNot('ran')(function ran() { setFlag('ran'); });`,
};

describe('layerOption', () => {
  it('reads the built layer.yaml options: all, one layer, one option', () => {
    process.env.JUJU_CHARM_DIR = makeCharm({ 'layer.yaml': 'options:\n  basic:\n    packages: [git]\n  mine:\n    debug: true\n' });
    expect(layerOption()).toEqual({ basic: { packages: ['git'] }, mine: { debug: true } });
    expect(layerOption('basic')).toEqual({ packages: ['git'] });
    expect(layerOption('mine', 'debug')).toBe(true);
    expect(layerOption('mine', 'missing')).toBeNull();
    expect(layerOption('nothing')).toEqual({});
  });

  it('keeps the parsed file, so later hooks need no YAML parser, and notices edits', () => {
    const dir = makeCharm({ 'layer.yaml': 'options: {basic: {packages: []}}\n' });
    process.env.JUJU_CHARM_DIR = dir;
    layerOption();
    expect(JSON.parse(readFileSync(join(dir, '.reactive-cache', 'layer.yaml.json'), 'utf8')).data).toEqual({ options: { basic: { packages: [] } } });
    writeFileSync(join(dir, 'layer.yaml'), 'options: {basic: {packages: [curl, git]}}\n');
    expect(layerOption('basic', 'packages')).toEqual(['curl', 'git']);
  });

  it('names the file and line of malformed YAML', () => {
    const dir = makeCharm({ 'layer.yaml': 'options:\n  basic: [unclosed\n' });
    process.env.JUJU_CHARM_DIR = dir;
    expect(() => layerOption()).toThrow(new RegExp(`^${dir}/layer.yaml:\\d+:\\d+: malformed YAML`));
  });
});

describe("layer:basic's bootstrap error", () => {
  it('goes to stderr, with why, when juju-log cannot take it', async () => {
    class NoJujuLog extends MemoryHookTools {
      override async jujuLog(): Promise<void> {
        throw new HookToolError('juju-log', [], null, '', 'not found on PATH (is this running in a Juju hook?)');
      }
    }
    const dir = makeCharm({ ...base, 'layer.yaml': 'options:\n  basic: [unclosed\n' });
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((text) => written.push(String(text)) > 0);
    try {
      expect(await hook(dir, 'install', new NoJujuLog())).toBe(1);
    } finally {
      stderr.mockRestore();
    }
    const lines = written.join('').trimEnd().split('\n');
    expect(lines[0]).toBe('Hook error in layer:basic bootstrap:');
    expect(lines[1]).toMatch(new RegExp(`^CharmFileError: ${dir}/layer.yaml:\\d+:\\d+: malformed YAML`));
    expect(lines.at(-1)).toBe('juju-log could not log this: not found on PATH (is this running in a Juju hook?)');
    expect(await committedFlags(dir)).toEqual([]);
  });
});

describe('exec.d pre-install', () => {
  it("runs each module's charm-pre-install once, before the handlers", async () => {
    const dir = makeCharm({
      ...base,
      'exec.d/10-first/charm-pre-install': { content: '#!/bin/sh\necho first >> "$JUJU_CHARM_DIR/order"\n', mode: 0o755 },
      'exec.d/20-second/charm-pre-install': { content: '#!/bin/sh\necho second >> "$JUJU_CHARM_DIR/order"\n', mode: 0o755 },
      'exec.d/30-not-executable/charm-pre-install': { content: '#!/bin/sh\necho no >> "$JUJU_CHARM_DIR/order"\n', mode: 0o644 },
    });
    expect(await hook(dir, 'install')).toBe(0);
    expect(await hook(dir, 'config-changed')).toBe(0);
    expect(readFileSync(join(dir, 'order'), 'utf8')).toBe('first\nsecond\n');
    expect(readFileSync(join(dir, 'exec.d', '.10-first_charm-pre-install.done'), 'utf8')).toContain('ran successfully');
    expect(await committedFlags(dir)).toContain('ran');
  });

  it('a failing script blocks the unit and ends the hook without running handlers', async () => {
    const dir = makeCharm({
      ...base,
      'exec.d/10-broken/charm-pre-install': { content: '#!/bin/sh\necho oops\nexit 7\n', mode: 0o755 },
    });
    const tools = new MemoryHookTools();
    const stdout = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    let written: string;
    try {
      expect(await hook(dir, 'install', tools)).toBe(0);
    } finally {
      written = stdout.mock.calls.join('');
      stdout.mockRestore();
    }
    expect(written).toBe(`oops\nERROR (7) running ${dir}/exec.d/10-broken/charm-pre-install\nSTDOUT<<EOM\noops\nEOM\n`);
    expect(tools.status).toEqual({ status: 'blocked', message: 'Error (7) running exec.d/10-broken/charm-pre-install' });
    expect(existsSync(join(dir, 'exec.d', '.10-broken_charm-pre-install.done'))).toBe(false);
    expect(await committedFlags(dir)).toEqual([]);
  });
});

describe('series upgrade', () => {
  it('pre-series-upgrade sets upgrade.series.in-progress and post-series-upgrade clears it', async () => {
    const dir = makeCharm(base);
    await hook(dir, 'pre-series-upgrade');
    expect(await committedFlags(dir)).toContain('upgrade.series.in-progress');
    await hook(dir, 'post-series-upgrade');
    expect(await committedFlags(dir)).not.toContain('upgrade.series.in-progress');
  });
});
