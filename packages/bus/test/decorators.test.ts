import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

const prelude = `
import { setFlag, clearFlag } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
import { hook, notUnless, onlyOnce, setFlagArgumentResolver, when, whenAll, whenFileChanged, whenNot } from '@reactive/bus';
const ran = (name) => unitState().set('test.order', [...unitState().get('test.order', []), name]);
`;

async function order(dir: string): Promise<unknown[]> {
  return ((await committedState(dir))['test.order'] as unknown[]) ?? [];
}

describe('decorators', () => {
  it('stacked decorators AND their conditions on one handler', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        whenNot('b')(when('a')(function both() { ran('both'); }));
        whenNot('started')(function start() { setFlag('started'); setFlag('a'); });
      `,
    });
    await runHook(dir, 'install');
    expect(await order(dir)).toEqual(['both']);
  });

  it('TC39 method decorators compiled by TypeScript register handlers', async () => {
    const source = `
      import { setFlag } from '@reactive/flags';
      import { when, whenNot } from '@reactive/bus';
      export class Service {
        @whenNot('service.installed')
        install() { setFlag('service.installed'); }
        @when('service.installed')
        @whenNot('service.started')
        start() { setFlag('service.started'); }
      }
    `;
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const dir = makeCharm({ 'reactive/service.js': js });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['service.installed', 'service.started']);
  });

  it("when passes the flags' resolved arguments only to functions that declare parameters", async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        setFlagArgumentResolver((flag) => flag.startsWith('endpoint.') ? 'ep:' + flag.split('.')[1] : null);
        whenNot('go')(function go() { setFlag('go'); setFlag('endpoint.db.joined'); setFlag('cache.ready'); });
        when('cache.ready')(whenAll('endpoint.db.joined')(function withArgs(...args) { ran(['withArgs', ...args]); }));
        when('endpoint.db.joined')(function noParams() { ran(['noParams', arguments.length]); });
      `,
    });
    await runHook(dir, 'install');
    // Python counts `*args` among a signature's parameters: a rest parameter (length 0) is a declared one.
    expect(await order(dir)).toEqual([
      ['withArgs', 'ep:db'],
      ['noParams', 0],
    ]);
    const declared = makeCharm({
      'reactive/a.js': `${prelude}
        setFlagArgumentResolver((flag) => flag.startsWith('endpoint.') ? 'ep:' + flag.split('.')[1] : null);
        whenNot('go')(function go() { setFlag('go'); setFlag('endpoint.db.joined'); setFlag('cache.ready'); });
        when('cache.ready')(whenAll('endpoint.db.joined')(function withArgs(db) { ran(['withArgs', ...arguments]); }));
      `,
    });
    await runHook(declared, 'install');
    expect(await order(declared)).toEqual([['withArgs', 'ep:db']]);
  });

  it('addArgs takes any iterable, evaluated lazily on the first invoke, and passes it to rest and declared parameters', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        import { Handler } from '@reactive/bus';
        whenNot('go')(function go() { setFlag('go'); });
        const rest = when('go')(function rest(...args) { ran(['rest', ...args]); });
        const declared = when('go')(function declared(a, b) { ran(['declared', a, b]); });
        function* lazy() { ran('evaluated'); yield 'g1'; yield 'g2'; }
        Handler.get(rest).addArgs(lazy());
        Handler.get(rest).addArgs(['a3']);
        Handler.get(declared).addArgs(new Set(['s1']));
        Handler.get(declared).addArgs(async function* () { yield 'async2'; }());
        ran('registered');
      `,
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(await order(dir)).toEqual(['registered', 'evaluated', ['rest', 'g1', 'g2', 'a3'], ['declared', 's1', 'async2']]);
  });

  it('onlyOnce runs a handler once in the life of the unit, bare or called', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        onlyOnce(function bare() { ran('bare'); });
        onlyOnce()(function called() { ran('called'); });
      `,
    });
    await runHook(dir, 'install');
    await runHook(dir, 'config-changed');
    expect(await order(dir)).toEqual(['bare', 'called']);
  });

  it('onlyOnce marks nothing when the hook fails', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        onlyOnce(function once() { ran('once'); });
        whenNot('x')(function boom() { if (process.env.FAIL) throw new Error('boom'); });
      `,
    });
    expect(await runHook(dir, 'install', { env: { FAIL: '1' } })).toBeInstanceOf(Error);
    delete process.env.FAIL;
    await runHook(dir, 'install');
    expect(await order(dir)).toEqual(['once']);
  });

  it('whenFileChanged runs when a file changes, in the hooks phase too', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        whenFileChanged(() => process.env.JUJU_CHARM_DIR + '/app.conf')(function reload() { ran('reload'); });
      `,
    });
    await runHook(dir, 'install');
    writeFileSync(join(dir, 'app.conf'), 'v1');
    await runHook(dir, 'config-changed');
    await runHook(dir, 'update-status');
    writeFileSync(join(dir, 'app.conf'), 'v2');
    await runHook(dir, 'update-status');
    expect(await order(dir)).toEqual(['reload', 'reload']);
  });

  it("notUnless warns in Python's words, naming the function by its id, when called before its flags, and calls through", async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        const restart = notUnless('service.installed')(function restart() { ran('restart'); });
        const reload = notUnless('service.installed', 'service.configured')(
          function reload() { ran('reload'); });
        whenNot('x')(function f() { setFlag('x'); restart(); reload(); });
        when('x')(notUnless('y')(function guarded() { ran('guarded'); }));
      `,
    });
    const tools = new MemoryHookTools();
    await runHook(dir, 'install', { tools });
    expect(await order(dir)).toEqual(['restart', 'reload', 'guarded']);
    const lines = (level: string) => tools.logs.filter((l) => l.level === level).flatMap((l) => l.message.split('\n'));
    const warnings = lines('WARNING');
    expect(warnings).toContain('reactive/a.js:7:restart called before flag: service.installed');
    expect(warnings).toContain('reactive/a.js:9:reload called before flags: service.installed, service.configured');
    // The wrapper keeps the wrapped function's id as a handler.
    expect(lines('INFO')).toContain('Invoking reactive handler: reactive/a.js:11:guarded');
    expect(warnings).toContain('reactive/a.js:11:guarded called before flag: y');
  });

  it('hook handlers receive nothing and see the hook name', async () => {
    const dir = makeCharm({
      'reactive/a.js': `${prelude}
        hook('{install,upgrade-charm}')(function h(...args) { ran(['h', args.length, process.env.JUJU_HOOK_NAME]); });
      `,
    });
    await runHook(dir, 'upgrade-charm');
    expect(await order(dir)).toEqual([['h', 0, 'upgrade-charm']]);
  });
});
