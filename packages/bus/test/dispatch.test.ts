import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { dispatchStats } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';

/** A handlers module that records each handler it runs in the unit state key "test.order". */
function handlers(body: string): string {
  return `
import { clearFlag, isFlagSet, registerTrigger, setFlag } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
import { collectMetrics, hook, meterStatusChanged, when, whenAll, whenAny, whenNone, whenNot, whenNotAll } from '@reactive/bus';
const ran = (name) => unitState().set('test.order', [...unitState().get('test.order', []), name]);
${body}
`;
}

async function order(dir: string): Promise<string[]> {
  const { committedState } = await import('../../../test-fixtures/run-hook.mjs');
  return ((await committedState(dir))['test.order'] as string[]) ?? [];
}

describe('dispatch', () => {
  it('chains flags: A sets B, B sets C, each in a later iteration', async () => {
    const dir = makeCharm({
      'reactive/chain.js': handlers(`
        when('c')(function handlerC() { ran('C'); setFlag('done'); });
        when('b')(function handlerB() { ran('B'); setFlag('c'); });
        whenNot('a')(function handlerA() { ran('A'); setFlag('a'); });
        when('a')(function handlerAB() { ran('A->B'); setFlag('b'); });
      `),
    });
    expect(await runHook(dir, 'config-changed')).toBeUndefined();
    expect(await order(dir)).toEqual(['A', 'A->B', 'B', 'C']);
    expect(await committedFlags(dir)).toEqual(['a', 'b', 'c', 'done']);
  });

  it('runs hook handlers first, then flag handlers', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        whenNot('installed')(function whenHandler() { ran('when'); setFlag('installed'); });
        hook('install')(function installHook() { ran('hook install'); });
        hook('{install,upgrade-charm}')(function pattern() { ran('hook pattern'); });
        hook('config-changed')(function other() { ran('other hook'); });
      `),
    });
    await runHook(dir, 'install');
    expect(await order(dir)).toEqual(['hook install', 'hook pattern', 'when']);
  });

  it('a flag set by a handler is seen only in the next iteration: a queued whenNot handler still runs', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        whenNot('q')(function first() { ran('first'); setFlag('q'); });
        whenNot('q')(function second() { ran('second'); });
      `),
    });
    await runHook(dir, 'update-status');
    expect(await order(dir)).toEqual(['first', 'second']);
  });

  it('clearing a flag re-tests the rest of the queue, so a handler never runs on a cleared flag', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        whenNot('started')(function setup() { ran('setup'); setFlag('started'); setFlag('service.stopped'); setFlag('clients.connected'); });
        when('service.stopped')(function restart() { ran('restart'); clearFlag('service.stopped'); });
        whenAll('service.stopped', 'clients.connected')(function notify() { ran('notify'); });
      `),
    });
    await runHook(dir, 'install');
    expect(await order(dir)).toEqual(['setup', 'restart']);
  });

  it('the FAQ trigger example: the trigger keeps the notification alive', async () => {
    const faq = (withTrigger: boolean) =>
      handlers(`
        ${withTrigger ? "registerTrigger({ when: 'service.stopped', setFlag: 'clients.need_notification' });" : ''}
        whenNot('started')(function setup() { setFlag('clients.connected'); setFlag('service.stopped'); setFlag('started'); });
        when('service.stopped')(function restartService() { ran('restart'); clearFlag('service.stopped'); });
        whenAll('${withTrigger ? 'clients.need_notification' : 'service.stopped'}', 'clients.connected')(function notifyRelatedUnits() {
          ran('notify'); clearFlag('clients.need_notification');
        });
      `);
    const without = makeCharm({ 'reactive/a.js': faq(false) });
    await runHook(without, 'config-changed');
    expect(await order(without)).toEqual(['restart']);
    const withTrigger = makeCharm({ 'reactive/a.js': faq(true) });
    await runHook(withTrigger, 'config-changed');
    expect(await order(withTrigger)).toEqual(['restart', 'notify']);
    expect(await committedFlags(withTrigger)).toEqual(['clients.connected', 'started']);
  });

  it('tests a handler again only when one of its own flags changed', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        whenNot('x')(function setX() { ran('setX'); setFlag('x'); });
        when('x')(function onX() { ran('onX'); setFlag('y'); });
        when('y')(function onY() { ran('onY'); });
        whenAny('x', 'nothing')(function anyX() { ran('anyX'); });
        whenNotAll('x', 'z')(function notAll() { ran('notAll'); setFlag('z'); });
        whenNone('never')(function none() { ran('none'); setFlag('never'); });
      `),
    });
    await runHook(dir, 'config-changed');
    expect(await order(dir)).toEqual(['setX', 'notAll', 'none', 'onX', 'anyX', 'onY']);
  });

  it('runs a handler once per hook while its flags stay as they are', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        whenNot('started')(function setup() { setFlag('started'); });
        when('started')(function steady() { ran('steady'); });
        whenNot('x')(function x1() { setFlag('x'); });
        when('x')(function x2() { setFlag('y'); });
      `),
    });
    await runHook(dir, 'install');
    expect(await order(dir)).toEqual(['steady']);
    await runHook(dir, 'update-status');
    expect(await order(dir)).toEqual(['steady', 'steady']);
  });

  it('restricted mode runs only metrics handlers, once', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        collectMetrics()(function metrics() { ran('metrics'); });
        meterStatusChanged()(function meter() { ran('meter'); });
        whenNot('x')(function normal() { ran('normal'); });
        hook('collect-metrics')(function hooked() { ran('hooked'); });
      `),
    });
    await runHook(dir, 'collect-metrics');
    expect(await order(dir)).toEqual(['metrics']);
    await runHook(dir, 'meter-status-changed');
    expect(await order(dir)).toEqual(['metrics', 'meter']);
  });

  it('stops after 100 iterations and says so in the log', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        whenNot('flip')(function on() { setFlag('flip'); });
        when('flip')(function off() { clearFlag('flip'); });
      `),
    });
    const tools = new MemoryHookTools();
    expect(await runHook(dir, 'update-status', { tools })).toBeUndefined();
    expect(tools.logs.some((l) => l.level === 'WARNING' && l.message.includes('stopped after 100 iterations'))).toBe(true);
  });

  it('waits for a handler that returns a promise or a thenable before the next one runs', async () => {
    const dir = makeCharm({
      'reactive/a.js': handlers(`
        whenNot('x')(async function slow() { await new Promise((resolve) => setTimeout(resolve, 20)); ran('slow'); });
        whenNot('x')(function thenable() { return { then(resolve) { setTimeout(() => { ran('thenable'); resolve(); }, 20); } }; });
        whenNot('x')(function plain() { ran('plain'); setFlag('x'); });
      `),
    });
    expect(await runHook(dir, 'config-changed')).toBeUndefined();
    expect(await order(dir)).toEqual(['slow', 'thenable', 'plain']);
  });

  it('a handler that throws, or whose promise rejects, fails the hook naming it', async () => {
    for (const body of ['throw new Error("boom");', 'return Promise.reject(new Error("boom"));']) {
      const dir = makeCharm({ 'reactive/a.js': handlers(`whenNot('x')(function broken() { ${body} });`) });
      const error = (await runHook(dir, 'config-changed')) as Error & { handlerId?: string };
      expect(error.message).toMatch(/^handler reactive\/a\.js:\d+:broken failed: boom$/);
      expect(await committedFlags(dir)).toEqual([]);
    }
  });

  it('does work in proportion to what fires, not to the number of handlers', async () => {
    const charm = (chains: number) => {
      let body = '';
      for (let c = 0; c < chains; c++) {
        body += `when('chain.${c}.start')(function c${c}h0() { setFlag('chain.${c}.0'); });\n`;
        for (let j = 1; j < 10; j++) body += `when('chain.${c}.${j - 1}')(function c${c}h${j}() { setFlag('chain.${c}.${j}'); });\n`;
      }
      body += `hook('config-changed')(function start() { setFlag('chain.0.start'); });\n`;
      return makeCharm({ 'reactive/chains.js': handlers(body) });
    };
    const counts = [];
    for (const chains of [100, 1000]) {
      const dir = charm(chains);
      await runHook(dir, 'config-changed');
      expect(await committedFlags(dir)).toContain('chain.0.9');
      expect(await committedFlags(dir)).not.toContain('chain.1.0');
      counts.push(dispatchStats().predicateEvaluations);
    }
    // One chain of 10 fires: about two evaluations per handler of the chain, whatever the charm's size.
    expect(counts[0]).toBeLessThanOrEqual(40);
    expect(counts[1]).toBe(counts[0]);
  });

  it('after a clear, re-tests only what the changed flags can stop: evaluations grow with the handlers that run, not handlers x clears', async () => {
    // Chains that pass a baton: each handler sets the next flag and clears its own.
    const charm = (chains: number) => {
      let body = `hook('config-changed')(function start() { for (let c = 0; c < ${chains}; c++) setFlag('c' + c + '.s0'); });\n`;
      for (let j = 0; j < 5; j++)
        body += `for (let c = 0; c < ${chains}; c++) when('c' + c + '.s${j}')(function step() { setFlag('c' + c + '.s${j + 1}'); clearFlag('c' + c + '.s${j}'); });\n`;
      // Queued beside the batons: stopped by a clear of what it needs.
      body += `when('c0.s1')(function needsC0S1() { ran('needsC0S1'); });\n`;
      return makeCharm({ 'reactive/baton.js': handlers(body) });
    };
    const evaluations: number[] = [];
    for (const chains of [50, 200]) {
      const dir = charm(chains);
      expect(await runHook(dir, 'config-changed')).toBeUndefined();
      const flags = await committedFlags(dir);
      expect(flags.filter((flag) => flag.endsWith('.s5'))).toHaveLength(chains);
      expect(flags.filter((flag) => /\.s[0-4]$/.test(flag))).toEqual([]);
      // c0.s1 was set and queued it, but c0's next step cleared it first (it runs before it in the queue).
      expect(await order(dir)).toEqual([]);
      evaluations.push(dispatchStats().predicateEvaluations);
    }
    // Four times the chains: about four times the evaluations (handlers x clears would be sixteen times).
    expect(evaluations[1]! / evaluations[0]!).toBeLessThan(5);
    expect(evaluations[1]!).toBeLessThan(200 * 6 * 6);
  });
});
