// Bad input to the charms.reactive / reactive commands run on a unit outside
// a hook (a person, juju exec): the command exits 1 (2 for a usage error,
// whose line is followed by the command's usage), says one line on stderr
// naming the culprit, and leaves the unit state and the charm's files as
// they were.
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { expectRefused, folderState, reactive, unitStateOf } from '../../test-fixtures/bad-input.mjs';
import { makeCharm } from '../../test-fixtures/charm.mjs';
import { runHook } from '../../test-fixtures/run-hook.mjs';
import { FakeHookTools } from '../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../test-fixtures/temp.mjs';

interface Case {
  /** The bad input. */
  name: string;
  args: string[];
  /** Run in the charm's folder (default) or in an empty folder. */
  cwd?: 'charm' | 'empty';
  exit: number;
  /** A usage error: the line is followed by the command's usage. */
  usage?: boolean;
  /** The unit state the command uses (default: the charm's), in the folder STORES. */
  store?: string;
  /** 'none': run with no unit in the environment (no JUJU_CHARM_DIR). */
  env?: 'none';
  /** The one line on stderr. */
  line: RegExp;
}

const USAGE = { exit: 2, usage: true };
const CASES: Case[] = [
  { name: 'an unknown command', args: ['frobnicate'], ...USAGE, line: /^charms\.reactive: error: unknown command 'frobnicate'$/ },
  { name: 'an unknown option', args: ['set_flag', '--bogus', 'x'], ...USAGE, line: /^charms\.reactive set_flag: error: unknown option '--bogus'$/ },
  { name: 'a missing argument', args: ['is_flag_set'], ...USAGE, line: /^charms\.reactive is_flag_set: error: missing required argument 'flag'$/ },
  { name: 'a toggle value that is not a boolean', args: ['toggle_flag', 'x', 'maybe'], ...USAGE, line: /SHOULD_SET must be .*, got "maybe"$/ },
  {
    name: 'a handler test spec without an id',
    args: ['test', 'foo'],
    ...USAGE,
    line: /^charms\.reactive test: error: handler spec needs a name and an id: "foo"$/,
  },
  { name: 'an empty flag name', args: ['set_flag', ''], exit: 1, line: /^charms\.reactive set_flag: flag name must not be empty$/ },
  {
    name: 'a template that does not exist',
    args: ['render_template', 'missing.j2', 'OUT/app.conf'],
    exit: 1,
    line: /^charms\.reactive render_template: template missing\.j2: not found in \/\S+\/templates$/,
  },
  {
    name: 'a template outside templates/',
    args: ['render_template', '../metadata.yaml', 'OUT/app.conf'],
    exit: 1,
    line: /^charms\.reactive render_template: template \.\.\/metadata\.yaml: outside the templates directory \/\S+\/templates$/,
  },
  {
    name: 'a template with a syntax error',
    args: ['render_template', 'syntax.j2', 'OUT/app.conf'],
    exit: 1,
    line: /^charms\.reactive render_template: template syntax\.j2, line 2, column 7: unexpected token: %}$/,
  },
  {
    name: 'an attribute of an undefined name in a template',
    args: ['render_template', 'undefined.j2', 'OUT/app.conf'],
    exit: 1,
    line: /^charms\.reactive render_template: template undefined\.j2, line 1, column 9: 'missing' is undefined$/,
  },
  {
    name: 'an include outside templates/ (#35 item 5)',
    args: ['render_template', 'escape.j2', 'OUT/app.conf'],
    exit: 1,
    line: /^charms\.reactive render_template: template escape\.j2: template \.\.\/templates-private\/secret: outside the templates directory \/\S+\/templates$/,
  },
  {
    name: 'an include of a link out of templates/ (#35 item 5)',
    args: ['render_template', 'linked.j2', 'OUT/app.conf'],
    exit: 1,
    line: /^charms\.reactive render_template: template linked\.j2: template secret: leads outside the templates directory \/\S+\/templates \(through a symbolic link\)$/,
  },
  {
    name: 'a render target under /proc',
    args: ['render_template', 'ok.j2', '/proc/nowhere/app.conf'],
    exit: 1,
    line: /^charms\.reactive render_template: cannot create the folder \/proc\/nowhere: ENOENT/,
  },
  {
    name: 'relation_call for an unknown relation',
    args: ['relation_call', '--relation_name', 'nope', 'connection_string'],
    exit: 1,
    line: /^charms\.reactive relation_call: Relation not found: nope$/,
  },
  {
    name: 'relation_call for an unknown method',
    args: ['relation_call', '--relation_name', 'db', 'no_such_method'],
    exit: 1,
    line: /^charms\.reactive relation_call: PgsqlRequires has no method no_such_method$/,
  },
  {
    name: 'relation_call with neither a relation nor a flag',
    args: ['relation_call', 'connection_string'],
    exit: 1,
    line: /^charms\.reactive relation_call: Must specify either relation_name or flag$/,
  },
  {
    name: 'a folder where the unit state should be',
    args: ['set_flag', 'x'],
    store: 'folder.lmdb',
    exit: 1,
    line: /^charms\.reactive set_flag: unit state \/\S+\/folder\.lmdb: cannot open \(EISDIR: illegal operation on a directory\)$/,
  },
  {
    name: 'a unit state that is not LMDB (#35 item 2)',
    args: ['set_flag', 'x'],
    store: 'garbage.lmdb',
    exit: 1,
    line: /^charms\.reactive set_flag: unit state \/\S+\/garbage\.lmdb is damaged \(not an LMDB store: no meta page at its start\): move it aside$/,
  },
  {
    name: 'reactive flags of a unit state that is not LMDB (#35 item 2)',
    args: ['flags', '--state', 'STORES/garbage.lmdb'],
    exit: 1,
    line: /^charms\.reactive flags: unit state \/\S+\/garbage\.lmdb is damaged \(not an LMDB store: no meta page at its start\): move it aside$/,
  },
  {
    name: 'reactive why of an unknown flag',
    args: ['why', 'app.redy'],
    exit: 2,
    line: /^charms\.reactive why: no handler or flag "app\.redy" in the unit's flight records \(did you mean app\.ready\?\)$/,
  },
  {
    name: 'reactive history of an unknown hook number',
    args: ['history', '7'],
    exit: 2,
    line: /^charms\.reactive history: no hook number 7: the records kept are of hooks #1 to #1$/,
  },
  {
    name: 'reactive why of an empty file given as the unit state: refused, not made a store',
    args: ['why', 'app.ready', '--state', 'STORES/empty.lmdb'],
    exit: 1,
    line: /^charms\.reactive why: unit state \/\S+\/empty\.lmdb: not a unit state store \(an empty file\)$/,
  },
  {
    name: 'reactive flags with no unit state given, outside a unit',
    args: ['flags'],
    cwd: 'empty',
    env: 'none',
    exit: 2,
    line: /^charms\.reactive flags: no unit state: give --state PATH, or set UNIT_STATE_DB or JUJU_CHARM_DIR$/,
  },
  {
    name: 'reactive why on a unit no hook has run on',
    args: ['why', 'app.ready', '--state', 'fresh.lmdb'],
    exit: 2,
    line: /^charms\.reactive why: no flight record in \S*fresh\.lmdb yet/,
  },
  {
    name: 'reactive history of a unit state that does not exist',
    args: ['history', '--state', 'nowhere.lmdb'],
    exit: 2,
    line: /^charms\.reactive history: no unit state at nowhere\.lmdb$/,
  },
  {
    name: 'reactive flags of a unit state that does not exist',
    args: ['flags', '--state', 'nowhere.lmdb'],
    exit: 2,
    line: /^charms\.reactive flags: no unit state at nowhere\.lmdb$/,
  },
  {
    name: 'reactive lint of a folder without reactive/',
    args: ['lint'],
    cwd: 'empty',
    exit: 2,
    line: /^charms\.reactive lint: \.: not a reactive charm \(no reactive\/ folder\)$/,
  },
];

