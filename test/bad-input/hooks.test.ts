// Bad input to a hook of a built charm, run as Juju runs it (hooks/<hook>,
// with fake hook tools), on a unit whose install hook set a flag and a key:
// the hook exits 1, says one line naming the culprit (its one juju-log ERROR
// entry, "Hook error[ in handler ID]:" and the error's line without the
// stack, and nothing else on stderr; or only its stderr when it cannot log),
// leaves the unit state as it was (a damaged store: byte for byte) and
// publishes no relation or leader data.
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  charmCopy,
  expectRefused,
  folderState,
  hookError,
  hookReport,
  installedCharm,
  published,
  runBuiltHook,
  unitStateOf,
} from '../../test-fixtures/bad-input.mjs';
import { smallDisk } from '../../test-fixtures/small-disk.mjs';
import { tempDir } from '../../test-fixtures/temp.mjs';

type Files = Record<string, string | { content: string; mode: number }>;
type Tools = Record<string, { stdout?: string; stderr?: string; exitCode?: number; flags?: Record<string, 'bool' | 'value'> } | null>;

interface Case {
  /** The bad input. */
  name: string;
  /** Files written over the installed charm, then `setup` run on its folder. */
  files?: Files;
  setup?: (charm: string) => void;
  hook?: string;
  env?: Record<string, string>;
  tools?: Tools;
  /** What must not change (default: the unit state's keys and values). */
  watched?: (charm: string) => unknown;
  /** The one line the hook says. */
  line: RegExp;
}

const handler = (body: string) => `import { when, whenNot, hook } from '@reactive/bus';\nimport { setFlag } from '@reactive/flags';\n${body}\n`;
const onConfigChanged = (body: string) => ({
  'reactive/broken.js': handler(
    `import { isLeader, render, statusSet } from '@reactive/hookenv';\nhook('config-changed')(async function broken() { ${body} });`,
  ),
});
const RELATED = { 'relation-ids': { stdout: '["db:0"]' }, 'relation-list': { stdout: '["pg/0"]' } };
const DB_CHANGED = { hook: 'db-relation-changed', env: { JUJU_RELATION: 'db', JUJU_RELATION_ID: 'db:0', JUJU_REMOTE_UNIT: 'pg/0' } };
const STORE = '\\S+/charm/\\.unit-state\\.lmdb';
/** The unit state's file, byte for byte (or what is in its place): a damaged store is left as it was. */
const storeFile = (charm: string) => Object.entries(folderState(charm)!).filter(([name]) => name.startsWith('.unit-state.lmdb') && !name.endsWith('-lock'));
const damaged = (charm: string, damage: (store: string) => void) => damage(join(charm, '.unit-state.lmdb'));
const LOAD = 'Hook error: reactive/broken\\.js(:\\d+)?: cannot load handler module: ';
const IN_HANDLER = 'Hook error in handler reactive/broken\\.js:\\d+:broken: ';

