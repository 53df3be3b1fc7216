import { fileURLToPath } from 'node:url';

export { run, programName, type CliIO } from './run.js';
export { answerHandlerAgent, type AgentAnswer, type AgentCall } from './agent.js';
export { COMMANDS, type CommandSpec } from './registry.js';
export { shellSplit, shellQuote } from './shlex.js';
export { pythonRepr, pythonStr } from './python-repr.js';
export { formatOutput, FORMATS, type Format } from './format.js';
export { CliError, UsageError } from './errors.js';

/** The absolute path of `charms.reactive.sh`, the bash helpers (for builds that install it on the hooks' PATH). */
export const SHELL_HELPER: string = fileURLToPath(new URL('../bin/charms.reactive.sh', import.meta.url));
