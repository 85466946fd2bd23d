import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Dependency, describeUnreachable, unreachableDependency } from '../errors/unreachable';
import { listenToQueueSignals } from '../jobs/observed-bullmq';
import { pingRedis } from './redis-ping';

const NAMES: Record<Dependency, string> = { postgres: 'PostgreSQL', redis: 'Redis' };
/** While a dependency is away, it is tried this often, so the line saying it is back comes within seconds. */
const PROBE_EVERY_MS = 2000;
const PROBE_TIMEOUT_MS = 2000;

/**
 * Says it once: one warning when PostgreSQL or Redis becomes unreachable (the
 * first error that says so, from a request, a job or a connection), then
 * nothing more however many requests fail, and one line when it answers again
 * (its own probe, every 2 s while it is away, or a connection's 'ready').
 * It also hears every BullMQ queue, worker and Redis connection (QueueSignals),
 * so their errors are one line each, never a stack trace per retry.
 */
@Injectable()
export class DependencyMonitor implements OnApplicationShutdown {
  private readonly logger = new Logger('Dependencies');
  private readonly downSince = new Map<Dependency, number>();
  private readonly probes = new Map<Dependency, NodeJS.Timeout>();
  private readonly verifying = new Set<Dependency>();
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    listenToQueueSignals({
      error: (error, source) => {
        const dependency = unreachableDependency(error, 'redis');
        if (dependency) this.reportDown(dependency, error);
        else this.logger.error({ source, reason: describeUnreachable(error) }, `${source}: ${describeUnreachable(error)}`);
      },
      // A job's socket error may be PostgreSQL's or another server's (SMTP): said only if PostgreSQL does not answer now.
      failed: (error) => {
        const dependency = unreachableDependency(error, 'postgres');
        if (dependency) void this.verifyDown(dependency, error);
      },
      ready: () => this.reportUp('redis'),
    });
  }

  isDown(dependency: Dependency): boolean {
    return this.downSince.has(dependency);
  }

  /** An error that says `dependency` cannot be reached (unreachableDependency). */
  reportDown(dependency: Dependency, error: unknown): void {
    if (this.downSince.has(dependency) || this.stopped) return;
    this.downSince.set(dependency, Date.now());
    const reason = describeUnreachable(error);
    this.logger.warn(
      { dependency, reason },
      `${NAMES[dependency]} is not reachable (${reason}); what needs it fails until it is back (503 UNAVAILABLE in the API, jobs retried in the worker)`,
    );
    this.scheduleProbe(dependency);
  }

  /** An error that may say `dependency` is away: reported if it does not answer a probe now. */
  async verifyDown(dependency: Dependency, error: unknown): Promise<void> {
    if (this.downSince.has(dependency) || this.verifying.has(dependency) || this.stopped) return;
    this.verifying.add(dependency);
    try {
      if (!(await this.answers(dependency))) this.reportDown(dependency, error);
    } finally {
      this.verifying.delete(dependency);
    }
  }

  /** `dependency` answered again: one line, if it had been reported away. */
  reportUp(dependency: Dependency): void {
    const since = this.downSince.get(dependency);
    if (since === undefined) return;
    this.downSince.delete(dependency);
    clearTimeout(this.probes.get(dependency));
    this.probes.delete(dependency);
    const seconds = Math.round((Date.now() - since) / 1000);
    this.logger.log({ dependency, downSeconds: seconds }, `${NAMES[dependency]} is reachable again (after about ${seconds} s)`);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    listenToQueueSignals(undefined);
    for (const timer of this.probes.values()) clearTimeout(timer);
    this.probes.clear();
  }

  private scheduleProbe(dependency: Dependency): void {
    const timer = setTimeout(async () => {
      if (this.stopped || !this.downSince.has(dependency)) return;
      if (await this.answers(dependency)) this.reportUp(dependency);
      else if (this.downSince.has(dependency)) this.scheduleProbe(dependency);
    }, PROBE_EVERY_MS);
    timer.unref();
    this.probes.set(dependency, timer);
  }

  private async answers(dependency: Dependency): Promise<boolean> {
    if (dependency === 'redis') return pingRedis(this.config.redisUrl, PROBE_TIMEOUT_MS);
    try {
      await this.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
