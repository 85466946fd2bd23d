import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AccessService } from './access/access.service';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './auth/auth.guard';
import { JwtStrategy } from './auth/jwt.strategy';
import { RateLimits } from './auth/rate-limits';
import { Clock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { ExternalRefsRepository } from './external-refs/external-refs.repository';
import { requestId } from './http/request-id';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { createValidationPipe } from './http/validation';
import { DependencyMonitor } from './health/dependency-monitor';
import { createProducerRedis, PRODUCER_REDIS } from './jobs/producer-redis';
import type Redis from 'ioredis';

/** Closes the API's Redis connection last: the queues sharing it do not. */
@Injectable()
class ProducerRedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PRODUCER_REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
import { errorForLog, logDestination, loggerOptions } from './logging/logger';

/** Everything cross-cutting the API needs: config, database, logs, auth, errors, validation, idempotency keys, audit, clock, external references. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    // One connection for every queue the API adds jobs to, failing fast while Redis is away (jobs/producer-redis.ts);
    // no version check, so a queue made while Redis is away has nothing to fail once it is back.
    const producerRedis = createProducerRedis(config.redisUrl);
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        LoggerModule.forRoot({
          pinoHttp: [{
            ...loggerOptions('api', config.logLevel),
            genReqId: requestId,
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.headers["set-cookie"]'], remove: true },
            serializers: {
              err: errorForLog,
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            // No made-up error with a stack on the line of a 5xx answer (pino-http's "failed with status code"): a 500's
            // real error is logged by the filter, and a dependency away is said once (DependencyMonitor), not per request.
            customErrorObject: (_req, res, error, val) => (error.message === `failed with status code ${res.statusCode}` ? { ...val, err: undefined } : val),
            customProps: (req) => {
              const user = (req as { user?: { id: string; organisationId: string } }).user;
              return user ? { actorId: user.id, organisationId: user.organisationId } : {};
            },
          }, logDestination(config.logFormat)],
        }),
        BullModule.forRoot({ prefix: config.queuePrefix, connection: producerRedis, skipVersionCheck: true }),
        PassportModule,
        JwtModule.register({ secret: config.jwt.secret, signOptions: { expiresIn: config.jwt.expiresInSeconds, algorithm: 'HS256' } }),
      ],
      providers: [
        JwtStrategy,
        RateLimits,
        AuditService,
        AccessService,
        Clock,
        ExternalRefsRepository,
        IdempotencyRepository,
        DependencyMonitor,
        { provide: PRODUCER_REDIS, useValue: producerRedis },
        ProducerRedisLifecycle,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [ConfigModule, JwtModule, RateLimits, AuditService, AccessService, Clock, ExternalRefsRepository, DependencyMonitor, PRODUCER_REDIS],
    };
  }
}
