import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { DiscoveryError, HandlerError } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

/** The 1-based line of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

const imports = `
import { setFlag, clearFlag } from '@reactive/flags';
import { atExit, relationSet, unitState, hookName } from '@reactive/hookenv';
import { hook, when, whenNot } from '@reactive/bus';
`;

describe('main', () => {
  it('commits flags and unit state when the hook succeeds', async () => {
    const dir = makeCharm({ 'reactive/a.js': `${imports} whenNot('x')(function f() { setFlag('x'); unitState().set('my.key', 1); });` });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['x']);
    expect((await committedState(dir))['my.key']).toBe(1);
  });

  it('a hook that throws in its third handler leaves flags, unit state and relation data as they were', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${imports}
        whenNot('installed')(function install() { setFlag('installed'); });
        // Relation data is published at exit, as endpoints do: only after a successful dispatch.
        atExit(() => relationSet({ relationId: 'db:0' }, { state: unitState().get('phase') }));
      `,
    });
    const tools = new MemoryHookTools();
    const rid = tools.addRelation('db', 'pg', { units: { 'pg/0': {} } });
    await runHook(dir, 'install', { tools });
    const before = await committedState(dir);
    const relationBefore = { ...tools.relation(rid).localUnitData };

    const source = `${imports}
        atExit(() => relationSet({ relationId: 'db:0' }, { state: 'changed' }));
        when('installed')(function first() { setFlag('first'); unitState().set('phase', 'first'); });
        when('installed')(function second() { clearFlag('installed'); setFlag('second'); });
        whenNot('installed')(function third() { throw new Error('disk full'); });
      `;
    const failing = makeCharm({ 'reactive/a.js': source });
    const id = `reactive/a.js:${lineOf(source, 'function third')}:third`;
    const { rmSync, cpSync } = await import('node:fs');
    rmSync(`${failing}/.unit-state.lmdb`, { force: true });
    cpSync(`${dir}/.unit-state.lmdb`, `${failing}/.unit-state.lmdb`);
    const error = await runHook(failing, 'config-changed', { tools });

    expect(error).toBeInstanceOf(HandlerError);
    expect((error as HandlerError).handlerId).toBe(id);
    expect(await committedState(failing)).toEqual(before);
    expect(tools.relation(rid).localUnitData).toEqual(relationBefore);
    const errorLog = tools.logs.find((l) => l.level === 'ERROR')!;
    expect(errorLog.message).toContain(`Hook error in handler ${id}:`);
    expect(errorLog.message).toContain('Error: disk full');
    expect(errorLog.message).toMatch(new RegExp(`reactive/a\\.js(\\?load=\\d+)?:${lineOf(source, 'function third')}:`));
  });

  it('sets upgrade.series.in-progress in pre-series-upgrade and clears it in post-series-upgrade, without layer:basic', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${imports}
        when('upgrade.series.in-progress')(function paused() { unitState().set('seen.' + hookName(), true); });`,
    });
    expect(await runHook(dir, 'pre-series-upgrade')).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['upgrade.series.in-progress']);
    expect(await runHook(dir, 'update-status')).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['upgrade.series.in-progress']);
    expect(await runHook(dir, 'post-series-upgrade')).toBeUndefined();
    expect(await committedFlags(dir)).toEqual([]);
    expect(Object.keys(await committedState(dir)).filter((k) => k.startsWith('seen.'))).toEqual(['seen.pre-series-upgrade', 'seen.update-status']);
  });

  it('takes the hook name from JUJU_HOOK_NAME, else the dispatch path, and runs actions too', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${imports}
        hook('backup')(function backup() { unitState().set('ran', hookName()); });
        hook('db-relation-changed')(function changed() { unitState().set('ran', hookName()); });
      `,
    });
    await runHook(dir, 'db-relation-changed');
    expect((await committedState(dir)).ran).toBe('db-relation-changed');
    await runHook(dir, undefined as unknown as string, {
      env: { JUJU_HOOK_NAME: undefined, JUJU_DISPATCH_PATH: 'actions/backup', JUJU_ACTION_NAME: 'backup' },
    });
    expect((await committedState(dir)).ran).toBe('backup');
  });

  it('logs through a bounded number of juju-log calls, whatever the number of handlers', async () => {
    const source = (n: number) => {
      let body = imports;
      for (let i = 0; i < n; i++) body += `whenNot('h${i}')(function h${i}() { setFlag('h${i}'); });\n`;
      return body;
    };
    const calls = [];
    for (const n of [10, 100]) {
      const tools = new MemoryHookTools();
      await runHook(makeCharm({ 'reactive/a.js': source(n) }), 'install', { tools });
      calls.push(tools.callCounts()['juju-log']);
      const logged = tools.logs.map((l) => l.message).join('\n');
      expect(logged).toContain(`Invoking reactive handler: reactive/a.js:${lineOf(source(n), `function h${n - 1}(`)}:h${n - 1}`);
      expect(logged).toContain(`tracer: set flag h${n - 1}`);
    }
    expect(calls[0]).toBeLessThanOrEqual(3);
    expect(calls[1]).toBe(calls[0]);
  });

  it('names a handler by the line its function is defined on, as Python does', async () => {
    const source = `${imports}
      when('a')(
        whenNot('b')(
          function slowlyDefined() {
            throw new Error('x');
          }));
      whenNot('a')(function setA() { setFlag('a'); });
    `;
    const error = await runHook(makeCharm({ 'reactive/a.js': source }), 'install');
    expect((error as HandlerError).handlerId).toBe(`reactive/a.js:${lineOf(source, 'function slowlyDefined')}:slowlyDefined`);
  });

  it('traces the dispatch at DEBUG', async () => {
    const source = `${imports}
        whenNot('a')(function setA() { setFlag('a'); });
        when('a')(function onA() { clearFlag('a'); });
      `;
    const dir = makeCharm({ 'reactive/a.js': source });
    const tools = new MemoryHookTools();
    await runHook(dir, 'install', { tools });
    const debug = tools.logs
      .filter((l) => l.level === 'DEBUG')
      .map((l) => l.message)
      .join('\n');
    const setA = `reactive/a.js:${lineOf(source, 'function setA')}:setA`;
    const onA = `reactive/a.js:${lineOf(source, 'function onA')}:onA`;
    expect(debug).toContain('tracer: starting handler dispatch, 0 flags set');
    expect(debug).toContain('tracer: hooks phase, 0 handlers queued');
    expect(debug).toContain(`tracer>\ntracer: main dispatch loop, 1 handlers queued\ntracer: ++   queue handler ${setA}`);
    expect(debug).toContain(`tracer>\ntracer: set flag a\ntracer: ++   queue handler ${onA}`);
    expect(debug).toContain('tracer: cleared flag a');
  });
});

describe("the trace, in Python's LogTracer words and order", () => {
  const debugText = (tools: MemoryHookTools) =>
    tools.logs
      .filter((l) => l.level === 'DEBUG')
      .map((l) => l.message)
      .join('\n');

  it('keeps the set of handlers whose test passes: a change queues and dequeues against it, the running handler included', async () => {
    const source = `${imports}
        whenNot('a')(function setA() { setFlag('a'); });
        when('a')(function onA() { setFlag('b'); });
        when('b')(function onB() {});
      `;
    const tools = new MemoryHookTools();
    expect(await runHook(makeCharm({ 'reactive/a.js': source }), 'install', { tools })).toBeUndefined();
    const id = (name: string) => `reactive/a.js:${lineOf(source, `function ${name}`)}:${name}`;
    // In iteration 1, onB watches b, which changed in no earlier iteration: Python's test, and so its trace, leaves it out.
    expect(debugText(tools)).toBe(
      [
        'tracer: starting handler dispatch, 0 flags set',
        'tracer: hooks phase, 0 handlers queued',
        'tracer>',
        'tracer: main dispatch loop, 1 handlers queued',
        `tracer: ++   queue handler ${id('setA')}`,
        'tracer>',
        'tracer: set flag a',
        `tracer: ++   queue handler ${id('onA')}`,
        `tracer: -- dequeue handler ${id('setA')}`,
        'tracer: set flag b',
      ].join('\n'),
    );
  });

  it('traces changes made by start callbacks after the config flags, against every handler, in the phase the last hook left', async () => {
    const source = `${imports}
        import { atStart } from '@reactive/hookenv';
        atStart(() => setFlag('started.' + hookName()));
        when('started.update-status')(function s1() {});
        whenNot('never')(function s2() {});
      `;
    const dir = makeCharm({ 'reactive/a.js': source });
    const first = new MemoryHookTools();
    expect(await runHook(dir, 'install', { tools: first })).toBeUndefined();
    expect(debugText(first).split('\n')[0]).toBe('tracer: set flag started.install');
    const second = new MemoryHookTools();
    expect(await runHook(dir, 'update-status', { tools: second })).toBeUndefined();
    const id = (name: string) => `reactive/a.js:${lineOf(source, `function ${name}`)}:${name}`;
    expect(debugText(second).split('\n').slice(0, 4)).toEqual([
      'tracer>',
      'tracer: set flag started.update-status',
      `tracer: ++   queue handler ${id('s1')}`,
      `tracer: ++   queue handler ${id('s2')}`,
    ]);
    expect(debugText(second)).toContain('tracer>\ntracer: main dispatch loop, 2 handlers queued');
  });
});

describe('main: bad input', () => {
  it('a handler module that fails to import names the file and the error; nothing is committed', async () => {
    const dir = makeCharm({
      'reactive/good.js': `${imports} whenNot('x')(function f() { setFlag('x'); });`,
      'reactive/z-broken.js': `import { nothing } from './missing.js';`,
    });
    const error = await runHook(dir, 'install');
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as Error).message).toMatch(/^reactive\/z-broken\.js: cannot load handler module: Cannot find module/);
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('a handler module with a syntax error fails the hook with one line naming the file, the line and the error', async () => {
    const source = `${imports}\nwhen('x')(function f() {\n  return 1 +;\n});\n`;
    const dir = makeCharm({ 'reactive/a.js': source });
    const tools = new MemoryHookTools();
    const error = await runHook(dir, 'install', { tools });
    expect((error as Error).message).toBe(`reactive/a.js:${lineOf(source, 'return 1 +')}: cannot load handler module: SyntaxError: Unexpected token ';'`);
    expect(tools.logs.filter((entry) => entry.level === 'ERROR').map((entry) => entry.message)).toEqual([`Hook error:\n${(error as Error).message}`]);
  });

  it('TypeScript in a charm that was not built fails the hook, naming the file, instead of being skipped', async () => {
    const dir = makeCharm({ 'reactive/a.ts': `${imports} whenNot('x')(function f(): void { setFlag('x'); });`, 'reactive/types.d.ts': 'export {};\n' });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toBe(
      'reactive/a.ts: cannot be a handler: TypeScript runs once `reactive build` has compiled it, and this charm was not built',
    );
    expect(await committedFlags(dir)).toEqual([]);
  });

  it.each([
    ['when()(function f() {})', 'when(): give at least one flag'],
    ["when('a', 3)(function f() {})", 'when(): flags must be non-empty strings, got 3'],
    ["whenNot('')(function f() {})", 'whenNot(): flags must be non-empty strings, got ""'],
    ["hook('install')(when('a')(function f() {}))", 'handler f: hook() cannot be combined with when*(): they run in different phases'],
    ["when('a')('not a function')", 'when(): can only decorate a function, got string'],
  ])('%s is refused with a clear error', async (code, message) => {
    const dir = makeCharm({ 'reactive/a.js': `${imports} ${code};` });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toContain(message);
  });
});

describe('publishing survives a hook killed after its commit', () => {
  const source = `${imports}
    import { leaderSet } from '@reactive/hookenv';
    whenNot('published')(async function publish() {
      await relationSet({ relationId: 'db:0' }, { host: 'h1', port: '5432', gone: null });
      await leaderSet({ secret: 's3cret' });
      setFlag('published');
    });
  `;

  it('sends again, in the next hook, what Juju threw away, and only that; then nothing more', async () => {
    const dir = makeCharm({ 'reactive/a.js': source });
    const tools = new MemoryHookTools({ unit: 'app/0', leader: true });
    const rid = tools.addRelation('db', 'pg', { units: { 'pg/0': {} } });
    tools.relation(rid).localUnitData.gone = 'old';
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['published']);
    // Killed after the commit: Juju applies neither relation-set nor leader-set of that hook.
    tools.relation(rid).localUnitData = { gone: 'old', port: '5432' };
    tools.leaderSettings = {};
    const sets = () => tools.calls.filter((c) => c.tool === 'relation-set' || c.tool === 'leader-set').map((c) => [c.tool, ...c.args]);
    const before = sets().length;
    expect(await runHook(dir, 'update-status', { tools })).toBeUndefined();
    // port is still held; host and the deletion of gone are sent again.
    expect(sets().slice(before)).toEqual([
      ['relation-set', '-r', rid, '--file', '-'],
      ['leader-set', 'secret=s3cret'],
    ]);
    expect(tools.relation(rid).localUnitData).toEqual({ host: 'h1', port: '5432' });
    expect(tools.leaderSettings).toEqual({ secret: 's3cret' });
    const after = sets().length;
    expect(await runHook(dir, 'update-status', { tools })).toBeUndefined();
    expect(sets().slice(after)).toEqual([]);
  });

  it('sends nothing again after a hook that completed', async () => {
    const dir = makeCharm({ 'reactive/a.js': source });
    const tools = new MemoryHookTools({ unit: 'app/0', leader: true });
    tools.addRelation('db', 'pg', { units: { 'pg/0': {} } });
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    const before = tools.calls.length;
    expect(await runHook(dir, 'update-status', { tools })).toBeUndefined();
    expect(tools.calls.slice(before).filter((c) => c.tool === 'relation-set' || c.tool === 'leader-set')).toEqual([]);
  });
});
