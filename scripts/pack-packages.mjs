// npm run pack-packages: every package's tarball, as `npm pack` writes it, in
// packed/ (or the folder given), for charms to install from until the
// packages are on the npm registry. `reactive create` run from this clone
// points the new charm's package.json at them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'packed'));
mkdirSync(out, { recursive: true });
// Tarballs of an older version would stay beside the new ones.
for (const file of readdirSync(out)) if (/^reactive-.*\.tgz$/.test(file)) rmSync(join(out, file));
const packed = JSON.parse(execFileSync('npm', ['pack', '--workspaces', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8' }));
console.log(`${packed.length} packages packed into ${out}:`);
for (const { filename } of packed) console.log(`  ${filename}`);
