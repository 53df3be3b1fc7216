// Every package is ready for the npm registry: `npm publish --dry-run` of the
// workspaces warns of nothing but the missing login (it corrected the CLI's
// bin paths, and said it removed them), and each manifest names its licence,
// Node.js versions, types and entry points.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages'));

describe('the packages, as npm would publish them', () => {
  it('npm publish --dry-run warns only that nobody is logged in', { timeout: 120_000 }, () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
    const child = spawnSync('npm', ['publish', '--dry-run', '--workspaces'], { cwd: root, encoding: 'utf8', env });
    expect(child.status, child.stderr).toBe(0);
    const warnings = `${child.stdout}${child.stderr}`.split('\n').filter((line) => line.startsWith('npm warn'));
    expect(warnings).toEqual(packages.map(() => expect.stringMatching(/^npm warn publish This command requires you to be logged in/)));
  });

  it.each(packages)('%s names its licence, Node.js versions, types, entry points and README', (name) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
    expect(manifest.name).toBe(`@reactive/${name}`);
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.engines.node).toMatch(/^>=\d+/);
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/bundle.js' });
    expect(manifest.files).toEqual(expect.arrayContaining(['dist/**/*.d.ts', 'README.md']));
  });
});
