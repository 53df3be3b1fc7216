// Bad input to the author's commands on a charm layer (reactive build, types,
// pack, run as the binary): exit 1, one line on stderr naming the file (and
// line) or key at fault, the layer's folder unchanged and no output written
// (the build's progress lines, which layers it found, are not part of the
// report).
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectRefused, folderState, reactive } from '../../test-fixtures/bad-input.mjs';
import { writeCharmFiles } from '../../test-fixtures/charm.mjs';
import { tempDir } from '../../test-fixtures/temp.mjs';

interface Case {
  /** The bad input. */
  name: string;
  /** Files written over the good layer (null: removed). */
  files: Record<string, string | null>;
  /** The command, on the layer in `layer/`, writing to `out` (default: reactive build). */
  args?: string[];
  /** The one line on stderr; LAYER stands for the layer's folder. */
  line: RegExp;
}

const LAYER = {
  'metadata.yaml': 'name: app\nsummary: s\ndescription: d\nrequires:\n  db: {interface: pgsql}\n',
  'layer.yaml': 'includes: [layer:basic, interface:pgsql]\nrepo: https://example.com/app\n',
  'config.yaml': 'options:\n  port: {type: int, default: 80, description: p}\n',
  'reactive/app.js': "import { whenNot } from '@reactive/bus';\nwhenNot('app.ready')(function ready() {});\n",
};

