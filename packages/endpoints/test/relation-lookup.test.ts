// Finding an interface layer's class for a relation name, as Python's
// relation_factory and RelationBase.from_name do: reactive/relations first,
// then hooks/relations; a module that fails to import is logged and the next
// place tried; nothing found is an ERROR in the log and null.
import { afterEach, describe, expect, it } from 'vitest';
import { relationFactory, RelationBase } from '@reactive/endpoints';
import { MemoryHookTools, resetHookContext, setHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';

const metadata = 'name: app\nrequires:\n  db: {interface: pgsql}\n';
const legacy = (name: string) => `
  import { RelationBase, scopes } from '@reactive/endpoints';
  export class ${name} extends RelationBase { static scope = scopes.GLOBAL; }
`;
const broken = `import { RelationBase } from '@reactive/endpoints';\nexport class Broken extends RelationBase {}\nthrow new Error('half-ported layer');\n`;

/** The charm dir and a relation hook's variables, outside the framework's hook (as the CLI's relation_call runs): nothing discovered. */
function outsideHook(files: Record<string, string>): MemoryHookTools {
  const dir = makeCharm({ 'metadata.yaml': metadata, ...files });
  Object.assign(process.env, { JUJU_CHARM_DIR: dir, ...RELATION_HOOK });
  resetHookContext();
  const tools = new MemoryHookTools({ unit: 'app/0' });
  setHookTools(tools);
  return tools;
}

const RELATION_HOOK = { JUJU_HOOK_NAME: 'db-relation-changed', JUJU_RELATION: 'db', JUJU_RELATION_ID: 'db:1', JUJU_REMOTE_UNIT: 'postgresql/0' };

afterEach(() => {
  for (const name of ['JUJU_CHARM_DIR', ...Object.keys(RELATION_HOOK)]) delete process.env[name];
  resetHookContext();
});

describe('relation class lookup', () => {
  it('finds the RelationBase subclass in reactive/relations/<iface>/<role> before hooks/relations', async () => {
    outsideHook({ 'reactive/relations/pgsql/requires.js': legacy('NewPlace'), 'hooks/relations/pgsql/requires.js': legacy('OldPlace') });
    expect((await relationFactory('db'))?.name).toBe('NewPlace');
    expect((await RelationBase.fromName('db'))?.constructor.name).toBe('NewPlace');
  });

  it('finds it in hooks/relations when reactive/relations has none', async () => {
    outsideHook({ 'hooks/relations/pgsql/requires.js': legacy('OldPlace') });
    expect((await relationFactory('db'))?.name).toBe('OldPlace');
    expect((await RelationBase.fromName('db'))?.constructor.name).toBe('OldPlace');
  });

  it('logs a module that fails to import and tries the next place', async () => {
    const tools = outsideHook({ 'reactive/relations/pgsql/requires.js': broken, 'hooks/relations/pgsql/requires.js': legacy('OldPlace') });
    expect((await RelationBase.fromName('db'))?.constructor.name).toBe('OldPlace');
    expect(tools.logs).toContainEqual({ level: 'WARNING', message: 'reactive/relations/pgsql/requires.js: cannot import (half-ported layer)' });
  });

  it("logs Python's ERROR and answers null when no module loads", async () => {
    const tools = outsideHook({ 'hooks/relations/pgsql/requires.js': broken });
    expect(await RelationBase.fromName('db')).toBeNull();
    expect(await relationFactory('db')).toBeNull();
    expect(tools.logs).toContainEqual({ level: 'ERROR', message: 'Unable to find implementation for relation: requires of pgsql' });
    expect(await relationFactory('nothing')).toBeNull();
    expect(tools.logs).toContainEqual({ level: 'ERROR', message: 'Unable to determine role and interface for relation nothing' });
  });

  it('in a hook, a role module that fails to import fails discovery, naming it, and the hook commits nothing', async () => {
    const dir = makeCharm({
      'metadata.yaml': metadata,
      'hooks/relations/pgsql/requires.js': broken,
      'reactive/app.js': `import { setFlag } from '@reactive/flags'; import { hook } from '@reactive/bus'; hook('install')(function f() { setFlag('ran'); });`,
    });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toBe('hooks/relations/pgsql/requires.js: cannot load handler module: half-ported layer');
    expect(await committedFlags(dir)).toEqual([]);
  });
});
