// test-fixtures/run-hook.mjs runs hooks one after another in the test's own
// process, as the Harness does: what one hook's context set must not leak
// into the next.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOOK_VARIABLES } from '@reactive/hookenv';
import { runHook } from '../test-fixtures/run-hook.mjs';
import { tempDir } from '../test-fixtures/temp.mjs';

describe('runHook (test fixture)', () => {
  it("clears every per-hook variable of the previous hook's context", async () => {
    const charm = tempDir('reactive-run-hook-');
    mkdirSync(join(charm, 'reactive'));
    writeFileSync(join(charm, 'metadata.yaml'), 'name: leak\n');
    const seen: Array<Record<string, string | undefined>> = [];
    const run = async () => void seen.push(Object.fromEntries(HOOK_VARIABLES.map((name) => [name, process.env[name]])));
    const departed = Object.fromEntries(HOOK_VARIABLES.map((name) => [name, `${name}-value`]));
    expect(await runHook(charm, 'db-relation-departed', { env: departed, run })).toBeUndefined();
    expect(await runHook(charm, 'update-status', { run })).toBeUndefined();
    expect(seen[0]).toEqual(departed);
    expect(seen[1]).toEqual(Object.fromEntries(HOOK_VARIABLES.map((name) => [name, name === 'JUJU_HOOK_NAME' ? 'update-status' : undefined])));
  });
});