const CASES: Case[] = [
  {
    name: 'a layer without metadata.yaml',
    files: { 'metadata.yaml': null },
    line: /^charms\.reactive build: \/\S+\/layer\/metadata\.yaml is missing: the charm layer needs a metadata\.yaml with at least the charm's name$/,
  },
  {
    name: 'a metadata.yaml without a name',
    files: { 'metadata.yaml': 'summary: s\n' },
    line: /^charms\.reactive build: \/\S+\/layer\/metadata\.yaml: `name` is missing \(the charm's name\)$/,
  },
  {
    name: 'a malformed metadata.yaml',
    files: { 'metadata.yaml': 'name: app\nrequires: [unclosed\n' },
    line: /^charms\.reactive build: \/\S+\/layer\/metadata\.yaml:3:1: malformed YAML: /,
  },
  {
    name: 'an include that cannot be found',
    files: { 'layer.yaml': 'includes: [layer:basic, layer:nowhere]\nrepo: r\n' },
    line: /^charms\.reactive build: Cannot find layer:nowhere \(included by app in \/\S+\/layer\/layer\.yaml\): looked in \/\S+\/layers\/nowhere, /,
  },
  {
    name: 'an include cycle',
    files: {
      'layer.yaml': 'includes: [layer:basic, layer:loop-a]\nrepo: r\n',
      '../layers/loop-a/layer.yaml': 'includes: [layer:loop-b]\n',
      '../layers/loop-b/layer.yaml': 'includes: [layer:loop-a]\n',
    },
    line: /^charms\.reactive build: Include cycle: layer:loop-a -> layer:loop-b -> layer:loop-a \(layer:loop-a in \/\S+\/layers\/loop-b\/layer\.yaml\)$/,
  },
  {
    name: 'a relation name used twice (#35 item 15)',
    files: { 'metadata.yaml': 'name: app\nsummary: s\ndescription: d\nrequires:\n  db: {interface: pgsql}\nprovides:\n  db: {interface: pgsql}\n' },
    line: /^charms\.reactive build: \/\S+\/layer\/metadata\.yaml:5: relation "db" \(under requires\): another relation has the same name \(under provides\)/,
  },
  {
    name: 'reactive lint of a relation name used twice (#35 item 15)',
    args: ['lint', 'LAYER'],
    files: { 'metadata.yaml': 'name: app\nsummary: s\ndescription: d\nrequires:\n  db: {interface: pgsql}\nprovides:\n  db: {interface: pgsql}\n' },
    line: /^charms\.reactive lint: \/\S+\/layer: cannot build the layer \(\/\S+\/layer\/metadata\.yaml:5: relation "db" \(under requires\): another relation has the same name/,
  },
  {
    name: 'a config default of the wrong type',
    files: { 'config.yaml': 'options:\n  port: {type: int, default: eighty, description: p}\n' },
    line: /^charms\.reactive build: \/\S+\/layer\/config\.yaml:2: option "port" is of type int, and its default "eighty" is not an int$/,
  },
  {
    name: 'a config option of an unknown type',
    files: { 'config.yaml': 'options:\n  port: {type: integer, default: 80, description: p}\n' },
    line: /^charms\.reactive build: \/\S+\/layer\/config\.yaml:2: option "port" has the unknown type "integer" /,
  },
  {
    name: "an action's parameter of an unknown type",
    files: { 'actions.yaml': 'backup:\n  description: d\n  params:\n    to: {type: path}\n' },
    line: /^charms\.reactive build: \/\S+\/layer\/actions\.yaml:4: action "backup": parameter "to": type "path" is not a JSON Schema type /,
  },
  {
    name: 'a .ts handler that does not compile',
    files: { 'reactive/other.ts': 'export const x: number = ;\n' },
    line: /^charms\.reactive build: \/\S+\/layer\/reactive\/other\.ts:1:26: Unexpected ";"$/,
  },
  {
    name: 'a handler importing a package the charm does not depend on',
    files: { 'reactive/app.js': "import 'left-pad';\n" },
    line: /^charms\.reactive build: \/\S+\/layer\/reactive\/app\.js:1:8: imports "left-pad", which the built charm does not carry: add left-pad to "dependencies" /,
  },
  {
    name: 'reactive types of a config default of the wrong type',
    args: ['types', 'LAYER'],
    files: { 'config.yaml': 'options:\n  port: {type: int, default: eighty, description: p}\n' },
    line: /^charms\.reactive types: \/\S+\/layer\/config\.yaml:2: option "port" is of type int, and its default "eighty" is not an int$/,
  },
  {
    name: 'reactive pack of an unknown series',
    args: ['pack', 'LAYER', '-o', 'OUT.charm'],
    files: { 'metadata.yaml': `${LAYER['metadata.yaml']}series: [warty]\n` },
    line: /^charms\.reactive pack: \/\S+\/layer\/metadata\.yaml: series "warty": not an Ubuntu series this packer knows /,
  },
  {
    name: 'reactive pack to a file that exists and is not a charm',
    args: ['pack', 'LAYER', '-o', 'OUT.charm'],
    files: { '../out.charm': 'my notes\n', 'metadata.yaml': `${LAYER['metadata.yaml']}series: [jammy]\n` },
    line: /^charms\.reactive pack: \/\S+\/out\.charm exists and is not a \.charm archive: not replacing it$/,
  },
  {
    name: 'a handler that renders templates in a charm without nunjucks',
    files: { 'reactive/app.js': "import { render } from '@reactive/hookenv';\nexport const r = render;\n" },
    line: /^charms\.reactive build: reactive\/app\.js: imports render from @reactive\/hookenv, which needs nunjucks: add "nunjucks" to "dependencies" /,
  },
];

/** What the build prints as it goes: which layers and interfaces it found, where it built the charm. */
const PROGRESS = /^((layer|interface):\S+: .*|layers: .*|built \S+ into .*)\n/gm;

describe('bad input to reactive build, types and pack', () => {
  it.each(CASES)('$name', async ({ files, args = ['build', 'LAYER', '-o', 'OUT'], line }) => {
    const work = tempDir('reactive-bad-build-');
    const layer = join(work, 'layer');
    const written = Object.entries({ ...LAYER, ...files });
    writeCharmFiles(layer, Object.fromEntries(written.filter((entry): entry is [string, string] => entry[1] !== null)));
    const out = join(work, 'out');
    await expectRefused({
      watched: () => folderState(work),
      run: () => {
        const result = reactive(
          args.map((arg) => arg.replace('LAYER', layer).replace('OUT', out)),
          { cwd: work, env: { INTERFACE_PATH: join(import.meta.dirname, '..', '..', 'examples', 'interfaces'), LAYER_PATH: join(work, 'layers') } },
        );
        return { status: result.status, report: result.stderr.replace(PROGRESS, '') };
      },
      exit: 1,
      line,
    });
  });
});
