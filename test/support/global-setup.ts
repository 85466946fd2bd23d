import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.json';
import { ADMIN_EMAIL, ADMIN_PASSWORD, databaseUrl, templateDb, withServer } from './databases';

/**
 * Once per run: a template database migrated, seeded with the LLR reference
 * data and the bootstrap admin, exactly as `npm start` sets one up. Each test
 * file copies it into its own fresh database (test/support/test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(join(__dirname, '../../dist/api/apps/api/src/main.js'))) {
    throw new Error('End-to-end tests run the built service: run `npm run build` first (npm test does)');
  }
  // Jest's moduleNameMapper does not reach globalSetup: resolve @asb/* here.
  register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('@asb/core/config/app-config') as typeof import('@asb/core/config/app-config');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setup } = require('../../apps/cli/src/setup') as typeof import('../../apps/cli/src/setup');
  process.env.ASB_TEST_RUN = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
  await withServer((c) => c.query(`DROP DATABASE IF EXISTS "${templateDb()}"`));
  const config = loadConfig({
    DATABASE_URL: databaseUrl(templateDb()),
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SEED_REFERENCE_DATA: 'llr',
  });
  await setup(config, () => undefined);
}
