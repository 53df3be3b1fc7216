// What Juju does when hooks fail, and what the simulator does when a model
// never settles: failed hooks have their tool writes discarded, put the unit
// in error and are retried (boundedly); a model that keeps firing hooks is
// stopped and reported; a hook that hangs is killed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotQuiescentError, Simulation } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { fixtureCharm } from './fixtures/charms.js';

describe('a failing hook', () => {
  it('has its hook-tool writes discarded, puts the unit in error, is retried, and runs again once resolved', async () => {
    const state = join(tempDir(), 'state');
    const sim = await Simulation.create({ applications: { web: { charm: fixtureCharm('web'), units: 1, config: {} } }, relations: [] }, state, { retries: 1 });
    const setup = await sim.run();
    expect(setup.timeline.map((e) => e.hook)).toEqual(['install', 'leader-elected', 'config-changed', 'start']);
    expect(sim.status().units['web/0']).toMatchObject({ status: 'blocked', message: 'needs a database', ports: [] });

    sim.setConfig('web', { fail: true });
    const failed = await sim.run();
    // The handler wrote a status, leader settings, a port and a flag, then threw: twice (one retry).
    expect(failed.timeline.map((e) => [e.hook, e.ok, e.exitCode, e.attempt])).toEqual([
      ['config-changed', false, 1, 1],
      ['config-changed', false, 1, 2],
    ]);
    expect(failed.timeline[0]!.handlers.some((h) => h.endsWith(':fail_on_purpose'))).toBe(true);
    expect(failed.timeline[0]!.error).toMatch(/^Hook error in handler reactive\/web\.js:\d+:fail_on_purpose:\nError: failing on purpose/);
    expect(failed.timeline[1]!.flagsSet).toEqual([]);
    expect(failed.timeline[1]!.status).toEqual({ status: 'error', message: 'hook failed: "config-changed"' });
    expect(failed).toMatchObject({ quiesced: false, pending: 1, errors: [{ unit: 'web/0', hook: 'config-changed', attempts: 2 }] });
    const status = Simulation.load(state).status();
    expect(status.units['web/0']).toMatchObject({ status: 'error', message: 'hook failed: "config-changed"', ports: [] });
    expect(status.units['web/0']!.flags).not.toContain('web.failing');
    expect(status.applications.web!.leaderSettings).toEqual({});
    expect(sim.log('web/0')).toContain('failing on purpose');

    // A unit in error runs nothing else; `juju resolved` retries the hook, which now sees the new config.
    sim.setConfig('web', { fail: false });
    sim.updateStatus();
    expect((await sim.run()).timeline).toEqual([]);
    sim.resolve('web/0');
    const resolved = await sim.run();
    expect(resolved.timeline.map((e) => [e.hook, e.ok, e.attempt])).toEqual([
      ['config-changed', true, 3],
      ['update-status', true, 1],
    ]);
    expect(resolved.quiesced).toBe(true);
    expect(sim.status().units['web/0']).toMatchObject({ status: 'blocked', message: 'needs a database' });
  });

  it('is killed when it runs longer than the hook timeout', async () => {
    const charm = makeCharm({ 'metadata.yaml': 'name: slow\n', 'hooks/install': { content: '#!/bin/sh\nsleep 30\n', mode: 0o755 } });
    const sim = await Simulation.create({ applications: { slow: { charm, units: 1, config: {} } }, relations: [] }, join(tempDir(), 'state'), {
      hookTimeoutMs: 300,
      retries: 0,
    });
    const started = Date.now();
    const result = await sim.run();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.timeline[0]).toMatchObject({ hook: 'install', ok: false, exitCode: null, error: 'killed: the hook ran longer than 300 ms' });
    expect(result.errors).toEqual([{ unit: 'slow/0', hook: 'install', attempts: 1 }]);
  });
});

describe('a model that does not quiesce', () => {
  async function pingers(): Promise<string> {
    const state = join(tempDir(), 'state');
    const charm = fixtureCharm('pinger', { plain: true });
    await Simulation.create(
      { applications: { a: { charm, units: 1, config: {} }, b: { charm, units: 1, config: {} } }, relations: [['a:ping', 'b:pong']] },
      state,
    );
    return state;
  }

  it('is stopped when a hook keeps firing, naming the units and hooks, with the model saved', async () => {
    const state = await pingers();
    // One hook at a time: the counter's value below is that order's.
    const error = await Simulation.load(state)
      .run({ maxRepeats: 3, parallel: 1 })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(NotQuiescentError);
    const message = (error as NotQuiescentError).message;
    expect(message).toMatch(
      /^the model did not quiesce: (a\/0 ping-relation-changed \(ping:0 from b\/0\)|b\/0 pong-relation-changed \(pong:0 from a\/0\)) kept firing \(3 times, the limit maxRepeats\)\./,
    );
    expect(message).toContain('Kept firing: ');
    expect(message).toContain('a/0 ping-relation-changed (ping:0 from b/0) ×3');
    expect(message).toContain('b/0 pong-relation-changed (pong:0 from a/0) ×3');
    expect(message).toMatch(/1 hooks are still queued: (a\/0 ping|b\/0 pong)-relation-changed; the model is saved \(run again to go on\)\.$/);
    const timeline = (error as NotQuiescentError).timeline;
    expect(timeline.filter((e) => !e.skipped).every((e) => e.hook.endsWith('-relation-changed') && e.ok)).toBe(true);
    const sim = Simulation.load(state);
    expect(sim.status().relations[0]!.units['b/0']!.n).toBe('6');
    expect(sim.status().pending).toHaveLength(1);
    expect(sim.history()).toEqual(timeline);
  });

  it('is stopped after maxHooks hooks', async () => {
    const state = await pingers();
    await expect(Simulation.load(state).run({ maxHooks: 16 })).rejects.toThrow(
      /^the model did not quiesce: it fired 16 hooks, the limit \(maxHooks\)\. Kept firing: /,
    );
  });
});
