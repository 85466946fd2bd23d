import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig, bullConnection, DependencyMonitor, describeUnreachable, queueSignals, SchedulerId, SCHEDULERS, unreachableDependency } from '@asb/core';
import { NotificationJobs } from '@asb/notifications';
import { ComplianceTallies } from '@asb/reports';

/**
 * The job schedulers (SCHEDULERS in libs/core/src/jobs/queues.ts), declared at
 * every start so a changed cron or time zone takes effect, and kept: Redis
 * runs without persistence, so a restart of Redis loses them. Whenever the
 * worker's connection to Redis is re-established, and every
 * SCHEDULE_CHECK_SECONDS, the missing ones are declared again (upsert, so it
 * is idempotent), with one log line saying which.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Schedules.name);
  /** One declaration per scheduler: the type makes a scheduler without one a compile error. */
  private readonly declarations: Record<SchedulerId, { declare: () => Promise<void>; what: string }> = {
    [SchedulerId.WeeklyMissingRiskAssessments]: {
      declare: () => this.notifications.scheduleWeeklyMissingRiskAssessments(),
      what: 'weekly missing-risk-assessment e-mail',
    },
    [SchedulerId.DailyReviewReminders]: { declare: () => this.notifications.scheduleDailyReviewReminders(), what: 'daily supervisory-review reminder' },
    [SchedulerId.ComplianceTalliesCompact]: { declare: () => this.complianceTallies.schedule(), what: 'compliance tallies compaction (every minute)' },
  };
  private watcher?: Redis;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private connectedBefore = false;
  private stopped = false;

  constructor(
    private readonly notifications: NotificationJobs,
    private readonly complianceTallies: ComplianceTallies,
    private readonly moduleRef: ModuleRef,
    private readonly dependencies: DependencyMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.watch();
    this.timer = setInterval(() => this.keep('periodic check'), this.config.schedules.checkIntervalSeconds * 1000);
    this.timer.unref();
    // Awaited, so a schedule BullMQ refuses (a cron it cannot read) stops the worker at start; with Redis away,
    // this waits for it. A check due meanwhile joins this run instead of declaring the same schedulers again.
    const declaring = this.declareAll();
    this.running = declaring.catch(() => undefined).finally(() => (this.running = undefined));
    await declaring;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.watcher?.disconnect();
  }

  /** Declares the missing schedulers again; what /health/ready checks too. Resolves when done (or when a run under way is). */
  keep(reason: string): Promise<void> {
    return this.run(() => this.declareMissing(reason));
  }

  private run(task: () => Promise<void>): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = task()
      .catch((e) => {
        const dependency = unreachableDependency(e, 'redis');
        if (dependency) this.dependencies.reportDown(dependency, e);
        else this.logger.error({ reason: describeUnreachable(e) }, `job schedulers could not be checked: ${describeUnreachable(e)}`);
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async declareAll(): Promise<void> {
    for (const { declare, what } of Object.values(this.declarations)) {
      await declare();
      this.logger.log(`${what} scheduled`);
    }
  }

  private async declareMissing(reason: string): Promise<void> {
    const missing: SchedulerId[] = [];
    for (const id of Object.values(SchedulerId)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(SCHEDULERS[id].queue), { strict: false });
      if (!(await queue.getJobScheduler(id))) missing.push(id);
    }
    if (!missing.length || this.stopped) return;
    for (const id of missing) await this.declarations[id].declare();
    this.logger.warn({ schedulers: missing, reason }, `job schedulers missing from Redis declared again (${reason}): ${missing.join(', ')}`);
  }

  /**
   * The worker's own connection to Redis for noticing a reconnect: its 'ready'
   * after the first is the moment Redis is back, perhaps restarted empty. Its
   * errors and readiness also tell the DependencyMonitor (one log line each way).
   */
  private watch(): void {
    const { connection } = bullConnection(this.config.redisUrl, this.config.queuePrefix);
    this.watcher = new Redis({ ...connection, connectionName: `${this.config.queuePrefix}:schedules`, retryStrategy: (times) => Math.min(500 * times, 5000) });
    this.watcher.on('error', (e) => queueSignals.error(e, 'redis (worker)'));
    this.watcher.on('ready', () => {
      queueSignals.ready('redis (worker)');
      if (this.connectedBefore) void this.keep('the connection to Redis was re-established');
      this.connectedBefore = true;
    });
  }
}
