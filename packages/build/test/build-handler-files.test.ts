// reactive build warns about files of the handler folders that discovery
// leaves alone though they look meant as handlers (charms.reactive 1.5.2's rule).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASIC, type Files, workspace } from './fixtures/build/workspace.js';

describe('reactive build: files in handler folders that are not handlers', () => {
  it('warns once for each, naming the layer file; says nothing of handlers, declarations and documents', async () => {
    const ws = workspace();
    ws.layer('test-base', BASIC);
    ws.charm({
      'layer.yaml': 'includes: [layer:test-base]\n',
      'metadata.yaml': 'name: demo\n',
      'reactive/demo.ts': 'export {};\n',
      'reactive/types.d.ts': 'export {};\n',
      'reactive/README.md': '# handlers\n',
      'reactive/ok': { content: '#!/bin/sh\nexit 0\n', mode: 0o755 },
      'reactive/no-shebang': { content: 'exit 0\n', mode: 0o755 },
      'reactive/script.bash': { content: '#!/bin/bash\nexit 0\n', mode: 0o755 },
      'reactive/not-executable.sh': { content: '#!/bin/sh\nexit 0\n', mode: 0o644 },
      'reactive/handlers.py': 'from charms.reactive import when\n',
    });
    const lines: string[] = [];
    await ws.build({ vendor: false, log: (line) => lines.push(line) });
    const charm = join(ws.root, 'demo', 'reactive');
    expect(lines.filter((line) => line.startsWith('warning: ') && line.includes(charm))).toEqual([
      `warning: ${charm}/handlers.py is a Python module, which only the Python library imports: port it to TypeScript or JavaScript`,
      `warning: ${charm}/no-shebang is executable but has no #! line, so charms.reactive does not run it: add one (#!/bin/bash, say)`,
      `warning: ${charm}/not-executable.sh has a #! line but is not executable: chmod +x it to make it a handler`,
      `warning: ${charm}/script.bash is executable, but charms.reactive runs only executables named with no extension or .sh (not .bash): rename it`,
    ]);
  });
});

// Each row of charms.reactive 1.5.2's rule (bus.py's _is_external_handler) in the
// built charm's handler list: a charm with an external handler depends on the CLI.
describe("reactive build: the handler list follows charms.reactive 1.5.2's rule", () => {
  const SHEBANG = '#!/bin/sh\nexit 0\n';
  const BINARY = Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0xff, 0, 0, 2]);

  async function dependsOnCli(texts: Files, binaries: Record<string, Buffer> = {}): Promise<{ cli: boolean; warnings: string[] }> {
    const ws = workspace();
    ws.layer('test-base', BASIC);
    const charm = ws.charm({ 'layer.yaml': 'includes: [layer:test-base]\n', 'metadata.yaml': 'name: demo\n', ...texts });
    for (const [path, content] of Object.entries(binaries)) {
      mkdirSync(dirname(join(charm, path)), { recursive: true });
      writeFileSync(join(charm, path), content);
      chmodSync(join(charm, path), 0o755);
    }
    const lines: string[] = [];
    await ws.build({ vendor: false, log: (line) => lines.push(line) });
    const dependencies = (JSON.parse(readFileSync(join(ws.out, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
    const warnings = lines.filter((line) => line.startsWith(`warning: ${charm}/`)).map((line) => line.slice(`warning: ${charm}/`.length));
    return { cli: '@reactive/cli' in dependencies, warnings };
  }

  it('lists none of the executables 1.5.2 ignores: text without #!, .bash, .sh without #!, a binary with an extension, .SH', async () => {
    const built = await dependsOnCli(
      {
        'reactive/no-shebang': { content: 'exit 0\n', mode: 0o755 },
        'reactive/script.bash': { content: SHEBANG, mode: 0o755 },
        'reactive/no-shebang.sh': { content: 'exit 0\n', mode: 0o755 },
        'reactive/upper.SH': { content: SHEBANG, mode: 0o755 },
      },
      { 'reactive/tool.bin': BINARY },
    );
    expect(built).toEqual({
      cli: false,
      warnings: [
        'reactive/no-shebang is executable but has no #! line, so charms.reactive does not run it: add one (#!/bin/bash, say)',
        'reactive/no-shebang.sh is executable but has no #! line, so charms.reactive does not run it: add one (#!/bin/bash, say)',
        'reactive/script.bash is executable, but charms.reactive runs only executables named with no extension or .sh (not .bash): rename it',
        'reactive/tool.bin is executable, but charms.reactive runs only executables named with no extension or .sh (not .bin): rename it',
        'reactive/upper.SH is executable, but charms.reactive runs only executables named with no extension or .sh (not .SH): rename it',
      ],
    });
  });

  it.each([
    ['a binary without extension, even one this machine cannot run', {}, { 'reactive/tool': BINARY }],
    ['a #! script named like a document 1.5.2 used to skip', { 'reactive/check-license': { content: SHEBANG, mode: 0o755 } }, {}],
  ])('lists %s', async (_, texts: Files, binaries: Record<string, Buffer>) => {
    expect(await dependsOnCli(texts, binaries)).toEqual({ cli: true, warnings: [] });
  });
});
