import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, DomainError, pingRedis, PRODUCER_REDIS, Public, SchedulerId, SCHEDULERS } from '@asb/core';

const TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PRODUCER_REDIS) private readonly producerRedis: Redis,
  ) {}

  /** The process is up. */
  @Public()
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL and Redis both answer. Otherwise 503 UNAVAILABLE in the error
   * shape of API.md, with one `details` entry per dependency that failed
   * (`field` is `postgres` or `redis`).
   *
   * When Redis answers, also whether the worker's job schedulers exist: if
   * any is missing (Redis restarted empty and the worker not running to
   * declare them again), still 200, since the API itself serves, but
   * `status: "degraded"` and `info.schedules.missing` lists them.
   */
  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'status "ok", or "degraded" with info.schedules.missing naming the job schedulers missing from Redis' })
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE: details name postgres and/or redis' })
  async ready(): Promise<HealthCheckResult> {
    const redis = this.redis();
    try {
      return await this.health.check([
        () => this.database.pingCheck('postgres', { timeout: TIMEOUT_MS }),
        () => redis,
        async () => ((await redis).redis?.status === 'up' ? this.schedules() : {}),
      ]);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const result = e.getResponse() as Partial<HealthCheckResult>;
      const failed = Object.keys(result.error ?? {}).sort();
      // The drivers' own reasons stay out of this public answer: they name hosts and ports.
      throw new DomainError(
        'UNAVAILABLE',
        failed.length ? `Not ready: ${failed.join(', ')} did not answer` : 'Not ready',
        failed.map((name) => ({ field: name, message: `${name} is not answering` })),
      );
    }
  }

  private async redis() {
    const check = this.indicator.check('redis');
    return (await pingRedis(this.config.redisUrl, TIMEOUT_MS)) ? check.up() : check.down();
  }

  /** The schedulers of SCHEDULERS missing from Redis; nothing when that cannot be told (the redis check says why). */
  private async schedules(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('schedules');
    if (this.producerRedis.status !== 'ready') return {};
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), TIMEOUT_MS)));
    try {
      const missing = await Promise.race([this.missingSchedulers(), timeout]);
      if (!missing) return {};
      return missing.length ? check.degraded({ missing, message: `job schedulers missing from Redis: ${missing.join(', ')}; the worker declares them again when it runs` }) : check.up();
    } catch {
      return {};
    } finally {
      clearTimeout(timer);
    }
  }

  private async missingSchedulers(): Promise<SchedulerId[]> {
    const ids = Object.values(SchedulerId);
    const found = await Promise.all(ids.map((id) => this.moduleRef.get<Queue>(getQueueToken(SCHEDULERS[id].queue), { strict: false }).getJobScheduler(id)));
    return ids.filter((_, i) => !found[i]);
  }
}
