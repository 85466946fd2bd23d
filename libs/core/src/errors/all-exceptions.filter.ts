import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DependencyMonitor } from '../health/dependency-monitor';
import { DomainError, ERROR_STATUS, ErrorCode, ErrorDetail } from './domain-error';
import { RETRY_AFTER_SECONDS, unreachableDependency } from './unreachable';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  requestId?: string;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/**
 * The one place errors become answers: DomainError by its code, Nest's HTTP
 * exceptions by their status, PostgreSQL's unique violations as 409, a
 * dependency that cannot be reached (errors/unreachable.ts) as 503 with
 * Retry-After, said once in the log, and anything else as a 500 that says
 * nothing of the internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() private readonly dependencies?: DependencyMonitor) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const requestId = req?.id ? String(req.id) : undefined;
    const away = exception instanceof DomainError || exception instanceof HttpException ? undefined : unreachableDependency(exception);
    if (away) this.dependencies?.reportDown(away, exception);
    const body = away ? unavailable(away, requestId) : withDetails(this.toBody(exception, requestId));
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error({ err: exception, requestId }, 'Unhandled error');
    }
    if (res.headersSent) return;
    if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (body.statusCode === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId?: string): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details, requestId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      let message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      if (Array.isArray(message)) message = message.join('; ');
      if (status === 400 && /JSON/i.test(String(message))) {
        return { statusCode: 400, code, message: 'The request body is not valid JSON', details: [{ field: 'body', message: 'The request body is not valid JSON' }], requestId };
      }
      if (status >= 500) message = 'Something went wrong';
      return { statusCode: status, code, message: String(message), requestId };
    }
    if (exception instanceof QueryFailedError) {
      const pg = exception.driverError as { code?: string; constraint?: string };
      if (pg?.code === '23505') {
        return { statusCode: 409, code: 'CONFLICT', message: 'A record with these values already exists', details: pg.constraint ? [{ message: `unique: ${pg.constraint}` }] : undefined, requestId };
      }
      if (pg?.code === '23503') {
        return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A referenced record does not exist', requestId };
      }
      if (pg?.code === '22P02' || pg?.code === '22007' || pg?.code === '22008' || pg?.code === '22003') {
        return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A value is not valid', requestId };
      }
      // 22021: a NUL character (\u0000) in text, which PostgreSQL cannot store; 22P05: untranslatable character.
      if (pg?.code === '22021' || pg?.code === '22P05') {
        return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A text value contains a character that cannot be stored (such as \\u0000)', requestId };
      }
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Something went wrong; quote the request id to support', requestId };
  }
}

function unavailable(dependency: 'postgres' | 'redis', requestId?: string): ErrorBody {
  const what = dependency === 'postgres' ? 'The database' : 'The job queue (Redis)';
  return { statusCode: 503, code: 'UNAVAILABLE', message: `${what} is not reachable; try again shortly`, requestId };
}

/** Every 400 names what is wrong in `details` (API.md "Conventions"), even when only the message knows. */
function withDetails(body: ErrorBody): ErrorBody {
  if (body.statusCode !== 400 || body.details?.length) return body;
  return { ...body, details: [{ message: body.message }], requestId: body.requestId };
}

export { ERROR_STATUS };
