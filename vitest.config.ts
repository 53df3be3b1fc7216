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
    // `npm run coverage`: V8's coverage of the packages' bundles, mapped to
    // their TypeScript sources (with --enable-source-maps the bundles load as
    // files, not from the code cache). Hooks the tests start as processes are
    // not counted.
    coverage: {
      provider: 'v8',
      include: ['packages/*/dist/bundle-modules.cjs', 'packages/*/src/**'],
      reporter: ['text-summary', 'html'],
      reportsDirectory: 'coverage',
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
