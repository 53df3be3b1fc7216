// Which files of an npm package a built charm carries (runtime-files.ts).
import { describe, expect, it } from 'vitest';
import { keptOnUnit } from '@reactive/build';

describe('keptOnUnit', () => {
  it('drops documents, declarations, C sources and tests, and keeps code with the same names', () => {
    for (const rel of ['README.md', 'CHANGELOG', 'docs/api.md', 'test/a.js', 'index.d.ts', 'src/binding.cc', 'binding.gyp', 'dist/index.js.map']) {
      expect(keptOnUnit('some-package', rel), rel).toBe(false);
    }
    for (const rel of ['lib/history.js', 'security.js', 'dist/doc/directives.js', 'LICENSE', 'package.json', 'lib/test-helpers.js']) {
      expect(keptOnUnit('some-package', rel), rel).toBe(true);
    }
  });

  it("keeps the framework's bundles and their maps only, not a code cache, and lmdb's N-API glibc binary only", () => {
    expect(keptOnUnit('@reactive/bus', 'dist/bundle.js')).toBe(true);
    expect(keptOnUnit('@reactive/bus', 'dist/bundle-modules.cjs')).toBe(true);
    expect(keptOnUnit('@reactive/bus', 'dist/bundle-modules.cjs.map')).toBe(true);
    expect(keptOnUnit('@reactive/bus', 'dist/bundle-modules.cjs.v8cache')).toBe(false);
    expect(keptOnUnit('@reactive/bus', 'dist/dispatch.js')).toBe(false);
    expect(keptOnUnit('@reactive/cli', 'dist/bin.cjs')).toBe(true);
    expect(keptOnUnit('@lmdb/lmdb-linux-x64', 'node.napi.glibc.node')).toBe(true);
    expect(keptOnUnit('@lmdb/lmdb-linux-x64', 'node.abi115.glibc.node')).toBe(false);
    expect(keptOnUnit('@lmdb/lmdb-linux-x64', 'node.napi.musl.node')).toBe(false);
  });
});
