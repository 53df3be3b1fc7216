import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const child = join(import.meta.dirname, 'fixtures', 'unit-state-child.mjs');
// Extra CA certificates only slow each child's start here.
const childEnv = { ...process.env, NODE_EXTRA_CA_CERTS: '' };

// A failed assertion must not leave a child committing in a loop.
const running = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const proc of running) proc.kill('SIGKILL');
});

function snapshot(path: string): Record<string, unknown> {
  const state = UnitState.open(path);
  const all = state.getRange('');
  void state.close();
  return all;
}

function seed(path: string): Record<string, unknown> {
  const state = UnitState.open(path);
  for (let i = 0; i < 1000; i++) state.set(`key.${String(i).padStart(4, '0')}`, 0);
  state.set('generation', 0);
  state.set('other', { kept: true });
  state.commit();
  void state.close();
  return snapshot(path);
}

/** Starts the child, waits for its "ready" line, waits `delayMs` more and kills it with SIGKILL. */
function killAfterReady(path: string, mode: string, delayMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, path, mode], { stdio: ['ignore', 'pipe', 'inherit'], env: childEnv });
    running.add(proc);
    proc.on('exit', () => running.delete(proc));
    proc.stdout.once('data', () => setTimeout(() => proc.kill('SIGKILL'), delayMs));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => resolve(signal));
  });
}

describe('unit state crash safety', () => {
  it('a process that throws before commit leaves the store as it was', () => {
    const path = join(tempDir(), 'state.lmdb');
    const before = seed(path);
    const result = spawnSync(process.execPath, [child, path, 'throw'], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('handler failed before commit');
    expect(snapshot(path)).toEqual(before);
  });

  it('a process killed with SIGKILL before commit leaves the store as it was', async () => {
    const path = join(tempDir(), 'state.lmdb');
    const before = seed(path);
    expect(await killAfterReady(path, 'hang', 0)).toBe('SIGKILL');
    expect(snapshot(path)).toEqual(before);
  });

  it('SIGKILL at random moments while committing 1,000 keys leaves all or none of each commit', async () => {
    // Two stores killed in turn, in parallel: 200 kills in all.
    const lanes = await Promise.all([killCommitsRepeatedly(100), killCommitsRepeatedly(100)]);
    // The kills landed at many different points of the sequence of commits (a loaded machine commits
    // slower, so fewer generations are reached: 44 of 100 kills were seen under a CI run beside other work).
    for (const generations of lanes) expect(generations.size).toBeGreaterThan(20);
    // 200 process starts: slow on a loaded 2-core machine.
  }, 300_000);
});

async function killCommitsRepeatedly(runs: number): Promise<Set<number>> {
  const path = join(tempDir(), 'state.lmdb');
  seed(path);
  const generations = new Set<number>();
  for (let run = 0; run < runs; run++) {
    // The child commits 1,000-key transactions back to back, so most moments fall inside a commit.
    expect(await killAfterReady(path, 'commit-loop', Math.random() * 40)).toBe('SIGKILL');
    const after = snapshot(path);
    const generation = after.generation as number;
    const torn = Object.entries(after).filter(([key, value]) => key.startsWith('key.') && value !== generation);
    expect(torn, `run ${run}: keys not from generation ${generation}`).toEqual([]);
    expect(after.other).toEqual({ kept: true });
    generations.add(generation);
  }
  return generations;
}
