import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { exitWhenSupervisorGoes, failedToStart, loadConfig, watchSupervisor } from '@asb/core';
import { createApiApp } from './bootstrap';

async function main() {
  watchSupervisor();
  const config = loadConfig();
  const app = await createApiApp(config);
  const log = app.get(Logger);
  if (config.jwt.generated) {
    log.warn('JWT_SECRET is not set: tokens are signed with a random key and will not survive a restart');
  }
  exitWhenSupervisorGoes(app);
  await app.listen(config.port);
  log.log(`ASB API listening on http://127.0.0.1:${config.port} (docs at /docs)`);
}

main().catch((e) => failedToStart('api', e));
