// Every code block of this package's README runs as written, in a folder laid
// out as a reader's project: the repository's `examples` and `node_modules`
// linked in, the model file block saved as model.yaml (the name the simulator
// block loads), each TypeScript block run as a module (they carry no types).
// The install block (sh) is the outside-repo test's: it needs the packages'
// tarballs. Output samples (blocks without a language) are not code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownBlocks } from '../../../test-fixtures/markdown-blocks.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const repo = join(import.meta.dirname, '..', '..', '..');
const examples = join(repo, 'examples');
const blocks = markdownBlocks(readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8'));

/** Every path under the example charms the blocks use: a file written there would show. */
function exampleFiles(): string[] {
  return ['my-app', 'tiny-db', 'web', 'ca']
    .flatMap((charm) => readdirSync(join(examples, charm), { recursive: true }).map((path) => `${charm}/${String(path)}`))
    .sort();
}

describe('the README', () => {
  it('has an install command, the Harness, state-in/state-out and simulator examples, a model file and an output sample', () => {
    expect(blocks.map((b) => b.lang)).toEqual(['sh', 'ts', 'ts', 'ts', 'yaml', '']);
  });

  it('runs each TypeScript block as written, the simulator on the model file block, writing nothing into the example charms', () => {
    const dir = tempDir();
    symlinkSync(examples, join(dir, 'examples'));
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'model.yaml'), blocks.find((b) => b.lang === 'yaml')!.code);
    const before = exampleFiles();
    for (const [n, { code }] of blocks.filter((b) => b.lang === 'ts').entries()) {
      writeFileSync(join(dir, `block-${n}.mjs`), code);
      const run = spawnSync(process.execPath, [`block-${n}.mjs`], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
      expect(run.stderr, `block ${n}:\n${code}`).toBe('');
      expect(run.status, `block ${n}:\n${code}\n${run.stdout}`).toBe(0);
    }
    expect(existsSync(join(dir, '.sim', 'model.json'))).toBe(true);
    expect(readFileSync(join(dir, '.sim', 'charms', 'my-app', 'metadata.yaml'), 'utf8')).toContain('name: my-app');
    expect(exampleFiles()).toEqual(before);
  }, 300_000);
});
