// reactive types: config.d.ts of a charm layer, through the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv } from './helpers.js';

function reactive(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv({}) });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('reactive types', () => {
  it("writes config.d.ts at the layer's root, typing each option of config.yaml", () => {
    const layer = tempDir();
    writeFileSync(join(layer, 'config.yaml'), 'options:\n  port: {type: int, default: 8080}\n');
    expect(reactive(['types'], layer)).toEqual({ status: 0, stdout: 'wrote config.d.ts\n', stderr: '' });
    expect(readFileSync(join(layer, 'config.d.ts'), 'utf8')).toContain('  interface CharmConfig {\n    port: number;\n  }\n');
  });

  it('fails with one line naming the file, line and option of a default of the wrong type, and writes nothing', () => {
    const work = tempDir();
    writeFileSync(join(work, 'config.yaml'), 'options:\n  port:\n    type: int\n    default: "80"\n');
    const result = reactive(['types', '.'], work);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`charms.reactive types: ${work}/config.yaml:4: option "port" is of type int, and its default "80" is not an int\n`);
    expect(existsSync(join(work, 'config.d.ts'))).toBe(false);
  });
});
