import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { BrokenHandlerError } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';

// A stand-in for the charms.reactive CLI: reads or sets a flag in the unit state
// the hook committed for the child (UNIT_STATE_DB is set for external handlers).
const flagTool = `#!/usr/bin/env node
import { setFlag, isFlagSet } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
const [command, flag] = process.argv.slice(2);
if (command === 'is_flag_set') process.exit(isFlagSet(flag) ? 0 : 1);
setFlag(flag);
unitState().commit();
`;

const bashHandler = `#!/bin/bash
flag() { node "$JUJU_CHARM_DIR/bin/flag.mjs" "$@"; }
case "$1" in
  --test)
    # Run once the JS handler has set 'prepared' and until 'configured' is set.
    if flag is_flag_set prepared && ! flag is_flag_set configured; then echo configure; exit 0; fi
    exit 1 ;;
  --invoke)
    echo "invoked with: $2" >> "$JUJU_CHARM_DIR/invocations"
    flag set configured ;;
esac
`;

describe('external handlers', () => {
  it("a bash handler answers --test and --invoke, sees this hook's flags and sets its own", async () => {
    const dir = makeCharm({
      'bin/flag.mjs': flagTool,
      'reactive/configure': { content: bashHandler, mode: 0o755 },
      'reactive/prepare.js': `
        import { setFlag } from '@reactive/flags';
        import { when, whenNot } from '@reactive/bus';
        whenNot('prepared')(function prepare() { setFlag('prepared'); });
        when('configured')(function done() { setFlag('done'); });
      `,
    });
    const tools = new MemoryHookTools();
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    expect(readFileSync(join(dir, 'invocations'), 'utf8')).toBe('invoked with: configure\n\n');
    expect(await committedFlags(dir)).toEqual(['configured', 'done', 'prepared']);
    expect(tools.logs.map((l) => l.message).join('\n')).toContain('Invoking reactive handler: reactive/configure "configure\\n"');
  });

  it('a failing hook undoes what was committed early for external handlers', async () => {
    const dir = makeCharm({
      'bin/flag.mjs': flagTool,
      'reactive/configure': { content: bashHandler, mode: 0o755 },
      'reactive/prepare.js': `
        import { setFlag } from '@reactive/flags';
        import { when, whenNot } from '@reactive/bus';
        whenNot('prepared')(function prepare() { setFlag('prepared'); });
        when('configured')(function fail() { throw new Error('after the bash handler'); });
      `,
    });
    expect(await runHook(dir, 'install')).toBeInstanceOf(Error);
    expect(existsSync(join(dir, 'invocations'))).toBe(true);
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('an --invoke that exits non-zero fails the hook, naming the handler', async () => {
    const dir = makeCharm({
      'reactive/fails.sh': { content: '#!/bin/sh\n[ "$1" = --test ] && { echo x; exit 0; }\nexit 3\n', mode: 0o755 },
    });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toContain('reactive/fails.sh --invoke exited 3');
  });

  it('an executable that cannot be executed is a BrokenHandlerError', async () => {
    const dir = makeCharm({ 'reactive/broken': { content: '#!/no/such/interpreter\n', mode: 0o755 } });
    const error = await runHook(dir, 'install');
    expect(error).toBeInstanceOf(BrokenHandlerError);
    expect((error as Error).message).toContain(`File at '${join(dir, 'reactive/broken')}' is marked as executable but execution failed`);
  });

  it('ignores files that are neither modules nor executables', async () => {
    const dir = makeCharm({
      'reactive/README.md': '# notes',
      'reactive/data.json': '{}',
      'reactive/helper.sh': 'echo not executable',
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
  });
});

describe('external handlers: bad input', () => {
  it('a script with #! that is not executable is refused, naming it', async () => {
    const dir = makeCharm({ 'reactive/forgot-chmod.sh': { content: '#!/bin/bash\nexit 1\n', mode: 0o644 } });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toBe('reactive/forgot-chmod.sh: cannot be a handler: it starts with #! but is not executable (chmod +x it, or move it out of the handler folders)');
  });

  it('a --test that prints bytes that are not text fails the hook, naming the handler', async () => {
    const dir = makeCharm({ 'reactive/garbage': { content: "#!/bin/sh\nprintf '\\377\\376'\n", mode: 0o755 } });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toBe('reactive/garbage --test printed output that is not UTF-8 text');
    expect(await committedFlags(dir)).toEqual([]);
  });
});
