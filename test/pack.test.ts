// Charm layers install single packages: pack @reactive/hookenv and
// @reactive/flags, install the tarballs into an empty folder outside the repo,
// and use them there from JavaScript and from type-checked TypeScript.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..');
const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface PackResult {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

let packed: PackResult[];
let app: string;

beforeAll(() => {
  const out = tempDir('reactive-pack-');
  packed = JSON.parse(npm(['pack', '--json', '--pack-destination', out, '-w', 'packages/hookenv', '-w', 'packages/flags'], root));
  app = tempDir('reactive-app-');
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-charm', private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', ...packed.map((p) => join(out, p.filename))], app);
}, 180_000);

describe('packed packages', () => {
  it("contain built JS, declarations, the bundle's source map and the README, and no dev files", () => {
    for (const pack of packed) {
      const files = pack.files.map((f) => f.path).sort();
      expect(files).toContain('dist/index.js');
      expect(files).toContain('dist/index.d.ts');
      expect(files).toContain('README.md');
      expect(files).toContain('package.json');
      expect(files).toContain('dist/bundle-modules.cjs.map');
      const unexpected = files.filter(
        (f) => !/^dist\/[\w-]+\.(js|cjs|d\.ts)$/.test(f) && !['README.md', 'package.json', 'dist/bundle-modules.cjs.map'].includes(f),
      );
      expect(unexpected, pack.name).toEqual([]);
    }
  });

  it('work when installed alone into an empty project', () => {
    const script = `
      import { setUnitState, UnitState, unitState } from '@reactive/hookenv';
      import { getFlags, registerTrigger, setFlag } from '@reactive/flags';
      setUnitState(UnitState.open(process.argv[2]));
      registerTrigger({ when: 'db.ready', setFlag: 'config.stale' });
      setFlag('db.ready');
      unitState().commit();
      console.log(JSON.stringify(getFlags()));
    `;
    writeFileSync(join(app, 'use.mjs'), script);
    const output = execFileSync(process.execPath, ['use.mjs', join(app, 'state.lmdb')], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(['config.stale', 'db.ready']);
  });

  it('type-check through the exports map', () => {
    writeFileSync(
      join(app, 'use.ts'),
      `import { isFlagSet, type Trigger } from '@reactive/flags';
       import { type HookTools, MemoryHookTools } from '@reactive/hookenv';
       const trigger: Trigger = { when: 'a', setFlag: 'b' };
       const tools: HookTools = new MemoryHookTools();
       const set: boolean = isFlagSet(trigger.when!);
       export { tools, set };
       // @ts-expect-error: setFlag takes a string
       import('@reactive/flags').then(({ setFlag }) => setFlag(1));`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [], skipLibCheck: false, lib: ['ES2023'] },
        files: ['use.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', app], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });
});
