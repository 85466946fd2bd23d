import 'reflect-metadata';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from '@asb/core/config/app-config';
import { createLogger, failedToStart } from '@asb/core/logging/logger';
import { setup } from './setup';
import { seedDemo } from './demo/seed-demo';
import { resetPasswordCommand } from './reset-password';
import { Supervisor } from './supervisor/supervisor';

/**
 * The operator's commands:
 *   setup  create the database if missing, migrate, load reference data, create the bootstrap admin
 *   start  setup, then run the API and the worker (restarted when one dies) until SIGTERM or SIGINT
 *   seed-demo --incidents N [--seed S]  setup, then load realistic demo data (apps/cli/src/demo)
 *   reset-password EMAIL  a temporary password for the account, to be changed at the next sign-in (apps/cli/src/reset-password.ts)
 */

function start(log: Logger): void {
  const dist = join(__dirname, '../../../..');
  new Supervisor(
    [
      { name: 'api', entry: join(dist, 'api/apps/api/src/main.js') },
      { name: 'worker', entry: join(dist, 'worker/apps/worker/src/main.js') },
    ],
    log,
  ).run();
}

let log = createLogger('cli');

async function main(): Promise<void> {
  const command = process.argv[2];
  const config = loadConfig();
  log = createLogger('cli', config.logLevel === 'silent' ? 'info' : config.logLevel, config.logFormat);
  const say = (s: string) => log.info(s.trim());
  if (command === 'setup') return setup(config, say);
  if (command === 'start') {
    await setup(config, say);
    return start(log);
  }
  if (command === 'seed-demo') {
    process.exitCode = await seedDemo(config, process.argv.slice(3));
    return;
  }
  if (command === 'reset-password') {
    process.exitCode = await resetPasswordCommand(config, process.argv.slice(3));
    return;
  }
  log.error('usage: main.js setup | start | seed-demo --incidents N [--seed S] | reset-password EMAIL');
  process.exit(2);
}

if (require.main === module) {
  main().catch((e) => failedToStart('cli', e));
}