const CASES: Case[] = [
  {
    name: 'a handler importing a package the charm does not carry',
    files: { 'reactive/broken.js': "import 'left-pad';\n" },
    line: new RegExp(`^${LOAD}Cannot find package 'left-pad' imported from `),
  },
  {
    name: 'a handler module with a syntax error',
    files: { 'reactive/broken.js': 'export function (\n' },
    line: new RegExp(`^${LOAD}SyntaxError: `),
  },
  {
    name: 'a decorator given no flags',
    files: { 'reactive/broken.js': handler('when()(function nothing() {});') },
    line: new RegExp(`^${LOAD}when\\(\\): give at least one flag$`),
  },
  {
    name: 'a decorator given a flag that is not a string',
    files: { 'reactive/broken.js': handler('whenNot(42)(function number() {});') },
    line: new RegExp(`^${LOAD}whenNot\\(\\): flags must be non-empty strings, got 42$`),
  },
  {
    name: 'hook() combined with when()',
    files: { 'reactive/broken.js': handler("hook('config-changed')(when('x')(function both() {}));") },
    line: new RegExp(`^${LOAD}handler both: hook\\(\\) cannot be combined with when\\*\\(\\)`),
  },
  {
    name: 'a handler module linked to a file outside the charm',
    setup: (charm) => {
      const outside = tempDir();
      writeFileSync(join(outside, 'evil.js'), '');
      symlinkSync(join(outside, 'evil.js'), join(charm, 'reactive', 'linked.js'));
    },
    line: /^Hook error: reactive\/linked\.js: .*it links to \/\S+\/evil\.js, .*outside the charm/,
  },
  {
    name: 'a handler module linked to nothing',
    setup: (charm) => symlinkSync('gone.js', join(charm, 'reactive', 'linked.js')),
    line: /^Hook error: reactive\/linked\.js: .*it links to gone\.js, which does not exist$/,
  },
  {
    name: 'an empty flag name set by a handler',
    files: onConfigChanged("setFlag('');"),
    line: new RegExp(`^${IN_HANDLER}TypeError: flag name must not be empty$`),
  },
  {
    name: 'a template outside templates/',
    files: onConfigChanged("await render('../metadata.yaml', '/tmp/x', {});"),
    line: new RegExp(`^${IN_HANDLER}TemplateError: template \\.\\./metadata\\.yaml: outside the templates directory /\\S+/templates$`),
  },
  {
    name: 'a template that does not exist',
    files: onConfigChanged("await render('missing.j2', '/tmp/x', {});"),
    line: new RegExp(`^${IN_HANDLER}TemplateError: template missing\\.j2: not found in /\\S+/templates$`),
  },
  {
    name: 'relation-get printing what is not JSON (#35 item 8)',
    ...DB_CHANGED,
    tools: { ...RELATED, 'relation-get': { stdout: 'Traceback (most recent call last):\n' } },
    line: /^Hook error: HookToolError: relation-get printed something that is not JSON: "Traceback \(most recent call last\):\\n"$/,
  },
  {
    name: 'is-leader printing what is not a boolean (#35 item 8)',
    files: onConfigChanged('await isLeader();'),
    tools: { 'is-leader': { stdout: 'maybe\n' } },
    line: new RegExp(`^${IN_HANDLER}HookToolError: is-leader printed something that is not JSON: "maybe\\\\n"$`),
  },
  {
    name: 'a folder where the unit state should be (#35 item 1)',
    setup: (charm) =>
      damaged(charm, (store) => {
        rmSync(store);
        mkdirSync(store);
      }),
    watched: storeFile,
    line: new RegExp(`^unit state ${STORE}: cannot open \\(EISDIR: illegal operation on a directory\\)$`),
  },
  {
    name: 'a unit state in a folder that does not exist (#35 item 1)',
    env: { UNIT_STATE_DB: '/nonexistent/state.lmdb' },
    watched: () => existsSync('/nonexistent'),
    line: /^unit state \/nonexistent\/state\.lmdb: directory \/nonexistent does not exist$/,
  },
  {
    name: 'a unit state that is not LMDB at all (#35 item 1)',
    setup: (charm) => damaged(charm, (store) => writeFileSync(store, 'flags=ran\n'.repeat(1000))),
    watched: storeFile,
    line: new RegExp(`^unit state ${STORE} is damaged \\(not an LMDB store: no meta page at its start\\): move it aside$`),
  },
  {
    name: 'a unit state cut short (#35 item 2)',
    setup: (charm) => damaged(charm, (store) => truncateSync(store, 8192)),
    watched: storeFile,
    line: new RegExp(`^unit state ${STORE} is damaged \\(.+\\): move it aside$`),
  },
  {
    name: 'a malformed metadata.yaml',
    files: { 'metadata.yaml': 'name: bad\nrequires: [unclosed\n' },
    line: /^Hook error: CharmFileError: \/\S+\/metadata\.yaml:3:1: malformed YAML: /,
  },
  {
    name: 'a relation name used twice in metadata.yaml (#35 item 15)',
    files: { 'metadata.yaml': 'name: bad\nrequires:\n  db: {interface: pgsql}\nprovides:\n  db: {interface: pgsql}\n' },
    line: /^Hook error: CharmFileError: \/\S+\/metadata\.yaml: relation "db" \(under requires\): another relation has the same name \(under provides\)/,
  },
  {
    name: 'a scalar requires: in metadata.yaml (#35 item 15)',
    files: { 'metadata.yaml': 'name: bad\nrequires: db\n' },
    line: /^Hook error: CharmFileError: \/\S+\/metadata\.yaml: `requires` must map relation names to their interface, not the string "db"$/,
  },
  {
    name: 'a config.yaml that is a scalar (#35 item 15)',
    files: { 'config.yaml': 'port\n' },
    line: /^Hook error: CharmFileError: \/\S+\/config\.yaml: no `options` \(the file holds the string "port"\)/,
  },
  {
    name: 'a malformed layer.yaml',
    files: { 'layer.yaml': 'options:\n  basic: [unclosed\n' },
    line: /^Hook error in layer:basic bootstrap: CharmFileError: \/\S+\/layer\.yaml:3:1: malformed YAML: /,
  },
  {
    name: 'a Node.js too old on the unit',
    files: { '.node-major': '99\n', '.node-path': '' },
    line: /^reactive-hook: found Node\.js v[\d.]+ at \S+, the charm needs Node\.js 99 or later$/,
  },
];

