// Runs a command (`npm test`'s, `npm run demo`'s) under a Node.js this project
// supports: the one running, when it is 22.3 or later, else the Node 24 of
// node-lines/ (installed from its lock file first when missing), first on PATH.
// So the README's commands work on a machine whose own Node is older.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FLOOR = [22, 3];
const root = join(import.meta.dirname, '..');
const [command, ...args] = process.argv.slice(2);

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > FLOOR[0] || (major === FLOOR[0] && minor >= FLOOR[1]);
const env = { ...process.env };
if (!supported) {
  const bin = join(root, 'node-lines', 'node_modules', 'node24', 'bin');
  if (!existsSync(join(bin, 'node'))) {
    const install = spawnSync('npm', ['ci', '--prefix', 'node-lines', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (install.status !== 0 || !existsSync(join(bin, 'node'))) {
      console.error(`Node.js ${process.version} is older than ${FLOOR.join('.')}, and node-lines/ could not install Node 24: install Node.js 22.3 or later`);
      process.exit(1);
    }
  }
  const version = spawnSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.error(`Node.js ${process.version} is older than ${FLOOR.join('.')}, which reactive needs: running under ${version} from node-lines/`);
  env.PATH = `${bin}:${env.PATH}`;
}
const child = spawnSync(command, args, { cwd: process.cwd(), stdio: 'inherit', env });
process.exit(child.status ?? 1);
