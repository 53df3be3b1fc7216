// A charm written in TypeScript: `reactive build` of a 10-handler charm layer
// (the CLI in a fresh process, as an author runs it: esbuild compiles each
// module, the packages are vendored), and a unit's first hook of that charm
// packed and unpacked into a fresh folder with no node_modules around it and
// no compile cache yet, beside the floor (dispatch.bench.mjs's, started in that
// folder). Medians of 5 builds and 9 hooks.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from '@reactive/build';
import { unpackCharmArchive } from '../test-fixtures/charm-archive.mjs';
import { FLOOR_SOURCE, median, row, runInUnit, unitEnv } from './lib.mjs';

const CLI = join(import.meta.dirname, '..', 'packages', 'cli', 'dist', 'bin.cjs');
const HANDLERS = 10;
const BUILDS = 5;
const HOOKS = 9;

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'reactive-bench-ts-'));
  try {
    const layer = writeLayer(join(work, 'tscharm'));
    const builds = [];
    for (let i = 0; i < BUILDS; i++) builds.push(timed(() => cli(['build', layer, '-o', join(work, 'out'), '--force'])));
    await pack({ source: layer, output: join(work, 'tscharm.charm') });
    const unpacked = join(work, 'unpacked');
    unpackCharmArchive(join(work, 'tscharm.charm'), unpacked);
    const { floor, hook } = firstHooks(unpacked, join(work, 'unit'));
    return [
      row(`reactive build of a ${HANDLERS}-handler TypeScript charm (fresh CLI process, packages vendored)`, round(median(builds)), 's', 3),
      row('the floor, in the unpacked TypeScript charm (Node, 3 tool calls, its lmdb)', Math.round(floor * 1000), 'ms'),
      row("a unit's first hook of the TypeScript charm (config-changed, no compile cache yet), over the floor", Math.round((hook - floor) * 1000), 'ms', 30),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function writeLayer(dir) {
  const handlers = Array.from({ length: HANDLERS }, (_, i) => {
    const after = i === 0 ? `whenNot('ts.step.0')` : `when('ts.step.${i - 1}')`;
    return `${after}(async function step${i}(): Promise<void> {\n  setFlag(flagName(${i}));\n  if (${i} === ${HANDLERS - 1}) await statusSet('active', String(config().get('message')));\n});\n`;
  });
  const files = {
    'layer.yaml': 'includes: [layer:basic]\nrepo: https://example.invalid/tscharm\n',
    'metadata.yaml': 'name: tscharm\nsummary: s\ndescription: d\nseries: [jammy]\n',
    'config.yaml': 'options:\n  message:\n    type: string\n    default: Hi\n    description: d\n',
    'package.json': JSON.stringify({
      name: 'tscharm',
      type: 'module',
      dependencies: { '@reactive/bus': '0.1.0', '@reactive/flags': '0.1.0', '@reactive/hookenv': '0.1.0' },
    }),
    'tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext", "noEmit": true } }\n',
    'reactive/lib/names.ts': 'export const flagName = (step: number): string => `ts.step.${step}`;\n',
    'reactive/tscharm.ts': [
      "import { when, whenNot } from '@reactive/bus';",
      "import { setFlag } from '@reactive/flags';",
      "import { config, statusSet } from '@reactive/hookenv';",
      "import { flagName } from './lib/names.js';",
      '',
      ...handlers,
    ].join('\n'),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** config-changed in a fresh copy of the unpacked charm each time (no cache of any kind), each beside a floor run. */
function firstHooks(unpacked, unit) {
  const floors = [];
  const hooks = [];
  for (let i = 0; i < HOOKS; i++) {
    rmSync(unit, { recursive: true, force: true });
    cpSync(unpacked, unit, { recursive: true, verbatimSymlinks: true });
    const floor = join(unit, 'bench-floor');
    writeFileSync(floor, `#!/usr/bin/env node\n${FLOOR_SOURCE}`);
    chmodSync(floor, 0o755);
    floors.push(runOnce(unit, floor, join(unit, 'floor-state.lmdb')));
    hooks.push(runOnce(unit, join(unit, 'hooks', 'config-changed'), join(unit, '.unit-state.lmdb')));
  }
  return { floor: median(floors), hook: median(hooks) };
}

function runOnce(unit, file, state) {
  return runInUnit(unit, file, { state, unitName: 'tscharm/0' });
}

function cli(args) {
  const child = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: unitEnv() });
  if (child.status !== 0) throw new Error(`reactive ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
}

function timed(fn) {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
}

function round(value) {
  return Math.round(value * 100) / 100;
}