/** Bad input with a documented fallback: the hook goes on, with one WARNING naming the culprit. */
const WARNED: Case[] = [
  {
    name: 'an interface role that defines no Endpoint class (as Python: a warning, the relation has no implementation)',
    files: { 'hooks/relations/pgsql/requires.js': 'export const nothing = 1;\n' },
    line: /^No RelationFactory found in hooks\/relations\/pgsql\/requires\.js$/,
  },
  {
    name: 'a handler folder that is a link (as os.walk: not walked)',
    files: { 'lib/more/more.js': handler("whenNot('never')(function more() {});") },
    setup: (charm) => symlinkSync('../lib/more', join(charm, 'reactive', 'more')),
    line: /^reactive\/more links to a folder, which discovery does not walk/,
  },
];

let charm: string;
beforeAll(async () => {
  charm = await installedCharm({
    'metadata.yaml': 'name: bad\nsummary: s\ndescription: d\nrequires:\n  db: {interface: pgsql}\n',
    'layer.yaml': 'includes: [layer:basic, interface:pgsql]\nrepo: https://example.com/bad\n',
    'config.yaml': 'options:\n  port: {type: int, default: 80, description: p}\n',
    'templates/app.conf': 'port={{ port }}\n',
    'reactive/bad.js': handler(
      "import { unitState } from '@reactive/hookenv';\nwhenNot('bad.installed')(function install() { setFlag('bad.installed'); unitState().set('bad.key', { port: 80 }); });",
    ),
  });
  expect(await unitStateOf(join(charm, '.unit-state.lmdb'))).toMatchObject({ 'reactive.states.bad.installed': null, 'bad.key': { port: 80 } });
});

function copy({ files = {}, setup }: Case): string {
  const dir = charmCopy(charm, files);
  setup?.(dir);
  return dir;
}

