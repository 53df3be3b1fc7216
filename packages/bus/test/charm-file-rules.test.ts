// metadata.yaml as the hooks read it: the rules reactive build checks too
// (charm-file-rules.ts), broken in one line naming the file and the key; the
// hook fails and commits nothing.
import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { CharmFileError } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

const handler = `
import { setFlag } from '@reactive/flags';
import { whenNot } from '@reactive/bus';
whenNot('ran')(function ran() { setFlag('ran'); });
`;

describe('metadata.yaml in a hook', () => {
  it.each([
    [
      'a relation name used under two roles',
      'name: app\nprovides:\n  db: {interface: pgsql}\npeers:\n  db: {interface: pgsql-peer}\n',
      'relation "db" (under peers): another relation has the same name (under provides), and Juju refuses two relations of one name',
    ],
    ['a scalar requires', 'name: app\nrequires: mysql\n', '`requires` must map relation names to their interface, not the string "mysql"'],
    ['a relation without an interface', 'name: app\nrequires:\n  db: {limit: 1}\n', 'relation "db" (under requires) needs an `interface` (a string)'],
    [
      'a relation that is a list',
      'name: app\nprovides:\n  web: [http]\n',
      'relation "web" (under provides) must name its interface, or map interface, limit, scope and optional',
    ],
  ])('%s fails the hook with one line naming metadata.yaml and the key; nothing is committed', async (_what, metadata, message) => {
    const dir = makeCharm({ 'metadata.yaml': metadata, 'reactive/app.js': handler });
    const tools = new MemoryHookTools();
    const error = await runHook(dir, 'install', { tools });
    expect(error).toBeInstanceOf(CharmFileError);
    expect((error as Error).message).toBe(`${dir}/metadata.yaml: ${message}`);
    expect(tools.logs.find((entry) => entry.level === 'ERROR')?.message).toContain(`${dir}/metadata.yaml: ${message}`);
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('reads a relation given as its interface name alone, as Juju does', async () => {
    const dir = makeCharm({
      'metadata.yaml': 'name: app\nrequires:\n  db: mysql\n',
      'hooks/relations/mysql/requires.js': `
        import { unitState } from '@reactive/hookenv';
        import { when } from '@reactive/bus';
        when('never.{endpoint_name}')(function waits() {});
        unitState().set('loaded', true);
      `,
      'reactive/app.js': `
        import { unitState } from '@reactive/hookenv';
        import { Handler, whenNot } from '@reactive/bus';
        whenNot('x')(function ids() { unitState().set('ids', Handler.getHandlers().map((h) => h.id().split(':').at(-1))); });
      `,
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect((await committedState(dir)).ids).toContain('db');
  });
});
