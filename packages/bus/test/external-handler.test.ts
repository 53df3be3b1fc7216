import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { BrokenHandlerError, HandlerAgent } from '@reactive/bus';
import { connect } from 'node:net';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';

// A stand-in for the charms.reactive CLI: asks the hook process (its handler
// agent) to read or set a flag, as the CLI does during a hook.
const flagTool = `#!/usr/bin/env node
import { connect } from 'node:net';
const [command, flag] = process.argv.slice(2);
const socket = connect(process.env.REACTIVE_HANDLER_AGENT);
let answer = '';
socket.on('data', (chunk) => (answer += chunk));
socket.on('end', () => process.exit(JSON.parse(answer).reply.status));
socket.end(JSON.stringify({ module: process.env.JUJU_CHARM_DIR + '/bin/flag-agent.mjs', payload: { command, flag } }));
`;
const flagAgent = `
import { isFlagSet, setFlag } from '@reactive/flags';
export function answerHandlerAgent({ command, flag }) {
  if (command === 'is_flag_set') return { status: isFlagSet(flag) ? 0 : 1 };
  setFlag(flag);
  return { status: 0 };
}
`;
// What another process finds committed in the store, written to a file.
const committedTool = `#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { UnitState } from '@reactive/hookenv';
const state = UnitState.open(process.env.UNIT_STATE_DB);
writeFileSync(process.argv[2], JSON.stringify(state.keys('reactive.states.', { strip: true })));
await state.close();
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
    node "$JUJU_CHARM_DIR/bin/committed.mjs" "$JUJU_CHARM_DIR/committed-during-hook"
    flag set configured ;;
esac
`;

const bashCharm = (js: string) =>
  makeCharm({
    'bin/flag.mjs': flagTool,
    'bin/flag-agent.mjs': flagAgent,
    'bin/committed.mjs': committedTool,
    'reactive/configure': { content: bashHandler, mode: 0o755 },
    'reactive/prepare.js': js,
  });