describe('bad input to a hook', () => {
  it.each(CASES)('$name', async (bad) => {
    const dir = copy(bad);
    let calls: ReturnType<typeof runBuiltHook>['calls'] = [];
    await expectRefused({
      watched: () => (bad.watched ? bad.watched(dir) : unitStateOf(join(dir, '.unit-state.lmdb'))),
      run: () => {
        const result = runBuiltHook(dir, bad.hook ?? 'config-changed', { tools: bad.tools, env: bad.env });
        calls = result.calls;
        return { status: result.status, report: hookReport(result) };
      },
      exit: 1,
      line: bad.line,
    });
    expect(published(calls)).toEqual([]);
  });

  it('a failed hook on a unit where juju-log cannot run: its error goes to stderr, with why juju-log failed (#35 item 9)', async () => {
    const dir = charmCopy(charm, onConfigChanged("setFlag('');"));
    await expectRefused({
      watched: () => unitStateOf(join(dir, '.unit-state.lmdb')),
      run: () => {
        const { status, stderr, logged } = runBuiltHook(dir, 'config-changed', { tools: { 'juju-log': null } });
        expect(logged).toEqual([]);
        const said = stderr.trimEnd().split('\n');
        expect(said.pop()).toBe('juju-log could not log this: not found on PATH (is this running in a Juju hook?)');
        return { status, report: hookError(said.join('\n')) };
      },
      exit: 1,
      line: new RegExp(`^${IN_HANDLER}TypeError: flag name must not be empty$`),
    });
  });

  it('a unit state on a full disk: ENOSPC naming the store, no file left behind (#35 item 3; a 1 MiB tmpfs, so as root, as CI runs)', async () => {
    const disk = smallDisk();
    if (!disk.dir) throw new Error(disk.reason);
    try {
      disk.fill!();
      const store = join(disk.dir, 'state.lmdb');
      await expectRefused({
        watched: () => folderState(disk.dir!),
        run: () => {
          const result = runBuiltHook(charmCopy(charm), 'config-changed', { env: { UNIT_STATE_DB: store } });
          return { status: result.status, report: hookReport(result) };
        },
        exit: 1,
        line: /^unit state \S+\/state\.lmdb: cannot start a store \(ENOSPC: no space left on device: \d+ bytes free, it needs \d+\)$/,
      });
    } finally {
      disk.unmount!();
    }
  });

  it.each(WARNED)('$name', (bad) => {
    const result = runBuiltHook(copy(bad), bad.hook ?? 'config-changed', { tools: bad.tools });
    const warnings = result.logged.filter((entry) => entry.level === 'WARNING' || entry.level === 'ERROR').map((entry) => entry.message);
    expect(warnings).toEqual([expect.stringMatching(bad.line)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

/** Input that once failed and now works: the hook exits 0 and Juju's tools get what the handler meant. */
describe('input that is taken as written', () => {
  it("free text starting with '-' reaches status-set as text, not as its options (#35 item 7)", () => {
    const dir = charmCopy(charm, onConfigChanged("await statusSet('active', '-h0 is the db host');"));
    const result = runBuiltHook(dir, 'config-changed', { tools: { 'status-set': { flags: { application: 'bool' } } } });
    expect(result.logged.filter((entry) => entry.level === 'ERROR')).toEqual([]);
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.tool === 'status-set').map((call) => call.operands)).toEqual([['active', '-h0 is the db host']]);
  });

  it('a unit state and lock file of loose modes are tightened to 0600 (#35 item 10)', () => {
    const dir = charmCopy(charm);
    const store = join(dir, '.unit-state.lmdb');
    chmodSync(store, 0o644);
    chmodSync(`${store}-lock`, 0o666);
    expect(runBuiltHook(dir, 'config-changed').status).toBe(0);
    expect([statSync(store).mode & 0o777, statSync(`${store}-lock`).mode & 0o777]).toEqual([0o600, 0o600]);
  });

  it('the hook entry run by hand, from another folder and without JUJU_CHARM_DIR, runs the charm it belongs to (#35 item 13)', async () => {
    const dir = charmCopy(charm, onConfigChanged("setFlag('by.hand');"));
    const elsewhere = tempDir();
    const result = runBuiltHook(dir, 'config-changed', {
      command: [process.execPath, join(dir, 'lib', 'reactive-hook.mjs')],
      cwd: elsewhere,
      env: { JUJU_HOOK_NAME: 'config-changed' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(folderState(elsewhere)).toEqual({});
    expect(await unitStateOf(join(dir, '.unit-state.lmdb'))).toHaveProperty(['reactive.states.by.hand'], null);
  });
});
