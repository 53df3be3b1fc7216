// Every code block of every package README runs as written (the harness's
// has its own test, packages/harness/test/readme.test.ts), so that the
// examples a charm author copies cannot drift from the code.
//
// A README's blocks, read top to bottom in a new folder of its own (which sees
// this repository's node_modules):
// - ```js or ```ts with `file=PATH` after the language (```js file=reactive/app.js)
//   is written to PATH in the folder; the prose just before it must name
//   `PATH`, since readers do not see the info string;
// - any other ```js or ```ts block is run by Node as an ES module in the
//   folder (so a TypeScript block carries no types), with the environment
//   the README's scenario below gives: it must exit 0 and print nothing on
//   stderr;
// - ```text, or a block with `output` after its language, is what code of
//   the README writes: the scenario compares it;
// - ```sh that is only `npm install [--save-dev] @reactive/<this package>` is
//   not run (test/outside-repo.test.ts installs the packages' tarballs);
// - a block without a language is an output sample, not code;
// - a block right after `<!-- not run: REASON -->` is not run;
// - any other block fails the test.
// Then the README's scenario checks what its blocks did: it runs the hooks of
// the charm they wrote, and what the README says happens.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configTypes } from '@reactive/build';
import { Harness } from '@reactive/harness';
import { UnitState } from '@reactive/hookenv';
import { makeCharm, writeCharmFiles } from '../test-fixtures/charm.mjs';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { markdownBlocks } from '../test-fixtures/markdown-blocks.mjs';
import { tempDir } from '../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..');
const interfacePath = [join(root, 'examples', 'interfaces')];

interface Scenario {
  /** Files the blocks expect beside them, and the environment module blocks run in. */
  setup?: (dir: string) => NodeJS.ProcessEnv;
  /** What the README says its blocks do; `outputs` are its output blocks, in order. */
  check: (dir: string, outputs: string[]) => void | Promise<void>;
}

/** A fake hook tool for each name, answering `stdout`. */
function fakeTools(answers: Record<string, string>): FakeHookTools {
  const tools = new FakeHookTools(tempDir());
  for (const [tool, stdout] of Object.entries(answers)) tools.add(tool, { stdout });
  return tools;
}

let hookenvTools: FakeHookTools;