describe('external handlers', () => {
  it("a bash handler answers --test and --invoke, sees this hook's flags and sets its own, and nothing is committed before the hook ends", async () => {
    const dir = bashCharm(`
        import { setFlag } from '@reactive/flags';
        import { when, whenNot } from '@reactive/bus';
        whenNot('prepared')(function prepare() { setFlag('prepared'); });
        when('configured')(function done() { setFlag('done'); });
      `);
    const tools = new MemoryHookTools();
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    expect(readFileSync(join(dir, 'invocations'), 'utf8')).toBe('invoked with: configure\n\n');
    expect(await committedFlags(dir)).toEqual(['configured', 'done', 'prepared']);
    // A hook killed while its handler ran would have left nothing behind.
    expect(JSON.parse(readFileSync(join(dir, 'committed-during-hook'), 'utf8'))).toEqual([]);
    expect(tools.logs.map((l) => l.message).join('\n')).toContain(`Invoking reactive handler: reactive/configure "b'configure\\n'"`);
  });

  it('a failing hook commits nothing of what its external handler did', async () => {
    const dir = bashCharm(`
        import { setFlag } from '@reactive/flags';
        import { when, whenNot } from '@reactive/bus';
        whenNot('prepared')(function prepare() { setFlag('prepared'); });
        when('configured')(function fail() { throw new Error('after the bash handler'); });
      `);
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

// The hook's agent, asked by an external handler: the answering module runs in
// the hook process, so the flag it sets is the hook's (committed with it).
const agentModule = `
import { setFlag } from '@reactive/flags';
export function answerHandlerAgent(payload) {
  setFlag(payload.flag);
  return { pid: process.pid };
}
`;
const askTool = `
import { connect } from 'node:net';
import { appendFileSync } from 'node:fs';
const socketPath = process.env.REACTIVE_HANDLER_AGENT;
const socket = connect(socketPath);
let answer = '';
socket.on('data', (chunk) => (answer += chunk));
socket.on('end', () => appendFileSync(process.env.JUJU_CHARM_DIR + '/answers', socketPath + ' ' + answer));
socket.end(JSON.stringify({ module: process.env.JUJU_CHARM_DIR + '/bin/agent-module.mjs', payload: { flag: process.argv[2] } }));
`;

/** Sends one request to the agent listening at `socketPath`; resolves to its parsed answer. */
function askAgent(socketPath: string, request: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('end', () => resolve(JSON.parse(text)));
    socket.end(JSON.stringify(request));
  });
}

describe('the hook agent for external handlers', () => {
  it('answers an external handler from the hook process while it runs, and is gone after the hook', async () => {
    const dir = makeCharm({
      'bin/agent-module.mjs': agentModule,
      'bin/ask.mjs': askTool,
      'reactive/ask': {
        content:
          '#!/bin/sh\ncase "$1" in\n  --test) [ -e "$JUJU_CHARM_DIR/answers" ] && exit 1; echo go ;;\n  --invoke) node "$JUJU_CHARM_DIR/bin/ask.mjs" asked ;;\nesac\n',
        mode: 0o755,
      },
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
    const [socketPath, answer] = readFileSync(join(dir, 'answers'), 'utf8').trim().split(' ');
    expect(JSON.parse(answer!)).toEqual({ reply: { pid: process.pid } });
    expect(await committedFlags(dir)).toEqual(['asked']);
    expect(existsSync(socketPath!)).toBe(false);
  });

  it('a request naming no module by absolute path, or a module without the export, gets an error', async () => {
    const agent = await HandlerAgent.start();
    try {
      const ask = (request: unknown) => askAgent(agent.socketPath, request);
      expect(await ask({ module: 'relative.mjs' })).toEqual({ error: 'the request names no module by absolute path' });
      const dir = makeCharm({ 'nothing.mjs': 'export const x = 1;\n' });
      expect(await ask({ module: join(dir, 'nothing.mjs') })).toEqual({ error: `${join(dir, 'nothing.mjs')} exports no answerHandlerAgent` });
      expect(await ask('not json at all')).toEqual({ error: 'the request names no module by absolute path' });
    } finally {
      await agent.close();
    }
  });
});

describe('external handlers: bad input', () => {
  it('a script with #! that is not executable is left alone, as Python does (make_docs of interface layers)', async () => {
    const marker = '#!/bin/sh\ntouch "$JUJU_CHARM_DIR/ran-$(basename "$0")"; echo x\n';
    const dir = makeCharm({
      'hooks/relations/http/make_docs': { content: marker, mode: 0o644 },
      'reactive/forgot-chmod.sh': { content: marker, mode: 0o644 },
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(existsSync(join(dir, 'ran-make_docs'))).toBe(false);
    expect(existsSync(join(dir, 'ran-forgot-chmod.sh'))).toBe(false);
  });

  it('runs only the executables charms.reactive 1.5.2 runs: no extension or .sh, with #!', async () => {
    const marker = '#!/bin/sh\ntouch "$JUJU_CHARM_DIR/ran-$(basename "$0")"; exit 1\n';
    const dir = makeCharm({
      'reactive/handler': { content: marker, mode: 0o755 },
      'reactive/handler.pl': { content: marker, mode: 0o755 },
      'reactive/handler.bash': { content: marker, mode: 0o755 },
      'reactive/NOTES.txt': { content: marker, mode: 0o755 },
      'reactive/Makefile': { content: marker, mode: 0o755 },
      'reactive/config.yaml': { content: marker, mode: 0o755 },
      'reactive/LICENSE': { content: marker, mode: 0o755 },
      'reactive/legacy.py': { content: marker, mode: 0o755 },
    });
    expect(await runHook(dir, 'install')).toBeUndefined();
    // 1.5.2 dropped the old blacklist: an executable Makefile or LICENSE with #! is a handler there too.
    expect(readdirSync(dir).filter((name) => name.startsWith('ran-'))).toEqual(['ran-LICENSE', 'ran-Makefile', 'ran-handler']);
  });

  it('an executable text file without #! is not a handler (1.5.2): never run, no error', async () => {
    const dir = makeCharm({ 'reactive/notes': { content: 'touch "$JUJU_CHARM_DIR/ran"\n', mode: 0o755 } });
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('an executable binary that is not a program of this machine (ENOEXEC) is a BrokenHandlerError', async () => {
    const dir = makeCharm({ 'reactive/handler': { content: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]), mode: 0o755 } });
    const error = await runHook(dir, 'install');
    expect(error).toBeInstanceOf(BrokenHandlerError);
    expect((error as BrokenHandlerError).path).toBe(join(dir, 'reactive/handler'));
  });

  it('a --test that prints bytes that are not text fails the hook, naming the handler', async () => {
    const dir = makeCharm({ 'reactive/garbage': { content: "#!/bin/sh\nprintf '\\377\\376'\n", mode: 0o755 } });
    const error = await runHook(dir, 'install');
    expect((error as Error).message).toContain('reactive/garbage --test printed output that is not UTF-8 text');
    expect(await committedFlags(dir)).toEqual([]);
  });
});

describe('external handlers that cannot answer', () => {
  it('a --test that exits 126 or 127 (the bash helper not found) or dies of a signal fails the hook, naming the handler', async () => {
    for (const [body, why, said] of [
      ['source no-such-helper.sh\n@when x\nreactive_handler_main\n', 'exit 127', /no-such-helper\.sh: No such file or directory\n/],
      ['kill -TERM $$\n', 'SIGTERM', /^$/],
    ] as const) {
      // The handler's stderr, which goes to the hook's, kept in a file to check.
      const dir = makeCharm({ 'reactive/broken.sh': { content: `#!/bin/bash\nexec 2>"$JUJU_CHARM_DIR/stderr"\n${body}`, mode: 0o755 } });
      const error = await runHook(dir, 'install');
      expect((error as Error).message).toContain(`reactive/broken.sh --test could not run (${why}): see its errors above`);
      expect(readFileSync(join(dir, 'stderr'), 'utf8')).toMatch(said);
      expect(await committedFlags(dir)).toEqual([]);
    }
  });

  it('a --test that exits 1, or another code below 126, only means nothing to invoke', async () => {
    const dir = makeCharm({ 'reactive/no.sh': { content: '#!/bin/sh\nexit 3\n', mode: 0o755 } });
    expect(await runHook(dir, 'install')).toBeUndefined();
  });
});

describe("the hook agent and the charm's own packages", () => {
  it("answers with the charm's own copy of the package a request names, else the module it sends", async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const dir = makeCharm({});
    // makeCharm links the repository's node_modules: give the charm a package of its own beside it.
    const own = join(dir, 'own_modules');
    mkdirSync(join(own, 'answering-package'), { recursive: true });
    writeFileSync(join(own, 'answering-package', 'package.json'), '{"name": "answering-package", "main": "index.mjs"}');
    writeFileSync(join(own, 'answering-package', 'index.mjs'), "export function answerHandlerAgent() { return 'charm copy'; }\n");
    const { rmSync, symlinkSync } = await import('node:fs');
    rmSync(join(dir, 'node_modules'));
    symlinkSync(own, join(dir, 'node_modules'));
    const elsewhere = join(dir, 'elsewhere.mjs');
    writeFileSync(elsewhere, "export function answerHandlerAgent() { return 'client copy'; }\n");
    const saved = process.env.JUJU_CHARM_DIR;
    process.env.JUJU_CHARM_DIR = dir;
    const agent = await HandlerAgent.start();
    try {
      const ask = (request: unknown) => askAgent(agent.socketPath, request);
      expect(await ask({ module: elsewhere, package: 'answering-package', payload: {} })).toEqual({ reply: 'charm copy' });
      expect(await ask({ module: elsewhere, package: 'not-installed-here', payload: {} })).toEqual({ reply: 'client copy' });
      expect(await ask({ module: elsewhere, payload: {} })).toEqual({ reply: 'client copy' });
    } finally {
      await agent.close();
      if (saved === undefined) delete process.env.JUJU_CHARM_DIR;
      else process.env.JUJU_CHARM_DIR = saved;
    }
  });
});
