// What layer:basic's hook files cost before Node starts. Juju runs
// `dispatch` (or `hooks/<hook>`), which runs `bin/reactive-hook`, which finds
// the Node.js to use and execs it on the charm's hook entry. Here the Node.js it
// finds is a stub that exits at once, so the figure is the shell's share of
// every hook: the launch through the hook files minus the stub run directly.
// Medians of 31 runs each.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, row, unitEnv } from './lib.mjs';

const LAYER = join(import.meta.dirname, '..', 'packages', 'layer-basic', 'layer');
const RUNS = 31;

export async function run() {
  const root = mkdtempSync(join(tmpdir(), 'reactive-launcher-'));
  try {
    const { charm, node } = layOut(root);
    const env = unitEnv({ PATH: `${join(root, 'bin')}:/usr/bin:/bin`, JUJU_DISPATCH_PATH: 'hooks/config-changed' });
    delete env.JUJU_CHARM_DIR;
    const direct = time([node, join(charm, 'lib', 'reactive-hook.mjs')], env);
    const dispatch = time([join(charm, 'dispatch')], env);
    const hook = time([join(charm, 'hooks', 'config-changed')], env);
    return [
      row('layer:basic dispatch -> bin/reactive-hook, before Node starts', round(dispatch - direct), 'ms'),
      row('layer:basic hooks/<hook> -> bin/reactive-hook, before Node starts', round(hook - direct), 'ms'),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A charm with layer:basic's hook files, and a Node.js stub on PATH that prints its version or exits. */
function layOut(root) {
  const charm = join(root, 'charm');
  for (const dir of ['bin', 'hooks', 'lib']) mkdirSync(join(charm, dir), { recursive: true });
  mkdirSync(join(root, 'bin'));
  const install = (from, to) => {
    copyFileSync(join(LAYER, from), join(charm, to));
    chmodSync(join(charm, to), 0o755);
  };
  install('dispatch', 'dispatch');
  install('hooks/hook.template', 'hooks/config-changed');
  install('bin/reactive-hook', 'bin/reactive-hook');
  const node = join(root, 'bin', 'node');
  writeFileSync(node, '#!/bin/sh\n[ "$1" = --version ] && echo v24.0.0\nexit 0\n');
  chmodSync(node, 0o755);
  writeFileSync(join(charm, '.node-major'), '22\n');
  return { charm, node };
}

/** Median wall time of `command`, in ms, after one run that lets the launcher remember the Node.js it found. */
function time([file, ...args], env) {
  const once = () => {
    const start = performance.now();
    const child = spawnSync(file, args, { env, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${file} exited ${child.status ?? child.signal}: ${child.stderr}`);
    return performance.now() - start;
  };
  once();
  return median(Array.from({ length: RUNS }, once));
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}
