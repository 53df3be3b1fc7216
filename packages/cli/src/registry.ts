/**
 * Every subcommand: its arguments, options and kind, and a loader for its
 * implementation. The fast path (positional arguments only) and the commander
 * program both work from this table, so they cannot disagree. Implementations
 * load on demand: a flag command never loads the template engine or YAML parser.
 */

export interface ArgSpec {
  name: string;
  description: string;
  /** Takes the rest of the arguments (zero or more). */
  variadic?: boolean;
  optional?: boolean;
}

export interface OptionSpec {
  /** commander syntax, e.g. `--value <value>`; the key is the long name as written (underscores kept, as argparse does). */
  flags: string;
  description: string;
}

/** What the unit state is to the command. */
export type StateUse = 'none' | 'write' | 'inspect';

export interface Input {
  args: Record<string, string | string[] | undefined>;
  options: Record<string, string | undefined>;
  /** Set when the hook process runs the command for an external handler: the handler's directory and environment. */
  caller?: Caller;
  /** Where a long command writes its lines as they happen (raw format only; the other formats wait for its output). */
  live?: (text: string) => void;
  /** Where a long command says what it is doing (stderr). */
  progress?: (line: string) => void;
}

/** The external handler a command runs for, in the hook process. */
export interface Caller {
  cwd: string;
  env: Record<string, string | undefined>;
}

/** What a command answers: output to print (when the key is present), and an exit status. */
export interface Outcome {
  output?: unknown;
  exitCode?: number;
  /** One line for stderr after the output, prefixed with the command (why the exit code is not 0). */
  error?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  args: ArgSpec[];
  options: OptionSpec[];
  state: StateUse;
  /** For deprecated aliases: the command to use instead. */
  aliasOf?: string;
  /** The heading it is listed under in --help. */
  group: string;
  /**
   * How its output is written: `python`, as charm-helpers' OutputFormatter
   * writes it (no final newline), for the commands of the Python CLI; `lines`,
   * every line ending with a newline (as Python's `print`), for ours and for
   * `layer_option` (layer:basic's bin/layer_option printed).
   */
  output: 'python' | 'lines';
  run(input: Input): Promise<Outcome>;
}

const flags = () => import('./commands/flags.js');
const tests = () => import('./commands/tests.js');
/** The test commands implemented by @reactive/bus load it first. */
const busTests = async () => {
  const module = await tests();
  await module.loadBus();
  return module;
};

const str = (input: Input, name: string): string => input.args[name] as string;
const list = (input: Input, name: string): string[] => (input.args[name] as string[] | undefined) ?? [];
const test = (result: boolean): Outcome => ({ exitCode: result ? 0 : 1 });
const silent: Outcome = {};
const output = (value: unknown): Outcome => ({ output: value });

const FLAG: ArgSpec = { name: 'flag', description: 'flag name' };
const FLAGS: ArgSpec = { name: 'flags', description: 'flag names', variadic: true };
const DESIRED: ArgSpec = { name: 'desired_flags', description: 'flag names', variadic: true };
const PATTERNS: ArgSpec = { name: 'hook_patterns', description: 'hook names, with {a,b} choices and {role:interface} relation names', variadic: true };
const STATE: OptionSpec = { flags: '--state <path>', description: 'the unit state file (default $UNIT_STATE_DB, else $JUJU_CHARM_DIR/.unit-state.lmdb)' };
const SIM_UNIT: OptionSpec = { flags: '-u, --unit <unit>', description: 'a unit of the simulated model (reactive sim): read its state in the --sim folder' };
const SIM: OptionSpec = { flags: '--sim <dir>', description: "with --unit: the simulator's state folder (default ./.sim)" };
const VALUE: OptionSpec = { flags: '--value <value>', description: 'a value to store with the flag (as a string)' };

let group = '';

/** A command listed under the current group; by default it has no options and uses the unit state. */
function command(spec: Omit<CommandSpec, 'options' | 'state' | 'group' | 'output'> & Partial<Pick<CommandSpec, 'options' | 'state' | 'output'>>): CommandSpec {
  const output = group === 'For people:' || group === 'For charm authors:' ? 'lines' : 'python';
  return { options: [], state: 'write', group: spec.aliasOf ? 'Deprecated:' : group, output, ...spec };
}

