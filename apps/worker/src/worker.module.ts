import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, bullConnection, ConfigModule, dataSourceOptions, QueueName } from '@asb/core';
import { NotificationsProcessor } from './notifications.processor';

/** The worker: BullMQ processors and job schedulers only, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, { poolSize: 5 })),
        BullModule.forRoot(bullConnection(config.redisUrl, config.queuePrefix)),
        BullModule.registerQueue({ name: QueueName.Notifications }),
      ],
      providers: [NotificationsProcessor],
    };
  }
}
