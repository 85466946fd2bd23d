import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueName, SCHEDULERS } from '@asb/core';
import { HealthController } from './health.controller';

/** The queues holding the job schedulers, read (never added to) by the readiness check. */
const SCHEDULER_QUEUES = [...new Set(Object.values(SCHEDULERS).map((s) => s.queue))] as QueueName[];

@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' }), BullModule.registerQueue(...SCHEDULER_QUEUES.map((name) => ({ name })))],
  controllers: [HealthController],
})
export class HealthModule {}