function heading(name: string): CommandSpec[] {
  group = name;
  return [];
}

export const COMMANDS: CommandSpec[] = [
  ...heading('Flags:'),
  command({
    name: 'set_flag',
    summary: 'Set a flag (with --value, store a value with it). Triggers registered for it run.',
    args: [FLAG],
    options: [VALUE],
    run: async (i) => ((await flags()).setFlagCommand(str(i, 'flag'), i.options.value), silent),
  }),
  command({
    name: 'clear_flag',
    summary: 'Clear a flag.',
    args: [FLAG],
    run: async (i) => ((await flags()).clearFlagCommand(str(i, 'flag')), silent),
  }),
  command({
    name: 'toggle_flag',
    summary: 'Set the flag if SHOULD_SET is true/yes/on/1, clear it if false/no/off/0 (anything else is an error).',
    args: [FLAG, { name: 'should_set', description: 'true/yes/on/1 or false/no/off/0' }],
    run: async (i) => ((await flags()).toggleFlagCommand(str(i, 'flag'), str(i, 'should_set')), silent),
  }),
  command({
    name: 'register_trigger',
    summary: 'When a flag is set (--when) or cleared (--when_not), set and/or clear another flag, for the rest of this hook.',
    args: [],
    options: [
      { flags: '--when <flag>', description: 'fire when this flag becomes set' },
      { flags: '--when_not <flag>', description: 'fire when this flag is cleared' },
      { flags: '--set_flag <flag>', description: 'the flag to set' },
      { flags: '--clear_flag <flag>', description: 'the flag to clear' },
      { flags: '--callback <callback>', description: 'not supported from the command line (an error)' },
    ],
    run: async (i) => ((await flags()).registerTriggerCommand(i.options), silent),
  }),
  command({
    name: 'is_flag_set',
    summary: 'Test: exit 0 if the flag is set, else 1.',
    args: [FLAG],
    run: async (i) => test((await flags()).isFlagSetCommand(str(i, 'flag'))),
  }),
  command({
    name: 'all_flags_set',
    summary: 'Test: exit 0 if every flag is set (true with no flags), else 1.',
    args: [DESIRED],
    run: async (i) => test((await flags()).allFlagsSetCommand(list(i, 'desired_flags'))),
  }),
  command({
    name: 'any_flags_set',
    summary: 'Test: exit 0 if at least one flag is set (false with no flags), else 1.',
    args: [DESIRED],
    run: async (i) => test((await flags()).anyFlagsSetCommand(list(i, 'desired_flags'))),
  }),
  command({
    name: 'get_flags',
    summary: 'Print the set flags, sorted, one per line (-j: a JSON array).',
    args: [],
    run: async () => output((await flags()).getFlagsCommand()),
  }),
  command({
    name: 'get_unset_flags',
    summary: 'Print those of the given flags that are not set, sorted, one per line.',
    args: [DESIRED],
    run: async (i) => output((await flags()).getUnsetFlagsCommand(list(i, 'desired_flags'))),
  }),
  command({
    name: 'get_states',
    summary: 'Deprecated: print every set flag with its value, as a dict.',
    args: [],
    aliasOf: 'get_flags',
    run: async () => output((await flags()).getStatesCommand()),
  }),
  command({
    name: 'set_state',
    summary: 'Deprecated alias of set_flag.',
    args: [{ name: 'state', description: 'flag name' }],
    options: [VALUE],
    aliasOf: 'set_flag',
    run: async (i) => ((await flags()).setFlagCommand(str(i, 'state'), i.options.value), silent),
  }),
  command({
    name: 'remove_state',
    summary: 'Deprecated alias of clear_flag.',
    args: [{ name: 'state', description: 'flag name' }],
    aliasOf: 'clear_flag',
    run: async (i) => ((await flags()).clearFlagCommand(str(i, 'state')), silent),
  }),
  command({
    name: 'toggle_state',
    summary: 'Deprecated alias of toggle_flag.',
    args: [
      { name: 'state', description: 'flag name' },
      { name: 'should_set', description: 'true/yes/on/1 or false/no/off/0' },
    ],
    aliasOf: 'toggle_flag',
    run: async (i) => ((await flags()).toggleFlagCommand(str(i, 'state'), str(i, 'should_set')), silent),
  }),
  command({
    name: 'is_state',
    summary: 'Deprecated alias of is_flag_set.',
    args: [{ name: 'state', description: 'flag name' }],
    aliasOf: 'is_flag_set',
    run: async (i) => test((await flags()).isFlagSetCommand(str(i, 'state'))),
  }),
  command({
    name: 'all_states',
    summary: 'Deprecated alias of all_flags_set.',
    args: [{ name: 'desired_states', description: 'flag names', variadic: true }],
    aliasOf: 'all_flags_set',
    run: async (i) => test((await flags()).allFlagsSetCommand(list(i, 'desired_states'))),
  }),
  command({
    name: 'any_states',
    summary: 'Deprecated alias of any_flags_set.',
    args: [{ name: 'desired_states', description: 'flag names', variadic: true }],
    aliasOf: 'any_flags_set',
    run: async (i) => test((await flags()).anyFlagsSetCommand(list(i, 'desired_states'))),
  }),

  ...heading('Handler tests:'),
  command({
    name: 'hook',
    summary: 'Test: in the hooks phase of a dispatch, and the current hook matches one of the patterns.',
    args: [PATTERNS],
    run: async (i) => test((await busTests()).hookTest(list(i, 'hook_patterns'))),
  }),
  command({
    name: 'any_hook',
    summary: 'Test: the current hook matches one of the patterns (in any phase).',
    args: [PATTERNS],
    state: 'none',
    run: async (i) => test((await busTests()).anyHookTest(list(i, 'hook_patterns'))),
  }),
  command({
    name: 'when',
    summary: 'Alias of when_all.',
    args: [FLAGS],
    run: async (i) => test((await tests()).whenAllTest(list(i, 'flags'))),
  }),
  command({
    name: 'when_all',
    summary: 'Test: in the other phase of a dispatch, and every flag is set.',
    args: [FLAGS],
    run: async (i) => test((await tests()).whenAllTest(list(i, 'flags'))),
  }),
  command({
    name: 'when_any',
    summary: 'Test: in the other phase of a dispatch, and at least one flag is set.',
    args: [FLAGS],
    run: async (i) => test((await tests()).whenAnyTest(list(i, 'flags'))),
  }),
  command({
    name: 'when_not',
    summary: 'Alias of when_none.',
    args: [FLAGS],
    run: async (i) => test((await tests()).whenNoneTest(list(i, 'flags'))),
  }),
  command({
    name: 'when_none',
    summary: 'Test: in the other phase of a dispatch, and no flag is set.',
    args: [FLAGS],
    run: async (i) => test((await tests()).whenNoneTest(list(i, 'flags'))),
  }),
  command({
    name: 'when_not_all',
    summary: 'Test: in the other phase of a dispatch, and at least one flag is not set.',
    args: [FLAGS],
    run: async (i) => test((await tests()).whenNotAllTest(list(i, 'flags'))),
  }),
  command({
    name: 'when_file_changed',
    summary: "Test: a file's content changed since last checked (records the new hashes).",
    args: [{ name: 'filenames', description: 'files', variadic: true }],
    run: async (i) => test((await busTests()).whenFileChangedTest(list(i, 'filenames'))),
  }),
  command({
    name: 'only_once',
    summary: 'Test: exit 0 if the handler was never invoked (see mark_invoked).',
    args: [{ name: 'handler_id', description: 'handler id' }],
    run: async (i) => test((await tests()).onlyOnceTest(str(i, 'handler_id'))),
  }),
  command({
    name: 'mark_invoked',
    summary: 'Record that handlers were invoked, for only_once.',
    args: [{ name: 'handler_ids', description: 'handler ids', variadic: true }],
    run: async (i) => ((await tests()).markInvokedCommand(list(i, 'handler_ids')), silent),
  }),
  command({
    name: 'test',
    summary: "Print the names of the handlers whose tests pass, comma-separated. Each spec: 'NAME ID [TEST ARGS]…' (shell quoting).",
    args: [{ name: 'handlers', description: 'handler specs, e.g. \'foo foo_id when "a.b c.d" when_not x\'', variadic: true }],
    run: async (i) => output(await (await tests()).testCommand(list(i, 'handlers'))),
  }),

  ...heading('Templates, relations, layer options:'),
  command({
    name: 'render_template',
    summary: 'Render a Jinja2-syntax template from $CHARM_DIR/templates to TARGET, with the environment as context.',
    args: [
      { name: 'source', description: 'template path, relative to $CHARM_DIR/templates' },
      { name: 'target', description: 'file to write' },
    ],
    options: [
      { flags: '--mode <mode>', description: 'mode of the target, octal (default 0444)' },
      { flags: '--owner <user>', description: 'owner of the target (default root when run as root)' },
      { flags: '--group <group>', description: 'group of the target (default root when run as root)' },
    ],
    state: 'none',
    run: async (i) => {
      const { renderTemplateCommand } = await import('./commands/render-template.js');
      await renderTemplateCommand(str(i, 'source'), str(i, 'target'), i.options, i.caller);
      return silent;
    },
  }),
  command({
    name: 'relation_call',
    summary: 'Call METHOD with ARGs on the object implementing a relation, found by name or by flag; print the result.',
    args: [
      { name: 'method', description: 'method name' },
      { name: 'args', description: 'string arguments', variadic: true },
    ],
    options: [
      { flags: '--relation_name <name>', description: 'the relation (endpoint) name' },
      { flags: '--flag <flag>', description: 'a flag of the relation' },
      { flags: '--state <flag>', description: 'deprecated spelling of --flag' },
    ],
    run: async (i) => {
      const { relationCallCommand } = await import('./commands/relations.js');
      return output(await relationCallCommand(str(i, 'method'), list(i, 'args'), i.options, { inHook: i.caller !== undefined }));
    },
  }),
  command({
    name: 'relation_id',
    output: 'lines',
    summary: "Print the id of the RELATION relation with UNIT's application (no arguments: the current relation's id).",
    args: [
      { name: 'relation', description: 'relation (endpoint) name', optional: true },
      { name: 'unit', description: 'a unit (or application) on the other side', optional: true },
    ],
    state: 'none',
    run: async (i) => {
      const { relationIdCommand } = await import('./commands/relations.js');
      return output(await relationIdCommand(i.args.relation as string | undefined, i.args.unit as string | undefined));
    },
  }),
  command({
    name: 'layer_option',
    output: 'lines',
    summary: "Print a layer option from the charm's layer.yaml; a boolean option is the exit status (0 true, 1 false).",
    args: [
      { name: 'section', description: 'the layer' },
      { name: 'option', description: 'the option' },
    ],
    state: 'none',
    run: async (i) => {
      const { layerOptionCommand } = await import('./commands/layer-option.js');
      const result = await layerOptionCommand(str(i, 'section'), str(i, 'option'));
      return result.kind === 'test' ? test(result.value) : output(result.value);
    },
  }),

  ...heading('For people:'),
  command({
    name: 'flags',
    summary: "List the unit's flags, with their values (-j: a JSON object).",
    args: [],
    options: [STATE, SIM_UNIT, SIM],
    state: 'inspect',
    run: async () => output((await import('./commands/inspect.js')).flagsCommand()),
  }),
  command({
    name: 'kv',
    summary: "List the unit state's keys and values, all or those starting with PREFIX (-j: a JSON object).",
    args: [{ name: 'prefix', description: 'key prefix', optional: true }],
    options: [STATE, SIM_UNIT, SIM],
    state: 'inspect',
    run: async (i) => output((await import('./commands/inspect.js')).kvCommand(i.args.prefix as string | undefined)),
  }),
  command({
    name: 'history',
    summary:
      "One line per hook the unit's flight record keeps (time, hook, result, +flags -flags, handlers run); HOOK: that hook in full (--json: the records).",
    args: [{ name: 'hook', description: "a hook's number (#N in the list)", optional: true }],
    options: [{ flags: '-n, --count <count>', description: 'only the last COUNT hooks' }, STATE, SIM_UNIT, SIM],
    state: 'inspect',
    run: async (i) => output(await (await import('./commands/history.js')).historyCommand(i.args.hook as string | undefined, i.options)),
  }),
  command({
    name: 'why',
    summary: 'Why a handler did or did not run in the last hook (its conditions and their values), or who set a flag and which handlers wait on it.',
    args: [{ name: 'target', description: 'a handler (its id, name, or file:name) or a flag' }],
    options: [{ flags: '--hook <n>', description: 'explain hook number N instead of the last' }, STATE, SIM_UNIT, SIM],
    state: 'inspect',
    run: async (i) => output(await (await import('./commands/why.js')).whyCommand(str(i, 'target'), i.options)),
  }),
];

