/**
 * Unit tests sit beside the rules (libs/**, apps/**); end-to-end tests in test/
 * run against real PostgreSQL and Redis.
 *
 * Nest 12 and a few other dependencies ship as ES modules only. The service
 * loads them with Node's require(esm); Jest does not use require(esm), so they are
 * transpiled to CommonJS for the tests like our own TypeScript.
 */
const ESM_ONLY = ['@nestjs', 'date-fns', '@date-fns', 'nodemailer'];
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }];
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.[tj]s$': tsJest },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^@asb/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@asb/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testEnvironment: 'node',
};
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // End-to-end tests start processes and wait for jobs and e-mail: a generous limit, never a speed assertion.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 30000,
    },
  ],
};