let charm: string;
let out: string;
let tools: FakeHookTools;
let stores: string;
beforeAll(async () => {
  charm = makeCharm({
    'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pgsql}\n',
    'reactive/app.js':
      "import { whenNot } from '@reactive/bus';\nimport { setFlag } from '@reactive/flags';\nwhenNot('app.ready')(function ready() { setFlag('app.ready'); });\n",
    'templates/ok.j2': 'port={{ port }}\n',
    'templates/syntax.j2': 'a\n{% if %}\n',
    'templates/undefined.j2': 'port={{ missing.port }}\n',
    'templates/escape.j2': "{% include '../templates-private/secret' %}\n",
    'templates/linked.j2': "{% include 'secret' %}\n",
    'templates-private/secret': 'password\n',
  });
  symlinkSync('../templates-private/secret', join(charm, 'templates', 'secret'));
  cpSync(join(import.meta.dirname, '..', '..', 'examples', 'interfaces', 'pgsql'), join(charm, 'hooks', 'relations', 'pgsql'), { recursive: true });
  stores = tempDir();
  mkdirSync(join(stores, 'folder.lmdb'));
  writeFileSync(join(stores, 'garbage.lmdb'), 'flags=ran\n'.repeat(1000));
  writeFileSync(join(stores, 'empty.lmdb'), '', { mode: 0o644 });
  out = join(tempDir(), 'out');
  mkdirSync(out);
  tools = new FakeHookTools(tempDir('reactive-tools-'));
  tools.add('juju-log').add('relation-ids', { stdout: '["db:0"]' }).add('relation-list', { stdout: '["pg/0"]' }).add('relation-get', { stdout: '{}' });
  expect(await runHook(charm, 'install')).toBeUndefined();
  const state = UnitState.open(join(charm, '.unit-state.lmdb'));
  state.set('app.key', { port: 80 });
  state.commit();
  await state.close();
  const fresh = UnitState.open(join(charm, 'fresh.lmdb'));
  fresh.set('reactive.states.app.ready', null);
  fresh.commit();
  await fresh.close();
});

