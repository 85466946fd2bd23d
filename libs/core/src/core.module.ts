import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AccessService } from './access/access.service';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './auth/auth.guard';
import { JwtStrategy } from './auth/jwt.strategy';
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
import { bullConnection } from './jobs/queues';
import { logDestination, loggerOptions } from './logging/logger';

/** Everything cross-cutting the API needs: config, database, logs, auth, errors, validation, idempotency keys, audit, clock, external references. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
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
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            customProps: (req) => {
              const user = (req as { user?: { id: string; organisationId: string } }).user;
              return user ? { actorId: user.id, organisationId: user.organisationId } : {};
            },
          }, logDestination(config.logFormat)],
        }),
        BullModule.forRoot(bullConnection(config.redisUrl, config.queuePrefix)),
        PassportModule,
        JwtModule.register({ secret: config.jwt.secret, signOptions: { expiresIn: config.jwt.expiresInSeconds, algorithm: 'HS256' } }),
      ],
      providers: [
        JwtStrategy,
        AuditService,
        AccessService,
        Clock,
        ExternalRefsRepository,
        IdempotencyRepository,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [ConfigModule, JwtModule, AuditService, AccessService, Clock, ExternalRefsRepository],
    };
  }
}
