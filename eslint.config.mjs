// @ts-check
/**
 * Lint: ESLint 9 flat config with typescript-eslint's recommended rules (not
 * the type-checked set, to stay fast). `npm run lint` allows no warnings.
 * The project rules below are the habits of shared/STYLE.md that a linter can see.
 */
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'var/', 'node_modules/', 'bench/results/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
      // Config is read and validated once (libs/core/src/config); everything else takes an AppConfig.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig (libs/core/src/config), not process.env.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='synchronize'][value.value=true]", message: 'No synchronize: schema changes are migrations.' },
      ],
    },
  },
  {
    // Where reading the environment is the point: the config loader, the CLI passing it on to the
    // API and worker it starts, and the test harness.
    files: ['libs/core/src/config/**/*.ts', 'apps/cli/src/main.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Unit tests run without Nest (Jest cannot load Nest 12's ES modules): import pure files directly.
    files: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'Unit tests must not load Nest; test the pure rule.' },
            { regex: '^@asb/[a-z-]+$', message: 'Import the pure file (e.g. @asb/core/jobs/queues), not a lib index that pulls in Nest.' },
          ],
        },
      ],
    },
  },
);
