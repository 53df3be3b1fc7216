// `reactive sim MODEL --parallel N`: how many units' hooks run side by side.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeCharm, writeCharmFiles } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv } from './helpers.js';

function reactive(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 60_000, killSignal: 'SIGKILL' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A work folder with model.yaml: two units of a charm whose start hook sets it active. */
function twoUnits(): string {
  const charm = makeCharm({ 'metadata.yaml': 'name: thing\n', 'hooks/start': { content: '#!/bin/sh\nstatus-set active ready\n', mode: 0o755 } });
  const work = tempDir();
  writeCharmFiles(work, { 'model.yaml': `applications:\n  thing: {charm: ${charm}, units: 2}\n` });
  return work;
}

describe('reactive sim --parallel', () => {
  it("runs the units' hooks side by side, as the JSON timeline's batches show, or one at a time", () => {
    const together = reactive(['sim', 'model.yaml', '--parallel', '2', '-j'], twoUnits());
    expect(together.status).toBe(0);
    const batches = (JSON.parse(together.stdout) as { timeline: Array<{ batch?: number }> }).timeline.map((e) => e.batch);
    expect(batches).toEqual([1, 1, 3, 3, 5, 5, 7, 7]);
    const alone = reactive(['sim', 'model.yaml', '--parallel', '1', '-j'], twoUnits());
    expect((JSON.parse(alone.stdout) as { timeline: Array<{ batch?: number }> }).timeline.map((e) => e.batch ?? null)).toEqual(Array(8).fill(null));
  });

  it('refuses a bound that is not a whole number from 1, in one line', () => {
    const result = reactive(['sim', 'model.yaml', '--parallel', '0'], twoUnits());
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^charms\.reactive sim: error: --parallel: expected a whole number of units from 1, got 0\nUsage: /);
  });
});
