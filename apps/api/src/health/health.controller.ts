import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig, DomainError, Public } from '@asb/core';
import Redis from 'ioredis';

const TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
   */
  @Public()
  @Get('ready')
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE: details name postgres and/or redis' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('postgres', { timeout: TIMEOUT_MS }), () => this.redis()]);
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
    const client = new Redis(this.config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: TIMEOUT_MS,
      commandTimeout: TIMEOUT_MS,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined); // reported below, not as an unhandled 'error' event
    try {
      await client.connect();
      await client.ping();
      return check.up();
    } catch {
      return check.down();
    } finally {
      client.disconnect();
    }
  }
}