const SCENARIOS: Record<string, Scenario> = {
  bus: {
    setup: (dir) => {
      writeCharmFiles(dir, {
        'metadata.yaml': 'name: my-app\nsummary: s\ndescription: d\n',
        'config.yaml': 'options:\n  admin-pass: {type: string}\n',
      });
      return {};
    },
    check: async (dir) => {
      // The hook file as a process: Juju's hook tools answer from a fake.
      const tools = fakeTools({ 'config-get': '{"admin-pass": null}\n', 'status-set': '', 'juju-log': '' });
      const env = { ...process.env, PATH: tools.path(), JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'my-app/0', JUJU_HOOK_NAME: 'install' };
      const install = spawnSync(process.execPath, ['hooks/install'], { cwd: dir, env, encoding: 'utf8' });
      expect(install.stderr).toBe('');
      expect(install.status).toBe(0);
      expect(tools.calls()).toContainEqual({ tool: 'status-set', args: ['maintenance', 'installing'] });
      // Then with layer:basic's config flags, in the Harness.
      const harness = new Harness(dir, { unit: 'my-app/0' });
      harness.updateConfig({ 'admin-pass': 's3cret' });
      await harness.runHook('config-changed');
      expect(readFileSync(join(dir, 'app.conf'), 'utf8')).toBe('admin-pass = s3cret\n');
      expect(statSync(join(dir, 'app.conf')).mode & 0o777).toBe(0o600);
      expect(harness.flags()).toContain('app.configured');
      harness.cleanUp();
    },
  },
  flags: { setup: (dir) => ({ JUJU_CHARM_DIR: dir }), check: () => {} },
  hookenv: {
    setup: (dir) => {
      hookenvTools = fakeTools({ 'config-get': '{"port": 8080}\n', 'juju-log': '', 'relation-ids': '["db:3"]\n', 'status-set': '' });
      return { JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'my-charm/0', PATH: hookenvTools.path() };
    },
    check: async (dir, [appConf]) => {
      expect(hookenvTools.calls()).toContainEqual({ tool: 'status-set', args: ['active', 'ready'] });
      expect(
        hookenvTools
          .calls()
          .filter((call) => call.tool === 'juju-log')
          .map((call) => call.args.at(-1)),
      ).toEqual(['port is now 8080', 'related on db:3']);
      const state = UnitState.open(join(dir, '.unit-state.lmdb'));
      expect(state.get('my-charm.installed-version')).toBe('1.2.3');
      await state.close();
      expect(readFileSync(join(dir, 'app.conf'), 'utf8')).toBe(appConf);
      expect(statSync(join(dir, 'app.conf')).mode & 0o777).toBe(0o640);
    },
  },
  endpoints: {
    setup: (dir) => {
      writeCharmFiles(dir, { 'metadata.yaml': 'name: proxy\nsummary: s\ndescription: d\nrequires:\n  website: {interface: http}\n' });
      return {};
    },
    check: async (dir) => {
      const harness = new Harness(dir, { unit: 'proxy/0' });
      const website = harness.addRelation('website', 'web', {
        units: { 'web/0': { hostname: 'web-0.local', port: '80' }, 'web/1': { 'private-address': '10.0.0.7', port: '8080' } },
      });
      await harness.runHook('website-relation-changed', { relationId: website, remoteUnit: 'web/1' });
      expect(readFileSync(join(dir, 'backends.conf'), 'utf8')).toBe('server web-0.local:80\nserver 10.0.0.7:8080\n');
      harness.cleanUp();
    },
  },
  patterns: {
    check: async (dir) => {
      const charm = (name: string, metadata: string, handlers: string) => {
        const copy = join(tempDir(), name);
        cpSync(dir, copy, { recursive: true, filter: (path) => !/reactive\/(client|ca)\.js$/.test(path) || path.endsWith(handlers) });
        writeFileSync(join(copy, 'metadata.yaml'), `name: ${name}\nsummary: s\ndescription: d\n${metadata}`);
        return copy;
      };
      const client = new Harness(charm('web', 'requires:\n  certs: {interface: tls}\n', 'client.js'), { unit: 'web/0' });
      const ca = new Harness(charm('ca', 'provides:\n  clients: {interface: tls}\n', 'ca.js'), { unit: 'ca/0' });
      const certs = client.addRelation('certs', 'ca', { units: { 'ca/0': {} } });
      const clients = ca.addRelation('clients', 'web', { units: { 'web/0': {} } });
      await client.runHook('certs-relation-joined', { relationId: certs, remoteUnit: 'ca/0' });
      const [request, ...others] = Object.entries(client.published(certs));
      expect(others).toEqual([]);
      const [key, json] = request!;
      const id = key.replace(/^request_/, '');
      expect(JSON.parse(json)).toEqual({ cn: 'web', request_id: id, sans: ['web.local'] });
      ca.setRemoteData(clients, 'web/0', client.published(certs));
      await ca.runHook('clients-relation-changed', { relationId: clients, remoteUnit: 'web/0' });
      expect(JSON.parse(ca.published(clients)[`response_${id}`]!)).toEqual({ cert: '-----BEGIN CERTIFICATE-----\nweb web.local\n-----END CERTIFICATE-----\n' });
      client.cleanUp();
      ca.cleanUp();
    },
  },
  'layer-basic': {
    setup: (dir) => {
      writeCharmFiles(dir, {
        'metadata.yaml': 'name: my-app\nsummary: s\ndescription: d\nrequires:\n  db: {interface: pgsql}\n',
        'config.yaml': 'options:\n  port: {type: int, default: 8080}\n',
      });
      return { JUJU_CHARM_DIR: dir };
    },
    check: async (dir) => {
      const apt = fakeTools({ 'apt-get': '' });
      const saved = process.env.PATH;
      process.env.PATH = apt.path();
      try {
        const harness = new Harness(dir, { unit: 'my-app/0', interfacePath });
        await harness.runHook('install');
        expect(apt.calls().map((call) => call.args.at(-1))).toEqual(['unzip']);
        expect(harness.logs.map((entry) => entry.message)).toContain('port 8080; packages unzip');
        harness.cleanUp();
      } finally {
        process.env.PATH = saved;
      }
    },
  },
  build: {
    setup: (dir) => {
      writeCharmFiles(dir, { 'my-charm/metadata.yaml': 'name: my-charm\nsummary: s\ndescription: d\n', 'my-charm/layer.yaml': 'includes: [layer:basic]\n' });
      return {};
    },
    check: (dir, [configDts]) => {
      expect(readFileSync(join(dir, 'out', 'my-charm', 'metadata.yaml'), 'utf8')).toContain('name: my-charm');
      expect(existsSync(join(dir, 'charms', 'my-app', 'config.d.ts'))).toBe(true);
      expect(configTypes('options:\n  port: {type: int, default: 8080}\n  admin-pass: {type: string}\n', 'config.yaml')).toBe(configDts);
    },
  },
  cli: { setup: (dir) => ({ UNIT_STATE_DB: join(dir, '.unit-state.lmdb') }), check: () => {} },
};

