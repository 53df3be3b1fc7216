// A charm layer written in TypeScript, handlers and an interface layer (with
// TC39 decorators on its Endpoint methods), taken as it is by the Harness, the
// simulator, lint and why, and packed into a .charm that runs unpacked in a
// bare folder; every handler id, lint line and stack frame names the .ts file
// and line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, Simulation } from '@reactive/harness';
import { UnitState } from '@reactive/hookenv';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { unpackCharmArchive } from '../test-fixtures/charm-archive.mjs';
import { tempDir } from '../test-fixtures/temp.mjs';

const CLI = join(import.meta.dirname, '..', 'packages', 'cli', 'dist', 'bin.cjs');

const PROVIDES = `import { when } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
import { setFlag } from '@reactive/flags';

/** The speaking side of \`greeting\`. */
export class GreetingProvides extends Endpoint {
  @when('endpoint.{endpoint_name}.joined')
  announce(): void {
    setFlag(this.expandName('{endpoint_name}.ready'));
  }

  greet(text: string): void {
    for (const relation of this.relations) relation.toPublish.set('greeting', text);
  }
}
`;

const REQUIRES = `import { when } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
import { clearFlag, toggleFlag } from '@reactive/flags';

/** The listening side of \`greeting\`. */
export class GreetingRequires extends Endpoint {
  @when('endpoint.{endpoint_name}.changed')
  heard(): void {
    toggleFlag(this.expandName('{endpoint_name}.greeted'), this.greeting() !== null);
    clearFlag(this.expandName('changed'));
  }

  greeting(): string | null {
    const text = this.allJoinedUnits.received.get('greeting');
    return typeof text === 'string' ? text : null;
  }
}
`;

const HANDLERS = `import { when, whenNot } from '@reactive/bus';
import { config, statusSet } from '@reactive/hookenv';
import type { GreetingProvides } from '../hooks/relations/greeting/provides.js';
import type { GreetingRequires } from '../hooks/relations/greeting/requires.js';
import { shout } from './lib/shout.js';

when('out.ready')(function greet(out: GreetingProvides): void {
  const text = String(config().get('greeting'));
  if (text === 'fail') throw new Error('refusing to greet');
  out.greet(shout(text));
});

whenNot('in.greeted')(async function wait(): Promise<void> {
  await statusSet('waiting', 'Nothing heard yet');
});

when('in.greeted')(async function listen(listener: GreetingRequires): Promise<void> {
  await statusSet('active', \`Heard: \${listener.greeting()}\`);
});

when('never.set')(function orphan(): void {});
`;

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

const L = {
  greet: lineOf(HANDLERS, 'function greet'),
  listen: lineOf(HANDLERS, 'function listen'),
  orphan: lineOf(HANDLERS, 'function orphan'),
  throws: lineOf(HANDLERS, 'throw new Error'),
  announce: lineOf(PROVIDES, 'announce(): void'),
  heard: lineOf(REQUIRES, 'heard(): void'),
};

