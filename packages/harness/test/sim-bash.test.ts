// Charms in any language: a reactive charm whose handler is a bash script
// (an external handler answering --test and --invoke itself, talking to Juju
// only through the hook-tool executables), and a charm of plain sh hooks,
// described in a model file with relative charm paths.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimeline, loadModelFile, Simulation } from '@reactive/harness';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { fixtureCharm } from './fixtures/charms.js';

describe('charms in other languages', () => {
  it('runs a bash handler and plain sh hooks with the hook tools on PATH', async () => {
    const dir = tempDir();
    const shell = fixtureCharm('shell');
    const plain = fixtureCharm('plain', { plain: true });
    mkdirSync(join(dir, 'models'));
    const file = join(dir, 'models', 'model.yaml');
    writeFileSync(
      file,
      [
        'applications:',
        `  greeter: {charm: ${relative(join(dir, 'models'), shell)}, config: {name: juju}}`,
        `  plain: {charm: ${relative(join(dir, 'models'), plain)}}`,
        '',
      ].join('\n'),
    );
    const sim = await Simulation.create(loadModelFile(file), join(dir, 'state'));
    const result = await sim.run();
    if (!result.quiesced || result.errors.length) console.log(formatTimeline(result.timeline));
    expect(result.errors).toEqual([]);

    // The reactive charm: the framework ran greet.sh --test in every hook and --invoke in config-changed.
    const greeter = result.timeline.filter((e) => e.unit === 'greeter/0');
    expect(greeter.map((e) => [e.hook, e.handlers])).toEqual([
      ['install', []],
      ['leader-elected', []],
      ['config-changed', [`reactive/greet.sh "b'greet\\n'"`]],
      ['start', []],
    ]);
    expect(formatTimeline(greeter.slice(2, 3))).toBe('greeter/0  config-changed  ✓  handlers: reactive/greet.sh  [active: hello juju (leader: True)]\n');
    expect(sim.log('greeter/0')).toContain('INFO config-changed: greeting juju in config-changed (leader: True)');

    // The plain charm: only the hooks it has ran; Juju skips the others.
    expect(result.timeline.filter((e) => e.unit === 'plain/0').map((e) => `${e.hook}${e.skipped ? ' (no hook)' : ''}`)).toEqual([
      'install',
      'leader-elected (no hook)',
      'config-changed (no hook)',
      'start',
    ]);
    expect(sim.status().units['plain/0']).toMatchObject({ status: 'active', message: 'colour blue' });
    expect(sim.log('plain/0')).toContain('INFO install: installed by plain sh');

    // update-status on demand, after a config change.
    sim.setConfig('greeter', { name: 'world' });
    sim.updateStatus(['greeter/0']);
    const again = await sim.run();
    expect(again.timeline.map((e) => `${e.unit} ${e.hook} ${e.handlers.length}`)).toEqual(['greeter/0 config-changed 1', 'greeter/0 update-status 1']);
    expect(sim.status().units['greeter/0']).toMatchObject({ status: 'active', message: 'hello world (leader: True)' });
  });
});