type Step = { kind: 'file'; path: string; code: string } | { kind: 'module'; code: string; line: number } | { kind: 'output'; code: string } | { kind: 'none' };

/** What the rules at the top make of one block of `readme` (of package `name`). */
function step(name: string, readme: string, block: ReturnType<typeof markdownBlocks>[number]): Step {
  const where = `${readme}:${block.line}`;
  const file = /^file=(\S+)$/.exec(block.info)?.[1];
  if (block.notRun !== undefined || block.lang === '') return { kind: 'none' };
  if (block.lang === 'text' || block.info === 'output') return { kind: 'output', code: block.code };
  if (block.lang === 'sh' && new RegExp(`^npm install (--save-dev )?@reactive/${name}\\n$`).test(block.code)) return { kind: 'none' };
  if (file) {
    if (!block.prose.includes(`\`${file}\``)) throw new Error(`${where}: the prose before the block of ${file} does not name it`);
    return { kind: 'file', path: file, code: block.code };
  }
  if ((block.lang === 'js' || block.lang === 'ts') && block.info === '') return { kind: 'module', code: block.code, line: block.line };
  throw new Error(
    `${where}: a \`\`\`${block.lang} ${block.info} block this test neither runs, writes nor compares (mark it <!-- not run: REASON --> if it cannot run)`,
  );
}

describe('the package READMEs', () => {
  it.each(Object.keys(SCENARIOS))(
    '%s: every block runs as written and does what the README says',
    async (name) => {
      const readme = join(root, 'packages', name, 'README.md');
      const steps = markdownBlocks(readFileSync(readme, 'utf8'), readme).map((block) => step(name, readme, block));
      const scenario = SCENARIOS[name]!;
      const dir = makeCharm();
      const env = { ...process.env, ...scenario.setup?.(dir) };
      const outputs: string[] = [];
      for (const s of steps) {
        if (s.kind === 'file') {
          mkdirSync(dirname(join(dir, s.path)), { recursive: true });
          writeFileSync(join(dir, s.path), s.code);
        } else if (s.kind === 'output') outputs.push(s.code);
        else if (s.kind === 'module') {
          const module = join(dir, `readme-line-${s.line}.mjs`);
          writeFileSync(module, s.code);
          const run = spawnSync(process.execPath, [module], { cwd: dir, env, encoding: 'utf8' });
          rmSync(module);
          expect(run.stderr, `${readme}:${s.line}`).toBe('');
          expect(run.status, `${readme}:${s.line}`).toBe(0);
        }
      }
      await scenario.check(dir, outputs);
    },
    120_000,
  );

  it('covers every package but the harness', () => {
    const packages = readdirSync(join(root, 'packages')).filter((name) => name !== 'harness');
    expect(Object.keys(SCENARIOS).sort()).toEqual(packages.sort());
  });
});