let root: string;
let layer: string;
let interfaces: string;

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function reactive(args: string[], env: Record<string, string> = {}) {
  const child = spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

beforeAll(() => {
  root = tempDir('reactive-ts-charm-');
  layer = join(root, 'hello');
  interfaces = join(root, 'interfaces');
  write(interfaces, {
    'greeting/interface.yaml': 'name: greeting\n',
    'greeting/package.json':
      '{ "name": "interface-greeting", "type": "module", "dependencies": { "@reactive/endpoints": "0.1.0", "@reactive/flags": "0.1.0", "@reactive/bus": "0.1.0" } }\n',
    'greeting/provides.ts': PROVIDES,
    'greeting/requires.ts': REQUIRES,
  });
  write(layer, {
    'layer.yaml': 'includes: [layer:basic, interface:greeting]\nrepo: https://example.invalid/hello\n',
    'metadata.yaml':
      'name: hello\nsummary: s\ndescription: d\nseries: [jammy]\nprovides:\n  out:\n    interface: greeting\nrequires:\n  in:\n    interface: greeting\n',
    'config.yaml': 'options:\n  greeting:\n    type: string\n    default: hello\n    description: what to say\n',
    'package.json':
      '{ "name": "hello", "type": "module", "dependencies": { "@reactive/bus": "0.1.0", "@reactive/endpoints": "0.1.0", "@reactive/flags": "0.1.0", "@reactive/hookenv": "0.1.0" } }\n',
    'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
    'reactive/hello.ts': HANDLERS,
    'reactive/lib/shout.ts': 'export const shout = (text: string): string => `${text.toUpperCase()}!`;\n',
  });
});

describe('a TypeScript charm layer', () => {
  let harness: Harness | undefined;
  afterAll(() => harness?.cleanUp());

  it('runs under the Harness; handler ids name the .ts files and lines, its interface roles included', async () => {
    harness = new Harness(layer, { unit: 'hello/0', interfacePath: [interfaces] });
    const out = harness.addRelation('out', 'listener', { units: { 'listener/0': {} } });
    const joined = await harness.runHook('out-relation-joined', { relationId: out, remoteUnit: 'listener/0' });
    expect(joined.handlers).toEqual(
      expect.arrayContaining([`hooks/relations/greeting/provides.ts:${L.announce}:announce:out`, `reactive/hello.ts:${L.greet}:greet`]),
    );
    expect(harness.published(out)).toEqual({ greeting: '"HELLO!"' });

    const into = harness.addRelation('in', 'speaker', { units: { 'speaker/0': { greeting: '"HI!"' } } });
    const changed = await harness.runHook('in-relation-changed', { relationId: into, remoteUnit: 'speaker/0' });
    expect(changed.handlers).toEqual(
      expect.arrayContaining([`hooks/relations/greeting/requires.ts:${L.heard}:heard:in`, `reactive/hello.ts:${L.listen}:listen`]),
    );
    expect(harness.status).toEqual({ status: 'active', message: 'Heard: HI!' });
  });

  it("a handler's error names the layer's .ts file, line and column", async () => {
    harness!.updateConfig({ greeting: 'fail' });
    const result = await harness!.runHook('config-changed', { expectFailure: true });
    const error = result.logs.find((entry) => entry.level === 'ERROR')!.message;
    expect(error).toContain(`Hook error in handler reactive/hello.ts:${L.greet}:greet:`);
    expect(error).toContain(`at greet (${join(layer, 'reactive', 'hello.ts')}:${L.throws}:`);
  });

  it('lint and graph name the .ts files', () => {
    const lint = reactive(['lint', layer], { INTERFACE_PATH: interfaces });
    expect(lint.stdout).toContain(`reactive/hello.ts:${L.orphan}:orphan`);
    expect(lint.stdout).not.toContain('hello.js');
    const graph = reactive(['graph', layer], { INTERFACE_PATH: interfaces });
    expect(graph.status, graph.stderr).toBe(0);
    expect(graph.stdout).toContain(`"reactive/hello.ts:${L.listen}:listen"`);
  });
});

describe('a TypeScript charm in the simulator', () => {
  it('settles with the speaker heard, and why names the handler in its .ts file', async () => {
    const state = join(root, 'sim');
    const sim = await Simulation.create(
      {
        applications: { speaker: { charm: layer, units: 1, config: {} }, listener: { charm: layer, units: 1, config: {} } },
        relations: [['speaker:out', 'listener:in']],
      },
      state,
      { build: { interfacePath: [interfaces] } },
    );
    const result = await sim.run();
    expect(result.errors).toEqual([]);
    expect(sim.status().units['listener/0']).toMatchObject({ status: 'active', message: 'Heard: HELLO!' });
    const unitState = findFile(state, 'unit-state.lmdb', 'listener');
    await sim.close?.();
    const why = reactive(['why', 'listen', '--state', unitState]);
    expect(why.status, why.stderr).toBe(0);
    expect(why.stdout).toContain(`reactive/hello.ts:${L.listen}:listen`);
  });
});

describe('a packed TypeScript charm', () => {
  it('runs its hooks unpacked in a bare folder, and its history names the .ts handlers', () => {
    const packed = reactive(['pack', layer, '-o', join(root, 'hello.charm')], { INTERFACE_PATH: interfaces });
    expect(packed.status, packed.stderr).toBe(0);
    const unit = join(tempDir('reactive-ts-unit-'), 'charm');
    unpackCharmArchive(join(root, 'hello.charm'), unit);
    expect(listFiles(unit).filter((file) => /\.[cm]?ts$|tsconfig/.test(file))).toEqual([]);
    const fake = new FakeHookTools(tempDir())
      .add('config-get', { stdout: '{"greeting": "hey"}' })
      .add('juju-log')
      .add('status-set')
      .add('relation-ids', { stdout: '["out:1"]' })
      .add('relation-list', { stdout: '["listener/0"]' })
      .add('relation-get', { stdout: '{}' })
      .add('relation-set', { captureStdin: true })
      .add('is-leader', { stdout: 'true' });
    const env = { PATH: `${fake.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'hello/0' };
    for (const [hook, extra] of [
      ['install', {}],
      ['out-relation-joined', { JUJU_RELATION: 'out', JUJU_RELATION_ID: 'out:1', JUJU_REMOTE_UNIT: 'listener/0', JUJU_REMOTE_APP: 'listener' }],
    ] as const) {
      const child = spawnSync(join(unit, 'hooks', hook), [], { cwd: unit, encoding: 'utf8', env: { ...env, ...extra } });
      expect(child.status, child.stderr).toBe(0);
    }
    expect(fake.stdin('relation-set')).toContain('HEY!');
    const history = reactive(['history', '1', '--state', join(unit, '.unit-state.lmdb')]);
    expect(history.status, history.stderr).toBe(0);
    expect(history.stdout).toContain(`reactive/hello.ts:${L.greet}:greet`);
    expect(history.stdout).toContain(`hooks/relations/greeting/provides.ts:${L.announce}:announce:out`);
    const state = UnitState.open(join(unit, '.unit-state.lmdb'));
    expect(state.keys('reactive.states.')).toContain('reactive.states.out.ready');
    void state.close();
  });
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'node_modules' ? [] : listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)) : [`${prefix}${entry.name}`],
  );
}

function findFile(dir: string, name: string, under: string): string {
  const found = listFiles(dir).filter((file) => file.endsWith(name) && file.includes(under));
  if (found.length !== 1) throw new Error(`${name} under ${under} in ${dir}: ${found.join(', ') || 'none'}`);
  return join(dir, found[0]!);
}
