// The same bash layer, written for the Python library, run through this
// project's layer:basic hook as Juju runs it (a Node process per hook, the
// hook tools as executables on PATH) and compared, hook by hook, with a
// transcript of the Python library running it (charms.reactive + charm-helpers
// + layer:basic's hook bootstrap): handler order, flags, status calls and the
// rendered file. test-fixtures/python-differential/README.md says how the
// transcript was made.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { makeCharm } from '../test-fixtures/charm.mjs';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../test-fixtures/temp.mjs';

const FIXTURE = join(import.meta.dirname, '..', 'test-fixtures', 'python-differential');
const CLI_BIN = join(import.meta.dirname, '..', 'packages', 'cli', 'bin');
const HOOK_ENTRY = join(import.meta.dirname, '..', 'packages', 'layer-basic', 'layer', 'lib', 'reactive-hook.mjs');

interface ScenarioHook {
  hook: string;
  config: Record<string, unknown>;
  files?: Record<string, string>;
}

interface TranscriptHook {
  hook: string;
  exit: number;
  order: string[];
  flags: string[];
  status: string[][];
  rendered: string | null;
  renderedMode: string | null;
  /** The `Invoking reactive handler: …` lines of the log, in order. */
  invoked: string[];
  /** The trace's lines, in order. */
  tracer: string[];
}

const scenario = JSON.parse(readFileSync(join(FIXTURE, 'scenario.json'), 'utf8')) as { unit: string; hooks: ScenarioHook[] };
const transcript = JSON.parse(readFileSync(join(FIXTURE, 'python-transcript.json'), 'utf8')) as { made: string; hooks: TranscriptHook[] };

function flagsOf(charm: string): string[] {
  const state = UnitState.open(join(charm, '.unit-state.lmdb'));
  try {
    return state.keys('reactive.states.', { strip: true });
  } finally {
    void state.close();
  }
}

/**
 * The trace's lines (`tracer>` and `tracer: …`), in order. Python sent each
 * trace message in its own juju-log call; the hook log sends a level's lines
 * together, so lines are compared, not calls.
 */
function traceLines(messages: string[]): string[] {
  return messages.flatMap((message) => message.split('\n')).filter((line) => line === 'tracer>' || line.startsWith('tracer: '));
}

/** Runs every hook of the scenario on a fresh copy of the layer; what each hook did, in the transcript's shape. */
function runScenario(): TranscriptHook[] {
  const charm = makeCharm({ 'package.json': '{"type": "module"}\n' });
  cpSync(join(FIXTURE, 'layer'), charm, { recursive: true });
  mkdirSync(join(charm, 'lib'));
  cpSync(HOOK_ENTRY, join(charm, 'lib', 'reactive-hook.mjs'));
  const tools = new FakeHookTools(tempDir('reactive-diff-tools-'));
  for (const tool of ['juju-log', 'status-set', 'application-version-set', 'open-port', 'close-port']) tools.add(tool);
  tools.add('is-leader', { stdout: 'false\n' });
  tools.add('relation-ids', { stdout: '[]\n' });
  tools.add('leader-get', { stdout: '{}\n' });
  const results: TranscriptHook[] = [];
  scenario.hooks.forEach((step, i) => {
    for (const [path, text] of Object.entries(step.files ?? {})) writeFileSync(join(charm, path), text);
    tools.add('config-get', { stdout: `${JSON.stringify(step.config)}\n` });
    rmSync(join(charm, 'order.log'), { force: true });
    const before = tools.calls().length;
    const env: NodeJS.ProcessEnv = {
      PATH: `${tools.dir}:${CLI_BIN}:${process.env.PATH}`,
      HOME: process.env.HOME,
      JUJU_CHARM_DIR: charm,
      CHARM_DIR: charm,
      JUJU_UNIT_NAME: scenario.unit,
      JUJU_HOOK_NAME: step.hook,
      JUJU_CONTEXT_ID: `${scenario.unit}-${step.hook}-${i}`,
      JUJU_MODEL_NAME: 'differential',
    };
    const logged = () =>
      tools
        .calls()
        .slice(before)
        .filter((call) => call.tool === 'juju-log');
    const child = spawnSync(process.execPath, [join(charm, 'lib', 'reactive-hook.mjs')], { cwd: charm, env, encoding: 'utf8', timeout: 120_000 });
    const target = join(charm, 'out', 'app.conf');
    results.push({
      hook: step.hook,
      exit: child.status ?? -1,
      order: existsSync(join(charm, 'order.log')) ? readFileSync(join(charm, 'order.log'), 'utf8').split('\n').filter(Boolean) : [],
      flags: flagsOf(charm),
      status: tools
        .calls()
        .slice(before)
        .filter((call) => call.tool === 'status-set')
        .map((call) => call.args),
      rendered: existsSync(target) ? readFileSync(target, 'utf8') : null,
      renderedMode: existsSync(target) ? `0${(statSync(target).mode & 0o777).toString(8)}` : null,
      invoked: logged()
        .flatMap((call) => call.args.at(-1)!.split('\n'))
        .filter((line) => line.startsWith('Invoking reactive handler: ')),
      tracer: traceLines(
        logged()
          .filter((call) => call.args.includes('DEBUG'))
          .map((call) => call.args.at(-1)!),
      ),
    });
    if (child.status !== 0) console.log(child.stderr);
  });
  return results;
}

describe('a bash layer written for the Python library', () => {
  it('runs install, config-changed, update-status and config-changed as the Python library ran it', () => {
    expect(transcript.made).toMatch(/charms\.reactive/);
    const ours = runScenario();
    const fields = ['hook', 'exit', 'order', 'flags', 'status', 'rendered', 'renderedMode', 'invoked', 'tracer'] as const;
    const pick = (hook: TranscriptHook) => ({ ...Object.fromEntries(fields.map((field) => [field, hook[field]])), tracer: traceLines(hook.tracer) });
    expect(ours.map(pick)).toEqual(transcript.hooks.map(pick));
  });
});
