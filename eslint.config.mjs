// The repository's linter (npm run lint, run by .ci/run): ESLint's and
// typescript-eslint's recommended rules over the sources, tests, scripts and
// benchmarks. Types are checked by tsc (tsconfig.tests.json for the tests).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/', '**/node_modules/', 'bench/.charms/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name`: a parameter or binding kept for its position or to leave it out of a rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `Function` here is an identity (WeakMap keys, a class's prototype chain,
      // a stack-trace boundary), never something called untyped.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  // CommonJS entries (the CLI's launcher) load with require().
  { files: ['**/*.cjs', '**/*.cts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests reach into objects whose shape the test itself arranged.
  { files: ['**/test/**', 'test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
