// reactive build warns about files of the handler folders that discovery
// leaves alone though they look meant as handlers (charms.reactive 1.5.2's rule).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASIC, workspace } from './fixtures/build/workspace.js';

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
