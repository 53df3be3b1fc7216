#!/usr/bin/env node
// charms.reactive / reactive: one program under two names.
//
// Start-up is kept lean because bash handlers call this many times per hook.
// This entry is CommonJS, which Node starts faster than an ES module. During
// a hook the hook process answers (agent-client.cts): this process loads one
// more small module and makes one round trip. Otherwise a command given only
// positional arguments runs without loading commander (see registry.ts), and
// no command loads more than it uses. The package's modules come from its
// one-file bundle (scripts/bundle.mjs), the file its package name resolves
// to, so a process never holds two copies of them.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const bundle = join(__dirname, 'bundle.js');
  const agent = process.env.REACTIVE_HANDLER_AGENT;
  if (agent) {
    const { askHook } = require('./agent-client.cjs') as typeof import('./agent-client.cjs');
    const call = { argv, script: process.argv[1] ?? '', cwd: process.cwd(), env: process.env, unitStateDb: process.env.UNIT_STATE_DB };
    const answer = await askHook(agent, bundle, call);
    if (!('local' in answer)) {
      // Touching process.stdout sets up a stream (and for a pipe, loads node:net's stream code): only when there is output.
      if (answer.stdout) process.stdout.write(answer.stdout);
      if (answer.stderr) process.stderr.write(answer.stderr);
      return answer.status;
    }
  }
  const { run } = (await import(pathToFileURL(charmCopy() ?? bundle).href)) as typeof import('./index.js');
  return run(argv);
}

/**
 * The charm's own @reactive/cli when this one is another copy (found elsewhere
 * on PATH): the charm's runs the command, with the same copies of the
 * framework's packages as the charm's hooks (a second @reactive/endpoints would
 * not know its interface layers' classes).
 */
function charmCopy(): string | undefined {
  const charm = process.env.JUJU_CHARM_DIR || process.env.CHARM_DIR;
  if (!charm) return undefined;
  try {
    const found = realpathSync(createRequire(join(charm, 'package.json')).resolve('@reactive/cli'));
    return found === realpathSync(join(__dirname, 'bundle.js')) ? undefined : found;
  } catch {
    return undefined;
  }
}

void main().then((status) => (process.exitCode = status));
