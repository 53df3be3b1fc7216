// `create`: the files of a new charm layer, in TypeScript or JavaScript, and
// the package.json specs its npm install takes @reactive/* from.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildError, create } from '@reactive/build';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const ALL = ['bus', 'flags', 'hookenv', 'endpoints', 'patterns', 'layer-basic', 'build', 'cli', 'harness'];

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
}
const packageJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/** A created charm below a folder whose vitest config finds no test of it (as the clone's root config), using the clone's node_modules. */
function charmBelowAnotherVitestConfig(opts: { js?: boolean } = {}): string {
  const parent = tempDir();
  writeFileSync(join(parent, 'vitest.config.mjs'), "export default { test: { include: ['nothing/**/*.test.ts'] } };\n");
  const { dir } = create(join(parent, 'demo'), opts);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Runs a tool of the clone's node_modules in `dir`, with the Node.js of this test first on PATH (for the hooks the Harness starts). */
const run = (dir: string, tool: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'node_modules', tool), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
  });

describe('create', () => {
  it('writes a TypeScript charm by default: a strict tsconfig, a typed handler and test, scripts that type-check then test, build and pack', () => {
    const created = create(join(tempDir(), 'demo'));
    expect(created.files).toEqual([
      '.gitignore',
      'README.md',
      'config.d.ts',
      'config.yaml',
      'layer.yaml',
      'metadata.yaml',
      'package.json',
      'reactive/demo.ts',
      'test/demo.test.ts',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    const tsconfig = JSON.parse(readFileSync(join(created.dir, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, noEmit: true, module: 'NodeNext', verbatimModuleSyntax: true });
    const pkg = packageJson(created.dir);
    expect(pkg.scripts).toEqual({ test: 'reactive types && tsc --noEmit && vitest run', build: 'reactive build', pack: 'reactive pack .' });
    // What handlers import at run time is a dependency; the authoring tools are not.
    expect(Object.keys(pkg.dependencies)).toEqual(['@reactive/bus', '@reactive/flags', '@reactive/hookenv']);
    expect(Object.keys(pkg.devDependencies)).toEqual(['@reactive/build', '@reactive/cli', '@reactive/harness', '@types/node', 'typescript', 'vitest']);
    expect(readFileSync(join(created.dir, 'reactive', 'demo.ts'), 'utf8')).toContain("whenNot('demo.installed')(async function install(): Promise<void> {");
  });

  it('writes a JavaScript charm with js', () => {
    const created = create(join(tempDir(), 'demo'), { js: true });
    expect(created.files).toEqual([
      '.gitignore',
      'README.md',
      'config.yaml',
      'layer.yaml',
      'metadata.yaml',
      'package.json',
      'reactive/demo.js',
      'test/demo.test.js',
      'vitest.config.js',
    ]);
    const pkg = packageJson(created.dir);
    expect(pkg.scripts.test).toBe('vitest run');
    expect(pkg.devDependencies).not.toHaveProperty('typescript');
  });

  it("run from a clone, installs every @reactive package from the clone's packed/ tarballs", () => {
    const created = create(join(tempDir(), 'demo'));
    const packed = join(root, 'packed');
    expect(created.packages).toEqual({ dir: packed, packed: existsSync(join(packed, 'reactive-bus-0.1.0.tgz')) });
    const pkg = packageJson(created.dir);
    // Relative to the charm, as npm install <tarball> writes them (it refuses a spec that differs from the override).
    const from = relative(created.dir, packed);
    expect(from.startsWith('../')).toBe(true);
    expect(pkg.dependencies['@reactive/bus']).toBe(`file:${from}/reactive-bus-0.1.0.tgz`);
    expect(pkg.devDependencies['@reactive/harness']).toBe(`file:${from}/reactive-harness-0.1.0.tgz`);
    // The packages' own dependencies on each other (registry versions) are taken from the tarballs too.
    expect(pkg.overrides).toEqual(Object.fromEntries(ALL.map((name) => [`@reactive/${name}`, `file:${from}/reactive-${name}-0.1.0.tgz`])));
  });

  it('installs from the tarballs of packages, and refuses a folder that lacks one, writing nothing', () => {
    const tarballs = tempDir();
    for (const name of ALL.slice(1)) writeFileSync(join(tarballs, `reactive-${name}-0.1.0.tgz`), '');
    const target = join(tempDir(), 'demo');
    expect(() => create(target, { packages: tarballs })).toThrow(
      new BuildError(
        `${tarballs}: no reactive-bus-0.1.0.tgz there (npm run pack-packages in a clone of reactive writes the packages' tarballs into its packed/)`,
      ),
    );
    expect(existsSync(target)).toBe(false);
    writeFileSync(join(tarballs, 'reactive-bus-0.1.0.tgz'), '');
    const created = create(target, { packages: tarballs });
    expect(created.packages).toEqual({ dir: tarballs, packed: true });
    expect(packageJson(target).dependencies['@reactive/bus']).toBe(`file:${relative(target, tarballs)}/reactive-bus-0.1.0.tgz`);
  });

  it('writes into a new or an empty folder, and refuses a folder that is not empty, a file or a bad name, changing nothing', () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'empty'));
    const inode = statSync(join(parent, 'empty')).ino;
    expect(create(join(parent, 'empty')).files).toContain('.gitignore');
    // The same folder (a shell in it sees the charm), not a new one in its place.
    expect(statSync(join(parent, 'empty')).ino).toBe(inode);
    expect(readFileSync(join(parent, 'empty', '.gitignore'), 'utf8')).toBe('node_modules/\n*.charm\n');
    // A new folder has the mode any new folder gets (the umask's), not a temporary folder's 0700.
    create(join(parent, 'fresh'));
    mkdirSync(join(parent, 'other'));
    expect(statSync(join(parent, 'fresh')).mode).toBe(statSync(join(parent, 'other')).mode);
    expect(() => create(join(parent, 'empty'))).toThrow(new BuildError(`${join(parent, 'empty')}: already exists, and is not empty`));
    writeFileSync(join(parent, 'file'), 'x');
    expect(() => create(join(parent, 'file'))).toThrow(new BuildError(`${join(parent, 'file')}: already exists, and is not a folder`));
    expect(() => create(join(parent, 'Bad_Name'))).toThrow('a charm name starts with a lowercase letter');
    expect(readdirSync(parent).sort()).toEqual(['empty', 'file', 'fresh', 'other']);
  });

  // The clone's own vitest config took over a charm created inside it: "No test files found".
  it('gives the charm its own vitest config, which wins over one in a folder above it', { timeout: 120_000 }, () => {
    for (const js of [false, true]) {
      const dir = charmBelowAnotherVitestConfig({ js });
      const vitest = run(dir, 'vitest/vitest.mjs', ['run']);
      expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
      expect(vitest.stdout).toMatch(/Tests\s+.*1 passed/);
    }
  });

  it('writes a handler and a test that type-check, config typed from config.yaml; a type error fails tsc', { timeout: 60_000 }, () => {
    const dir = charmBelowAnotherVitestConfig();
    expect(run(dir, 'typescript/bin/tsc', ['--noEmit']).stdout).toBe('');
    const handler = join(dir, 'reactive', 'demo.ts');
    const source = readFileSync(handler, 'utf8');
    writeFileSync(handler, source.replace("statusSet('maintenance'", "statusSet('bogus'").replace("config().get('message')", "config().get('mesage')"));
    const tsc = run(dir, 'typescript/bin/tsc', ['--noEmit']);
    expect(tsc.status).not.toBe(0);
    expect(tsc.stdout).toContain(`reactive/demo.ts(7,19): error TS2345: Argument of type '"bogus"' is not assignable to parameter of type 'StatusState'.`);
    expect(tsc.stdout).toContain(`reactive/demo.ts(17,42): error TS2345: Argument of type '"mesage"' is not assignable to parameter of type '"message"'.`);
  });
});
