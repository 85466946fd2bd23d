import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitWhenSupervisorGoes, failedToStart, loadConfig, watchSupervisor } from '@asb/core';
import { WorkerModule } from './worker.module';

async function main() {
  watchSupervisor();
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  exitWhenSupervisorGoes(app);
  app.get(Logger).log(`ASB worker running (queue prefix "${config.queuePrefix}")`);
}

main().catch((e) => failedToStart('worker', e));
