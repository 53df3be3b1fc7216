// Which files of the handler folders are handlers: charms.reactive 1.5.2's
// rule (shared/spec/layers.md C3.4), and a warning for what looks meant as one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyHandlerFile, discover, ExternalHandler, Handler } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

const SHEBANG = '#!/bin/sh\necho hi\n';
const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe, 0x00]);

describe('classifyHandlerFile', () => {
  it.each(
    (
      [
        ['reactive/a.js', 0o644, '', 'module', undefined],
        ['reactive/a.mts', 0o644, '', 'typescript', undefined],
        ['reactive/a.d.ts', 0o644, '', 'ignored', undefined],
        ['reactive/run', 0o755, SHEBANG, 'external', undefined],
        ['reactive/run.sh', 0o755, SHEBANG, 'external', undefined],
        ['reactive/tool', 0o755, BINARY, 'external', undefined],
        ['reactive/run', 0o755, 'echo no shebang\n', 'ignored', 'is executable but has no #! line'],
        ['reactive/run.sh', 0o755, 'echo no shebang\n', 'ignored', 'is executable but has no #! line'],
        ['reactive/run.bash', 0o755, SHEBANG, 'ignored', 'runs only executables named with no extension or .sh (not .bash)'],
        ['reactive/tool.bin', 0o755, BINARY, 'ignored', 'runs only executables named with no extension or .sh (not .bin)'],
        ['reactive/run', 0o644, SHEBANG, 'ignored', 'has a #! line but is not executable'],
        ['reactive/handlers.py', 0o644, '', 'ignored', 'is a Python module'],
        ['reactive/view.tsx', 0o644, '', 'ignored', 'is .tsx, which neither reactive build nor Node compiles'],
        ['hooks/relations/pgsql/requires.py', 0o644, '', 'ignored', undefined],
        ['reactive/run.SH', 0o755, SHEBANG, 'ignored', 'runs only executables named with no extension or .sh (not .SH)'],
        ['reactive/..run', 0o755, SHEBANG, 'external', undefined],
        ['reactive/check-license', 0o755, SHEBANG, 'external', undefined],
        ['reactive/Makefile', 0o755, BINARY, 'external', undefined],
        ['reactive/LICENSE', 0o755, 'text', 'ignored', undefined],
        ['reactive/README.md', 0o755, 'text', 'ignored', undefined],
        ['reactive/data.json', 0o644, '{}', 'ignored', undefined],
      ] as const
    ).map(([path, mode, head, kind, warning]) => ({ path, mode, octal: mode.toString(8), head, kind, warning })),
  )('$path (mode $octal) is $kind', ({ path, mode, head, kind, warning }) => {
    const result = classifyHandlerFile(path, mode, () => Buffer.from(head));
    expect(result.kind).toBe(kind);
    const said = 'warning' in result ? result.warning : undefined;
    if (warning === undefined) expect(said).toBeUndefined();
    else expect(said).toContain(warning);
  });

  it('takes a character cut at byte 1024 as not UTF-8, as Python decoding the first 1024 bytes does', () => {
    const text = Buffer.concat([Buffer.from('x'.repeat(1023)), Buffer.from('é')]).subarray(0, 1024);
    expect(classifyHandlerFile('reactive/run', 0o755, () => text).kind).toBe('external');
  });
});

describe('discovery follows 1.5.2', () => {
  it('registers only the executables 1.5.2 runs', async () => {
    const dir = makeCharm({
      'reactive/with-shebang': { content: SHEBANG, mode: 0o755 },
      'reactive/no-shebang': { content: 'echo hi\n', mode: 0o755 },
      'reactive/no-shebang.sh': { content: 'echo hi\n', mode: 0o755 },
      'reactive/script.bash': { content: SHEBANG, mode: 0o755 },
      'reactive/script.SH': { content: SHEBANG, mode: 0o755 },
      'reactive/not-executable.sh': { content: SHEBANG, mode: 0o644 },
      'reactive/tool.bin': { content: BINARY, mode: 0o755 },
      'reactive/not-elf': { content: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0xff]), mode: 0o755 },
      'reactive/check-license': { content: SHEBANG, mode: 0o755 },
    });
    Handler.clear();
    await discover(dir, { reload: true });
    const external = Handler.getHandlers().filter((handler): handler is ExternalHandler => handler instanceof ExternalHandler);
    expect(external.map((handler) => handler.path)).toEqual(
      ['reactive/check-license', 'reactive/not-elf', 'reactive/with-shebang'].map((path) => join(dir, path)),
    );
  });
});
