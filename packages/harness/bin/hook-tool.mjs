#!/usr/bin/env node
// @ts-check
// Every Juju hook tool of the simulator (`reactive sim`), in one script: the
// simulator puts links named config-get, relation-get, relation-set, ... to it
// on PATH. Run under a tool's name, it sends the command line (and, for
// `relation-set --file -`, its stdin) to the simulated unit agent over the
// model's Unix socket, as one JSON line {context, tool, args, stdin}, prints
// the answer's stdout and stderr and exits with its code, as Juju's tools do.
// Run as `hook-tool.mjs TOOL ARGS...` it does the same for TOOL. The call and
// the answer are @reactive/hookenv's UnitAgentCall and ToolResult (type-checked
// here; the script loads nothing of hookenv, to start fast).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, resolve } from 'node:path';

let tool = basename(process.argv[1] ?? 'hook-tool.mjs');
let args = process.argv.slice(2);
if (tool === 'hook-tool.mjs') {
  tool = args[0] ?? '';
  args = args.slice(1);
  if (!tool) fail('usage: hook-tool.mjs TOOL [ARGS...]', 2);
}

const env = process.env;
const socketPath = env.REACTIVE_AGENT_SOCKET || ((env.JUJU_AGENT_SOCKET_NETWORK ?? 'unix') === 'unix' ? env.JUJU_AGENT_SOCKET_ADDRESS : '');
const context = env.JUJU_CONTEXT_ID;
if (!socketPath || context === undefined) fail(`${tool}: not running in a hook (JUJU_CONTEXT_ID and the agent socket are not set)`, 1);

/** @type {string | null} */
let stdin = null;
if (tool === 'relation-set') {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    let value;
    let at = -1;
    if (arg === '--file' || arg === '-file') {
      at = i + 1;
      value = args[at];
    } else if (arg.startsWith('--file=') || arg.startsWith('-file=')) {
      value = arg.slice(arg.indexOf('=') + 1);
    }
    if (value === undefined) continue;
    if (value === '-') {
      stdin = readFileSync(0, 'utf8');
    } else {
      // The agent does not share this process's working directory.
      const absolute = resolve(value);
      if (at === -1) args[i] = `--file=${absolute}`;
      else args[at] = absolute;
    }
  }
}

const socket = connect(socketPath);
/** @type {Buffer[]} */
const chunks = [];
socket.on('data', (chunk) => chunks.push(chunk));
socket.on('error', (error) => fail(`${tool}: cannot reach the unit agent at ${socketPath}: ${error.message}`, 1));
socket.on('end', () => {
  /** @type {Partial<import('@reactive/hookenv').ToolResult>} */
  let answer = {};
  try {
    answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    fail(`${tool}: the unit agent sent an answer that is not JSON`, 1);
  }
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr);
  process.exitCode = typeof answer.code === 'number' ? answer.code : 1;
});
/** @type {import('@reactive/hookenv').UnitAgentCall} */
const call = { context, tool, args, stdin };
socket.end(`${JSON.stringify(call)}\n`);

/**
 * @param {string} message
 * @param {number} code
 * @returns {never}
 */
function fail(message, code) {
  process.stderr.write(`ERROR ${message}\n`);
  process.exit(code);
}
