// `reactive pack`: a .charm archive Juju deploys. The archive is read back
// with Python's zipfile (another implementation than the one that wrote it),
// unpacked with its modes into a folder with no node_modules around it, and
// its hooks run there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UnitState } from '@reactive/hookenv';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { readCharmArchive, unpackCharmArchive } from '../../../test-fixtures/charm-archive.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv } from './helpers.js';

function reactive(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv() });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** This machine's architecture as Debian names it (the default of --arch). */
const arch = ({ x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[process.arch]!;
let work: string;
let archive: string;
let packed: ReturnType<typeof reactive>;

beforeAll(() => {
  work = tempDir('reactive-pack-');
  expect(reactive(['create', 'demo'], work).status).toBe(0);
  packed = reactive(['pack', 'demo'], work);
  archive = join(work, `demo_ubuntu-22.04-${arch}.charm`);
}, 60_000);

describe('reactive pack', () => {
  it('writes <name>_ubuntu-<channel>-<arch>.charm and says what it holds', () => {
    expect(packed.status, packed.stderr).toBe(0);
    expect(packed.stdout).toMatch(
      new RegExp(`^packed demo \\(ubuntu@22\\.04, ${arch}\\) into demo_ubuntu-22\\.04-${arch}\\.charm: \\d+\\.\\d MB, \\d+ files\\n$`),
    );
    expect(packed.stderr).toContain('packing ');
    expect(statSync(archive).size).toBeGreaterThan(0);
  });

  it("holds charmcraft's layout: metadata, config, manifest.yaml, dispatch and hooks executable", () => {
    const { entries, manifest, metadata } = readCharmArchive(archive);
    for (const name of ['metadata.yaml', 'config.yaml', 'manifest.yaml', 'dispatch', 'hooks/install', 'hooks/config-changed', 'reactive/demo.js'])
      expect(entries).toHaveProperty([name]);
    for (const name of ['dispatch', 'hooks/install', 'hooks/upgrade-charm']) expect(entries[name]! & 0o111, name).toBe(0o111);
    expect(entries['metadata.yaml']! & 0o111).toBe(0);
    expect(parse(manifest)).toEqual({
      'charmcraft-version': 'reactive-pack',
      'charmcraft-started-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      bases: [{ name: 'ubuntu', channel: '22.04', architectures: [arch] }],
      analysis: {
        attributes: [
          { name: 'language', result: 'javascript' },
          { name: 'framework', result: 'reactive' },
        ],
      },
    });
    // The bases replace metadata.yaml's series: with both, Juju reads the charm as format v1.
    expect(parse(metadata)).toEqual({ name: 'demo', summary: expect.any(String), description: expect.any(String) });
    expect(parse(readFileSync(join(work, 'demo', 'metadata.yaml'), 'utf8')).series).toEqual(['jammy']);
  });

  it('carries only what runs on the unit: no tests, TypeScript, type declarations, C sources, build-only packages, other binaries', () => {
    const names = Object.keys(readCharmArchive(archive).entries);
    expect(names.filter((n) => /^test\/|\.ts$|tsconfig|vitest\.config|\.(c|cc|cpp|h)$|binding\.gyp$/.test(n))).toEqual([]);
    expect(names.filter((n) => /node_modules\/(node-addon-api|msgpackr-extract|@msgpackr-extract)\//.test(n))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.node'))).toEqual([`node_modules/@lmdb/lmdb-linux-${process.arch}/node.napi.glibc.node`]);
    // Source maps: the framework's bundles', and the compiled handler's, so that ids and stack frames name reactive/demo.ts.
    expect(names.filter((n) => n.endsWith('.map'))).toEqual(
      names.filter((n) => /^node_modules\/@reactive\/[^/]+\/dist\/bundle-modules\.cjs\.map$|^reactive\/demo\.js\.map$/.test(n)),
    );
    expect(names).toContain('reactive/demo.js.map');
    expect(names.filter((n) => n.endsWith('.v8cache'))).toEqual([]);
    // yaml's seventy modules come as one file, loaded by its two entry points.
    expect(names.filter((n) => n.startsWith('node_modules/yaml/')).sort()).toEqual(
      ['LICENSE', 'dist/index.js', 'dist/util.js', 'package.json', 'reactive-bundle.cjs'].map((f) => `node_modules/yaml/${f}`),
    );
  });

  it('runs its hooks unpacked in a fresh folder, with no node_modules around it', () => {
    const unit = join(tempDir('reactive-unit-'), 'charm');
    unpackCharmArchive(archive, unit);
    for (const hook of ['install', 'config-changed']) {
      const fake = new FakeHookTools(tempDir()).add('config-get', { stdout: '{"message": "Hi"}' }).add('juju-log').add('status-set');
      const child = spawnSync(join(unit, 'hooks', hook), [], {
        cwd: unit,
        encoding: 'utf8',
        env: { PATH: `${fake.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'demo/0' },
      });
      expect(child.status, child.stderr).toBe(0);
      expect(
        fake
          .calls()
          .filter((c) => c.tool === 'status-set')
          .at(-1)?.args,
      ).toEqual(['active', 'Hi']);
    }
    const state = UnitState.open(join(unit, '.unit-state.lmdb'));
    expect(state.keys('reactive.states.')).toEqual(['reactive.states.demo.installed']);
    void state.close();
  });
});

describe('reactive pack refuses bad input with one line, writing nothing', () => {
  it('a layer without metadata.yaml', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'layer.yaml'), 'includes: [layer:basic]\n');
    const result = reactive(['pack', dir], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`charms.reactive pack: ${dir}: no metadata.yaml: not a charm layer\n`);
  });

  it('an unknown series, and an unknown architecture', () => {
    const dir = join(tempDir(), 'odd');
    mkdirSync(dir);
    writeFileSync(join(dir, 'metadata.yaml'), 'name: odd\nsummary: s\ndescription: d\nseries: [plucky-penguin]\n');
    writeFileSync(join(dir, 'layer.yaml'), 'includes: [layer:basic]\n');
    const result = reactive(['pack', dir], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('series "plucky-penguin": not an Ubuntu series this packer knows');
    expect(reactive(['pack', join(work, 'demo'), '--arch', 'vax'], work).stderr).toContain('--arch vax: not an architecture Juju knows');
  });

  it('another architecture whose native binaries are not installed here: says how to get them', () => {
    const other = arch === 'arm64' ? 'amd64' : 'arm64';
    const result = reactive(['pack', 'demo', '--arch', other, '-o', join(work, 'other.charm')], work);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `lmdb's prebuilt binary for linux ${other} is not installed here .*: run npm install --no-save --force @lmdb/lmdb-linux-${other === 'arm64' ? 'arm64' : 'x64'}@\\S+, then build again\n$`,
      ),
    );
    expect(existsSync(join(work, 'other.charm'))).toBe(false);
  });

  it('an output that exists and is not a .charm archive', () => {
    const target = join(work, 'notes.charm');
    writeFileSync(target, 'my notes\n');
    const result = reactive(['pack', 'demo', '-o', target], work);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${target} exists and is not a .charm archive: not replacing it`);
    expect(readFileSync(target, 'utf8')).toBe('my notes\n');
    expect(reactive(['pack', 'demo', '-o', join(work, 'demo.zip')], work).stderr).toContain("the archive's name must end in .charm");
  });
});
