// What a charm's bash handlers print while the Harness runs its hooks: kept
// in each run's result (and in the error of a failed run), not written to the
// test's terminal, as Juju keeps a hook's output in the unit's log.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, HookFailedError } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

const greeter = `#!/bin/bash
source charms.reactive.sh

@when_not 'greeted'
function greet() {
    echo "hello from greet"
    set_flag greeted
}

reactive_handler_main
`;

// Runs the Harness in a process of its own: a handler's output reaches the
// terminal through inherited file descriptors, which no spy in this process sees.
const runner = `
import { writeFileSync } from 'node:fs';
import { Harness } from '@reactive/harness';
const harness = new Harness(process.argv[2]);
const result = await harness.runHook('install');
writeFileSync(process.argv[3], JSON.stringify({ ok: result.ok, output: result.output }));
harness.cleanUp();
`;

let harness: Harness;
afterEach(() => harness?.cleanUp());

describe("the output of a charm's bash handlers", () => {
  it("is in the run's result, in order, and nothing reaches the test's stdout or stderr", async () => {
    const charm = makeCharm({
      'metadata.yaml': 'name: greeter\n',
      'reactive/greet.sh': { content: greeter, mode: 0o755 },
      'run-harness.mjs': runner,
    });
    const resultFile = join(charm, 'result.json');
    const child = await promisify(execFile)(process.execPath, [join(charm, 'run-harness.mjs'), charm, resultFile]);
    expect({ stdout: child.stdout, stderr: child.stderr }).toEqual({ stdout: '', stderr: '' });
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { ok: boolean; output: string };
    expect(result.ok).toBe(true);
    expect(result.output).toContain(
      'Running reactive_handler_main for greet.sh (invoke)\nInvoking bash reactive handler: greet\nhello from greet\nEnd reactive_handler_main (invoke)\n',
    );
    expect(result.output.indexOf('Will invoke: ')).toBeLessThan(result.output.indexOf('Invoking bash reactive handler: greet'));
  });

  it("is in the error of a failed run, its last 20 lines, so the handler's reason is not lost", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `echo "step ${i + 1}" >&2`).join('\n');
    const failing = `#!/bin/bash\ncase "$1" in\n  --test) echo go ;;\n  --invoke)\n${lines}\necho "cannot reach the database" >&2\nexit 3 ;;\nesac\n`;
    harness = new Harness(makeCharm({ 'metadata.yaml': 'name: failing\n', 'reactive/fail.sh': { content: failing, mode: 0o755 } }));
    const error = await harness.runHook('install').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HookFailedError);
    const message = (error as HookFailedError).message;
    expect(message).toContain('reactive/fail.sh --invoke exited 3');
    expect(message).toContain('step 30\ncannot reach the database');
    expect(message).toContain('step 12\n');
    expect(message).not.toContain('step 11\n');
    expect((error as HookFailedError).result.output).toContain('step 1\n');
  });

  it('is where a --test that cannot run (its helper not found) says to look, and follows the error', async () => {
    const broken = '#!/bin/bash\nsource no-such-helper.sh\nreactive_handler_main\n';
    harness = new Harness(makeCharm({ 'metadata.yaml': 'name: broken\n', 'reactive/broken.sh': { content: broken, mode: 0o755 } }));
    const error = await harness.runHook('install', { expectFailure: true });
    expect(error.error?.message).toMatch(
      /reactive\/broken\.sh --test could not run \(exit 127\): see its errors in the hook's handler output\n\nThe hook's handler output:\n.*no-such-helper\.sh: No such file or directory\n/,
    );
  });
});
