// npm links a package's programs into node_modules/.bin when it installs, before
// `npm run build` writes dist/: a program whose file is built is not linked on
// a fresh clone (`npm ci && npm run build` left no node_modules/.bin/reactive).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const packages = readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name));

describe("the packages' programs", () => {
  it('are files of the repository, not of the build, so npm ci links them on a fresh clone', () => {
    const tracked = new Set(spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\n'));
    for (const dir of packages) {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
      for (const [name, target] of Object.entries(manifest.bin ?? {})) {
        const path = join(dir, target).slice(ROOT.length + 1);
        expect(tracked.has(path), `${name} -> ${path}`).toBe(true);
      }
    }
  });

  it('reactive and charms.reactive run from node_modules/.bin', () => {
    for (const name of ['reactive', 'charms.reactive']) {
      const bin = join(ROOT, 'node_modules', '.bin', name);
      expect(existsSync(bin), bin).toBe(true);
      const child = spawnSync(bin, ['--version'], { encoding: 'utf8' });
      expect(child.status).toBe(0);
      expect(child.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