COMMANDS.push(
  ...heading('For charm authors:'),
  command({
    name: 'create',
    summary: 'Create a new charm layer NAME in TypeScript (metadata, config, layer.yaml with layer:basic, a first handler, a test, npm scripts).',
    args: [{ name: 'name', description: 'the folder (and charm name) to create' }],
    options: [
      { flags: '--js', description: 'a JavaScript charm instead' },
      {
        flags: '--packages <dir>',
        description:
          "install @reactive/* from the tarballs in DIR (default: the clone's packed/ when run from a clone, else those this reactive was installed from, else the npm registry)",
      },
      { flags: '--repo <url>', description: "the URL of the charm's source, layer.yaml's repo key (default: the key, empty, to fill in)" },
    ],
    state: 'none',
    run: async (i) => output(await (await import('./commands/author.js')).createCommand(str(i, 'name'), i.options)),
  }),
  command({
    name: 'types',
    summary:
      "Write config.d.ts in the charm layer LAYER_DIR (default .): config()'s option names and types, from config.yaml (reactive build writes it again).",
    args: [{ name: 'layer_dir', description: 'the charm layer', optional: true }],
    state: 'none',
    run: async (i) => output(await (await import('./commands/author.js')).typesCommand((i.args.layer_dir as string | undefined) ?? '.')),
  }),
  command({
    name: 'build',
    summary: 'Build the charm layer LAYER_DIR (default .) with the layers it includes into a deployable charm.',
    args: [{ name: 'layer_dir', description: 'the charm layer', optional: true }],
    options: [
      { flags: '-o, --output <dir>', description: 'the built charm (default $CHARM_BUILD_DIR/<name>, else <layer_dir>/../build/<name>)' },
      { flags: '-n, --name <name>', description: "the charm's name for the output folder (default: metadata.yaml's)" },
      { flags: '--force', description: 'replace an output that was changed by hand' },
    ],
    state: 'none',
    run: async (i) => output(await (await import('./commands/author.js')).buildCommand((i.args.layer_dir as string | undefined) ?? '.', i.options)),
  }),
  command({
    name: 'pack',
    summary: 'Build the charm layer LAYER_DIR (default .) and pack it as a .charm archive Juju deploys (manifest.yaml from metadata.yaml series).',
    args: [{ name: 'layer_dir', description: 'the charm layer', optional: true }],
    options: [
      { flags: '-o, --output <file>', description: 'the archive (default <name>_ubuntu-<channel>-<arch>.charm here)' },
      { flags: '--arch <arch>', description: "the architecture it is for (default this machine's: amd64, arm64, ...)" },
    ],
    state: 'none',
    run: async (i) => output(await (await import('./commands/author.js')).packCommand((i.args.layer_dir as string | undefined) ?? '.', i.options)),
  }),
  command({
    name: 'graph',
    summary: 'The handlers of the charm in CHARM_DIR (default .) and the flags they read, set and clear, as a Graphviz or Mermaid graph (no hook runs).',
    args: [{ name: 'charm_dir', description: 'a built charm or a charm layer', optional: true }],
    options: [{ flags: '--format <format>', description: 'dot (default) or mermaid' }],
    state: 'none',
    run: async (i) => output(await (await import('./commands/graph.js')).graphCommand((i.args.charm_dir as string | undefined) ?? '.', i.options)),
  }),
  command({
    name: 'lint',
    summary:
      'Check the charm in CHARM_DIR (default .): flags read but never set, handlers that can never run, flag names that cannot match; exit 1 with one line per finding.',
    args: [{ name: 'charm_dir', description: 'a built charm or a charm layer', optional: true }],
    state: 'none',
    run: async (i) => (await import('./commands/lint.js')).lintCommand((i.args.charm_dir as string | undefined) ?? '.'),
  }),
  command({
    name: 'sim',
    summary:
      'Simulate a Juju model: `sim MODEL.yaml` deploys it into the state folder (--state, default ./.sim) and runs its hooks to quiescence; `sim COMMAND` changes it and runs again: status, resolve, add-unit, remove-unit, relate, remove-relation, deploy, config, run (an action), log, update-status, advance-time (secret rotation and expiry) (-j: JSON).',
    args: [
      {
        name: 'args',
        description: 'a model file; or a command and its arguments (reactive sim resolve app/0, reactive sim run app/0 backup to=/tmp)',
        variadic: true,
      },
    ],
    options: [
      { flags: '--state <dir>', description: 'the state folder (default: .sim in the current directory)' },
      { flags: '--set <assignment...>', description: 'change config: APP.OPTION=VALUE (repeatable)' },
      { flags: '--remove-relation <endpoints...>', description: 'remove a relation: APP:ENDPOINT [APP:ENDPOINT]' },
      { flags: '--update-status', description: 'fire update-status on every unit' },
      { flags: '--max-hooks <n>', description: 'stop after N hooks (default: twice what the model takes to deploy, at least 500)' },
      { flags: '--parallel <n>', description: "how many units' hooks run side by side, one at a time per unit (default: the cores)" },
      { flags: '--why', description: 'after the status, why each blocked or waiting unit is so (its flight record)' },
      {
        flags: '--explore <n>',
        description:
          "run MODEL from scratch under N orderings of its units' hooks (seeds 0 to N-1, side by side, in STATE/explore) and compare what they settle on; exit 1 when they differ",
      },
      { flags: '--no-retry', description: 'resolve: skip the failed hook instead of running it again' },
      { flags: '-n, --num-units <n>', description: 'add-unit, deploy: how many units (default 1)' },
    ],
    state: 'none',
    run: async (i) => (await import('./commands/sim.js')).simCommand(i),
  }),
);
const byName = new Map(COMMANDS.map((spec) => [spec.name, spec]));