/** The charm's files (but its caches and LMDB's files), its unit state, the render target's folder and the other stores. */
async function watched() {
  const files = Object.entries(folderState(charm)!).filter(([name]) => !/\.lmdb(-lock)?$|^\.reactive-cache\//.test(name));
  return { files, state: await unitStateOf(join(charm, '.unit-state.lmdb')), out: folderState(out), stores: folderState(stores) };
}

/** Its one line: a usage error's line comes with the command's usage, which names nothing more. */
function reportOf(stderr: string, usage: boolean): string {
  const [line = '', ...rest] = stderr.split('\n');
  if (!usage) return stderr;
  expect(rest.slice(0, 2)).toEqual([expect.stringMatching(/^Usage: charms\.reactive /), expect.stringMatching(/^Run 'charms\.reactive .*--help' for help\.$/)]);
  return line;
}

describe('bad input to a command outside a hook', () => {
  it.each(CASES)('$name', async ({ args, cwd = 'charm', exit, usage = false, store, env: unit, line }) => {
    await expectRefused({
      watched,
      run: () => {
        const env = {
          PATH: tools.path(),
          ...(unit === 'none' ? {} : { JUJU_CHARM_DIR: charm, JUJU_UNIT_NAME: 'app/0' }),
          ...(store ? { UNIT_STATE_DB: join(stores, store) } : {}),
        };
        const result = reactive(
          args.map((arg) => arg.replace(/^OUT/, out).replace(/^STORES/, stores)),
          { cwd: cwd === 'charm' ? charm : tempDir(), env },
        );
        return { status: result.status, report: reportOf(result.stderr, usage) };
      },
      exit,
      line,
    });
  });
});
