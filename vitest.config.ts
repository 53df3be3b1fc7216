import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'examples/test/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // The packages are tested as built, and loaded by Node itself: charm
    // modules that main() imports must share their module instances and keep
    // their own line numbers.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//, /\/node_modules\//] } },
    // The JSON report is what .ci/run counts.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
