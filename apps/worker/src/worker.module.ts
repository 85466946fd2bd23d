import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, bullConnection, Clock, ConfigModule, dataSourceOptions, DependencyMonitor, logDestination, loggerOptions, QueueName } from '@asb/core';
import { ImportsWorkerModule } from '@asb/imports';
import { NotificationsWorkerModule } from '@asb/notifications';
import { ReportsWorkerModule } from '@asb/reports';
import { ImportsProcessor } from './imports.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { NotificationsProcessor } from './notifications.processor';
import { Schedules } from './schedules';

/** One processor per queue; the type makes a queue without a processor a compile error. */
const PROCESSORS: Record<QueueName, Type> = {
  [QueueName.Notifications]: NotificationsProcessor,
  [QueueName.Imports]: ImportsProcessor,
  [QueueName.Maintenance]: MaintenanceProcessor,
};

/** The worker: BullMQ processors and job schedulers only, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const queues = Object.keys(PROCESSORS) as QueueName[];
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: [loggerOptions('worker', config.logLevel), logDestination(config.logFormat)] }),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, { poolSize: 5 })),
        BullModule.forRoot(bullConnection(config.redisUrl, config.queuePrefix)),
        BullModule.registerQueue(...queues.map((name) => ({ name }))),
        NotificationsWorkerModule,
        ImportsWorkerModule,
        ReportsWorkerModule,
      ],
      providers: [Clock, DependencyMonitor, Schedules, ...Object.values(PROCESSORS)],
    };
  }
}
