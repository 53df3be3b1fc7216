// Bad input to the simulator (reactive sim, its commands, and the commands
// that read a simulated unit): exit 1, one line on
// stderr naming the application, unit, action, parameter or file at fault,
// and the model's folder as it was (or, for a model refused at the start,
// never made).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, folderState, reactive } from '../../test-fixtures/bad-input.mjs';
import { makeCharm, writeCharmFiles } from '../../test-fixtures/charm.mjs';
import { tempDir } from '../../test-fixtures/temp.mjs';

interface Case {
  /** The bad input. */
  name: string;
  args: string[];
  /** The one line on stderr. */
  line: RegExp;
}

const sh = (body: string) => ({ content: `#!/bin/sh\n${body}\n`, mode: 0o755 });

/** A plain sh charm that goes active when it starts. */
function shCharm(name: string, relations: string, files: Record<string, string | { content: string; mode: number }> = {}): string {
  return makeCharm({
    'metadata.yaml': `name: ${name}\n${relations}`,
    'hooks/start': sh('status-set active ready'),
    ...files,
  });
}

const thing = shCharm('thing', 'provides:\n  web: {interface: http}\n', {
  'actions.yaml': 'backup:\n  params:\n    copies: {type: integer}\n  additionalProperties: false\n',
  'actions/backup': sh('action-set done=yes'),
});
const client = shCharm('client', 'requires:\n  db: {interface: pgsql}\n');

/** The commands on the model of one settled `thing` unit. */
const COMMANDS: Case[] = [
  {
    name: 'add-unit of an unknown application',
    args: ['add-unit', 'nothing'],
    line: /^charms\.reactive sim: no application "nothing" in the model \(applications: thing\)$/,
  },
  {
    name: 'remove-unit of an unknown unit',
    args: ['remove-unit', 'thing/7'],
    line: /^charms\.reactive sim: no unit "thing\/7" in the model \(units: thing\/0\)$/,
  },
  {
    name: 'relate to an unknown application',
    args: ['relate', 'thing', 'nowhere'],
    line: /^charms\.reactive sim: no application "nowhere" in the model \(applications: thing\)$/,
  },
  { name: 'deploy under a name already deployed', args: ['deploy', thing, 'thing'], line: /^charms\.reactive sim: application "thing" is already deployed$/ },
  {
    name: 'run of an action the charm does not declare',
    args: ['run', 'thing/0', 'restore'],
    line: /^charms\.reactive sim: unit thing\/0 has no action "restore" \(its actions: backup\)$/,
  },
  {
    name: 'run with a parameter of the wrong type',
    args: ['run', 'thing/0', 'backup', 'copies=many'],
    line: /^charms\.reactive sim: action "backup": parameter "copies" must be an integer, got "many"$/,
  },
  {
    name: 'run with a parameter the action does not take',
    args: ['run', 'thing/0', 'backup', 'speed=9'],
    line: /^charms\.reactive sim: action "backup": unknown parameter "speed" \(copies\)$/,
  },
  { name: 'resolve of a unit that is not in error', args: ['resolve', 'thing/0'], line: /^charms\.reactive sim: unit thing\/0 is not in error$/ },
  { name: 'log of an unknown unit', args: ['log', 'other/0'], line: /^charms\.reactive sim: no unit "other\/0" in the model \(units: thing\/0\)$/ },
  {
    name: 'config of an unknown application',
    args: ['config', 'nothing', 'a=b'],
    line: /^charms\.reactive sim: no application "nothing" in the model \(applications: thing\)$/,
  },
  {
    name: 'reactive history of a unit not in the model',
    args: ['history', '-u', 'other/0'],
    line: /^charms\.reactive history: \.sim: no unit "other\/0" in the model \(units: thing\/0\)$/,
  },
];

/** Models refused before any hook runs. */
const MODELS: Case[] = [
  {
    name: 'a model naming a charm path that does not exist',
    args: ['sim', 'model.yaml'],
    line: /^charms\.reactive sim: application "thing": no charm at \.\/nowhere \(\/\S+\/nowhere\): no such directory$/,
  },
  {
    name: 'a model relating endpoints of different interfaces',
    args: ['sim', 'model.yaml'],
    line: /^charms\.reactive sim: cannot relate thing:web \(interface "http"\) to client:db \(interface "pgsql"\): the interfaces differ$/,
  },
  { name: 'a malformed model file', args: ['sim', 'model.yaml'], line: /^charms\.reactive sim: \/\S+\/model\.yaml:2: malformed YAML: / },
  {
    name: 'sim status where there is no model',
    args: ['sim', 'status'],
    line: /^charms\.reactive sim: \.sim holds no model: reactive sim MODEL\.yaml deploys one there/,
  },
];
const MODEL_FILES: Record<string, string> = {
  'a model naming a charm path that does not exist': 'applications:\n  thing: {charm: ./nowhere}\n',
  'a model relating endpoints of different interfaces': `applications:\n  thing: {charm: ${thing}}\n  client: {charm: ${client}}\nrelations:\n  - [thing:web, client:db]\n`,
  'a malformed model file': 'applications: [unclosed\n',
};

let work: string;
beforeAll(() => {
  work = tempDir('reactive-bad-sim-');
  writeCharmFiles(work, { 'model.yaml': `applications:\n  thing: {charm: ${thing}}\n` });
  const settled = reactive(['sim', 'model.yaml'], { cwd: work });
  expect(settled.status, settled.stderr).toBe(0);
});

function run(args: string[], cwd: string) {
  const result = reactive(args, { cwd });
  return { status: result.status, report: result.stderr };
}

describe('bad input to the commands on a simulated model', () => {
  it.each(COMMANDS)('$name', async ({ args, line }) => {
    const full = args[0] === 'history' ? args : ['sim', ...args];
    await expectRefused({ watched: () => folderState(join(work, '.sim')), run: () => run(full, work), exit: 1, line });
  });
});

describe('a model refused at the start', () => {
  it.each(MODELS)('$name', async ({ name, args, line }) => {
    const dir = tempDir('reactive-bad-sim-');
    if (MODEL_FILES[name]) writeCharmFiles(dir, { 'model.yaml': MODEL_FILES[name] });
    await expectRefused({ watched: () => folderState(dir), run: () => run(args, dir), exit: 1, line });
  });
});
