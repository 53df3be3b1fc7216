import { configDefaults, defineConfig } from 'vitest/config';

const TESTS = ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'examples/test/**/*.test.ts', 'test/**/*.test.ts'];
// Minutes on 2 cores, left out by `npm run test:fast` (vitest run --project
// fast): the crash fuzzes (SIGKILLed hooks and store commits, hundreds of
// processes), the README's route outside the repository and the tutorial
// (npm installs).
const LONG = ['test/crash-fuzz.test.ts', 'packages/hookenv/test/unit-state-crash.test.ts', 'test/outside-repo.test.ts', 'test/tutorial.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'fast', include: TESTS, exclude: [...configDefaults.exclude, ...LONG] } },
      { extends: true, test: { name: 'long', include: LONG } },
    ],
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