export function findCommand(name: string): CommandSpec | undefined {
  return byName.get(name);
}

/** The usage line of a command, as its --help shows it. */
export function usageOf(program: string, spec?: CommandSpec): string {
  if (!spec) return `Usage: ${program} [options] COMMAND [args...]`;
  const args = spec.args.map((a) => (a.variadic ? `[${a.name}...]` : a.optional ? `[${a.name}]` : `<${a.name}>`));
  return `Usage: ${program} ${spec.name} [options]${args.length ? ` ${args.join(' ')}` : ''}`;
}

/**
 * The fast path: a command given only positional arguments, in the number it
 * takes, needs no option parser. Anything else (an option, `--help`, a wrong
 * number of arguments, an unknown command) goes to commander.
 */
export function positionalInvocation(argv: string[]): { spec: CommandSpec; input: Input } | undefined {
  const [name, ...rest] = argv;
  if (name === undefined) return undefined;
  const spec = byName.get(name);
  if (!spec || rest.some((arg) => arg.startsWith('-'))) return undefined;
  const input: Input = { args: {}, options: {} };
  let i = 0;
  for (const arg of spec.args) {
    if (arg.variadic) {
      input.args[arg.name] = rest.slice(i);
      i = rest.length;
    } else if (i < rest.length) {
      input.args[arg.name] = rest[i++];
    } else if (!arg.optional) {
      return undefined;
    }
  }
  return i === rest.length ? { spec, input } : undefined;
}
