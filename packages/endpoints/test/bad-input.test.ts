import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';
import { charm, metadata, requiresJs } from './fixture.js';

const probe = {
  'reactive/probe.js': `import '@reactive/endpoints'; import { hook } from '@reactive/bus'; hook('install')(function probe() {});`,
};

describe('endpoints: bad input', () => {
  it('an interface file exporting no Endpoint class is logged, naming the file, and its endpoints skipped, as Python does', async () => {
    const dir = makeCharm({ 'metadata.yaml': metadata, 'hooks/relations/test-alt/requires.js': 'export const nothing = 1;', ...probe });
    const tools = new MemoryHookTools();
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    expect(tools.logs.filter((l) => l.level === 'WARNING').map((l) => l.message)).toContain('No RelationFactory found in hooks/relations/test-alt/requires.js');
    expect(await committedFlags(dir)).toEqual([]);
  });

  it("an interface file exporting two unrelated Endpoint classes fails the hook at start-up with Python's error, naming the file and the exports", async () => {
    const dir = makeCharm({
      'metadata.yaml': metadata,
      'hooks/relations/test-alt/requires.js': `import { Endpoint } from '@reactive/endpoints'; export class A extends Endpoint {} export class B extends Endpoint {}`,
      ...probe,
    });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toBe('Too many RelationFactory found in hooks/relations/test-alt/requires.js: A, B');
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('one class exported under two names counts twice, as Python counts names: the same error', async () => {
    const dir = makeCharm({
      'metadata.yaml': metadata,
      'hooks/relations/test-alt/requires.js': `import { Endpoint } from '@reactive/endpoints'; export class A extends Endpoint {} export { A as Alias };`,
      ...probe,
    });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toBe('Too many RelationFactory found in hooks/relations/test-alt/requires.js: A, Alias');
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('a base class exported under two names next to its subclass is fine: only the subclass is most derived', async () => {
    const dir = makeCharm({
      'metadata.yaml': metadata,
      'hooks/relations/test-alt/requires.js': `
        import { Endpoint } from '@reactive/endpoints';
        import { setFlag } from '@reactive/flags';
        export class Base extends Endpoint {}
        export { Base as OldName };
        export class Derived extends Base { manageFlags() { setFlag('derived.' + this.endpointName); } }`,
      ...probe,
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(await committedFlags(dir)).toContain('derived.test-endpoint');
  });

  it('a subclass and its base class in one file: the most derived one is used', async () => {
    const dir = makeCharm({
      'metadata.yaml': metadata,
      'hooks/relations/test-alt/requires.js': `
        import { Endpoint } from '@reactive/endpoints';
        import { setFlag } from '@reactive/flags';
        export class Base extends Endpoint {}
        export class Derived extends Base { manageFlags() { setFlag('derived.' + this.endpointName); } }`,
      ...probe,
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['derived.test-endpoint', 'derived.test-endpoint2', 'derived.test-endpoint3']);
  });

  it('a missing metadata.yaml is a clear error', async () => {
    const dir = makeCharm({ 'hooks/relations/test-alt/requires.js': requiresJs, ...probe });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toMatch(new RegExp(`^${dir}/metadata.yaml: cannot read charm metadata`));
  });

  it('a malformed metadata.yaml names the file', async () => {
    const dir = makeCharm({ 'metadata.yaml': 'requires:\n  db: [unclosed', 'hooks/relations/test-alt/requires.js': requiresJs, ...probe });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toMatch(new RegExp(`^${dir}/metadata.yaml:\\d+:\\d+: malformed YAML`));
  });

  it('whatever a remote unit publishes, the hook does not crash', async () => {
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('test-endpoint', 'evil', {
      units: {
        'evil/0': JSON.parse(
          '{"__proto__": "{\\"x\\": 1}", "constructor": "{", "big": "' + 'y'.repeat(5_000_000) + '", "nan": "NaN", "deep": "[[[[[[[[[[1]]]]]]]]]]"}',
        ),
      },
    });
    const dir = charm();
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(expect.arrayContaining(['endpoint.test-endpoint.changed.__proto__', 'endpoint.test-endpoint.changed.big']));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
