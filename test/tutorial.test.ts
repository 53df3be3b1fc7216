// docs/tutorial.md, followed to the letter in a temporary folder outside the
// repository, so that the page cannot drift from the code. 30 to 65 s on 2
// cores (npm install from the tarballs and npm's cache, three npm test runs,
// the simulator building two charms); npm run test:fast leaves it out.
//
// How the page is read, top to bottom:
// - a ```sh block is run by bash (-e, stderr into stdout), in the folder the
//   previous block left it in;
// - a block whose info string has file=PATH (```ts file=reactive/hello.ts)
//   is written to PATH, relative to that folder; the prose just before it
//   must name `PATH`, since readers do not see the info string;
// - a ```text block right after a ```sh block is what that block prints:
//   each of its lines is an output line (spaces collapsed, blank lines
//   ignored), in order; a line that is only … skips any lines, a … inside a
//   line stands for any text; amd64 is this machine's architecture;
// - a block after <!-- not run: REASON --> is not run; the only one is the
//   clone's set-up, which this test does itself (the packages' tarballs, packed
//   into ~/reactive/packed);
// - any other block fails the test: the page has nothing the test skips.
//
// HOME is a temporary folder whose reactive/ stands for the clone: its
// node_modules, package.json and examples are links to this repository's, its
// packed/ holds the tarballs. npm runs as in a user's shell (no npm_*
// variables of this repository's npm test), with the same npm cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..');
const page = join(root, 'docs', 'tutorial.md');
const arch = ({ x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[process.arch]!;

type Step = { kind: 'run'; code: string; output?: string[] } | { kind: 'file'; path: string; text: string } | { kind: 'skip'; code: string };

/** The page's blocks, as steps; throws naming the line of a block the rules above do not cover. */
function readSteps(markdown: string): Step[] {
  const lines = markdown.split('\n');
  const steps: Step[] = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!fence) {
      prose.push(lines[i]!);
      continue;
    }
    const start = i + 1;
    const end = lines.indexOf('```', start);
    if (end === -1) throw new Error(`${page}:${i + 1}: a block that does not end`);
    const text = lines.slice(start, end).join('\n');
    const [language, info] = [fence[1]!, fence[2]!];
    const skip = /^<!-- not run: .+ -->$/.test(prose.at(-1) ?? '');
    const file = /^file=(\S+)$/.exec(info)?.[1];
    const last = steps.at(-1);
    if (skip) steps.push({ kind: 'skip', code: text });
    else if (file) {
      if (!prose.join('\n').includes(`\`${file}\``)) throw new Error(`${page}:${i + 1}: the prose before the block of ${file} does not name it`);
      steps.push({ kind: 'file', path: file, text: `${text}\n` });
    } else if (language === 'sh' && info === '') steps.push({ kind: 'run', code: text });
    else if (language === 'text' && last?.kind === 'run' && !last.output && prose.join('').trim() === '') last.output = text.split('\n');
    else throw new Error(`${page}:${i + 1}: a \`\`\`${language} ${info} block the test neither runs, writes nor checks`);
    prose = [];
    i = end;
  }
  return steps;
}

const collapse = (line: string): string => line.replace(/\s+/g, ' ').trim();
const pattern = (line: string): RegExp =>
  new RegExp(
    `^${line
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** Whether the shown lines are in the output, as the rules above say. */
function shows(output: string, shown: string[]): boolean {
  const actual = output.split('\n').map(collapse).filter(Boolean);
  const wanted = shown.map((line) => collapse(line.replaceAll('amd64', arch))).filter(Boolean);
  let from = 0;
  let gap = true;
  for (let w = 0; w < wanted.length; w++) {
    if (wanted[w] === '…') {
      gap = true;
      continue;
    }
    const re = pattern(wanted[w]!);
    let at = from;
    while (at < actual.length && !re.test(actual[at]!)) {
      if (!gap) return false;
      at++;
    }
    if (at === actual.length) return false;
    from = at + 1;
    gap = false;
  }
  return true;
}

const steps = readSteps(readFileSync(page, 'utf8'));
let home: string;
let cwd: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  home = tempDir('reactive-tutorial-');
  expect(relative(root, home).startsWith('..')).toBe(true);
  const clone = join(home, 'reactive');
  mkdirSync(clone);
  for (const entry of ['node_modules', 'package.json', 'examples']) symlinkSync(join(root, entry), join(clone, entry));
  const cache = process.env.npm_config_cache ?? join(homedir(), '.npm');
  const user = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_|^FORCE_COLOR$/i.test(name)));
  env = {
    ...user,
    HOME: home,
    PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
    NO_COLOR: '1',
    npm_config_cache: cache,
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
  };
  execFileSync(process.execPath, [join(root, 'scripts', 'pack-packages.mjs'), join(clone, 'packed')], { env, stdio: 'pipe' });
  cwd = home;
});

describe('docs/tutorial.md', () => {
  it('has one block it does not run: the clone set-up, which this test does itself', () => {
    expect(steps.filter((step) => step.kind === 'skip')).toEqual([{ kind: 'skip', code: 'cd ~/reactive && npm ci && npm run pack-packages' }]);
  });

  const named = steps
    .filter((step) => step.kind !== 'skip')
    .map((step, n) => [`${n + 1}: ${step.kind === 'run' ? step.code.replaceAll('\n', '; ') : `writes ${step.path}`}`, step] as const);
  it.each(named)('step %s', { timeout: 120_000 }, (_name, step) => {
    if (step.kind === 'file') {
      mkdirSync(dirname(join(cwd, step.path)), { recursive: true });
      writeFileSync(join(cwd, step.path), step.text);
      return;
    }
    if (step.kind !== 'run') return;
    const where = join(home, '.cwd');
    const script = `exec 2>&1\ncd "$1"\n${step.code}\npwd > "$2"\n`;
    const child = spawnSync('bash', ['-e', '-c', script, 'tutorial', cwd, where], { env, encoding: 'utf8' });
    expect(child.status, child.stdout).toBe(0);
    if (step.output) expect(shows(child.stdout, step.output), `${child.stdout}\ndoes not show\n${step.output.join('\n')}`).toBe(true);
    cwd = readFileSync(where, 'utf8').trim();
  });
});
