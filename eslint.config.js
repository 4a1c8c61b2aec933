// The TypeScript lint: the recommended rules, plus the type-aware ones that
// catch what bites an orchestrator: a promise nobody awaits or handles, a
// promise passed where a callback is expected, and code nothing uses.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'results/', 'pkgs/**/build/', 'roots/', 'nix/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['ts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    // pkgs: the components' own TypeScript (project extensions).
    files: ['ts/**/*.ts', 'pkgs/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // tap runs and awaits a top-level t.test itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: '@tapjs/core', name: 'test' },
            { from: 'package', package: '@tapjs/test', name: 'test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
)
