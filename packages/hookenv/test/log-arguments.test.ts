import { describe, expect, it } from 'vitest';
import { ProcessHookTools, ProcessToolRunner, type ToolResult, type ToolRunner } from '@reactive/hookenv';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

/** Linux's limit on one argument (MAX_ARG_STRLEN, 128 KiB with the NUL). */
const MAX_ARGUMENT_BYTES = 128 * 1024 - 1;
const bytes = (text: string) => Buffer.byteLength(text);
const longMessage = Array.from({ length: 10_000 }, (_, i) => `tracer: ++   queue handler reactive/chains.js:${i}:handler${i}`).join('\n');

/** The arguments of each juju-log call `message` becomes, through a runner that refuses calls over `limit` bytes. */
async function logged(message: string, limit = Infinity): Promise<{ calls: string[][]; refused: number }> {
  const runner = new RecordingRunner(limit);
  await new ProcessHookTools(runner).jujuLog(message);
  return { calls: runner.calls, refused: runner.refused };
}

describe('juju-log with a message too long for one argument', () => {
  it('keeps a message that fits in one argument whole', async () => {
    const fits = 'x'.repeat(MAX_ARGUMENT_BYTES);
    expect((await logged(fits)).calls).toEqual([['-l', 'INFO', fits]]);
  });

  it('sends one call whose arguments, cut at spaces, juju-log joins back into the message', async () => {
    const { calls } = await logged(longMessage);
    expect(calls).toHaveLength(1);
    const pieces = calls[0]!.slice(2);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => bytes(piece) <= MAX_ARGUMENT_BYTES)).toBe(true);
    expect(pieces.join(' ')).toBe(longMessage);
  });

  it('keeps runs of spaces where it cuts', async () => {
    const message = `${'a'.repeat(MAX_ARGUMENT_BYTES - 2)}      ${'b'.repeat(MAX_ARGUMENT_BYTES - 2)}`;
    const pieces = (await logged(message)).calls[0]!.slice(2);
    expect(pieces.every((piece) => bytes(piece) <= MAX_ARGUMENT_BYTES)).toBe(true);
    expect(pieces.join(' ')).toBe(message);
  });

  it('cuts a run without spaces at a character boundary, never inside a character', async () => {
    const message = 'é'.repeat(100_000) + '€'.repeat(100_000);
    const pieces = (await logged(message)).calls[0]!.slice(2);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => bytes(piece) <= MAX_ARGUMENT_BYTES && !piece.includes('\ufffd'))).toBe(true);
    expect(pieces.join('')).toBe(message);
  });

  it('protects the arguments from being read as options when one starts with "-"', async () => {
    const message = `${'a'.repeat(MAX_ARGUMENT_BYTES)} -l WARNING`;
    const { calls } = await logged(message);
    expect(calls[0]!.slice(0, 3)).toEqual(['-l', 'INFO', '--']);
    expect(calls[0]!.slice(3).join(' ')).toBe(message);
  });

  it('retries a call the system refuses as too big (E2BIG) in halves, sending every piece once', async () => {
    const { calls, refused } = await logged(longMessage, 300_000);
    expect(refused).toBeGreaterThan(0);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.map((args) => args.slice(2).join(' ')).join(' ')).toBe(longMessage);
  });

  it('reaches a real juju-log as one process', async () => {
    const fake = new FakeHookTools(tempDir()).add('juju-log');
    const savedPath = process.env.PATH;
    process.env.PATH = fake.path();
    try {
      await new ProcessHookTools().jujuLog(longMessage, 'DEBUG');
    } finally {
      process.env.PATH = savedPath;
    }
    const calls = fake.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args.slice(0, 2)).toEqual(['-l', 'DEBUG']);
    expect(calls[0]!.args.slice(2).join(' ')).toBe(longMessage);
  });

  it('an argument over the system limit comes back as E2BIG, not as a crash', async () => {
    const result = await new ProcessToolRunner().run('true', ['x'.repeat(MAX_ARGUMENT_BYTES + 1)]);
    expect(result).toMatchObject({ code: null, errorCode: 'E2BIG' });
  });
});

/** Accepts calls whose arguments take at most `limit` bytes, refuses the others with E2BIG. */
class RecordingRunner implements ToolRunner {
  readonly calls: string[][] = [];
  refused = 0;

  constructor(private readonly limit: number) {}

  async run(_tool: string, args: string[]): Promise<ToolResult> {
    if (args.reduce((sum, arg) => sum + bytes(arg) + 1, 0) > this.limit) {
      this.refused++;
      return { code: null, stdout: '', stderr: '', startError: 'spawn E2BIG', errorCode: 'E2BIG' };
    }
    this.calls.push(args);
    return { code: 0, stdout: '', stderr: '' };
  }

  runSync(): ToolResult {
    throw new Error('not used');
  }
}
