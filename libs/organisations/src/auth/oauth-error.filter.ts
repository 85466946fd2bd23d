import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllExceptionsFilter } from '@asb/core';

const OAUTH_ERROR_BY_STATUS: Record<number, string> = { 400: 'invalid_request', 401: 'invalid_client', 429: 'temporarily_unavailable', 503: 'temporarily_unavailable' };

/**
 * The token endpoint's errors in the shape of RFC 6749 section 5.2
 * (`{ "error": "invalid_client", "error_description": ... }`, API.md
 * "Authentication"), beside the service's own error fields, so a client of
 * either shape reads them. The answer itself is written by the one error
 * filter; this adds the OAuth fields, `Cache-Control: no-store`, and
 * `WWW-Authenticate: Basic` when a client that used HTTP Basic is refused.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly errors = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const json = res.json.bind(res);
    res.json = (body: { statusCode: number; code?: string; message?: string; details?: { field?: string; error?: string }[] }) => {
      const status = body.statusCode;
      const error =
        body.details?.find((d) => d.error)?.error ??
        (status === 400 && typeof (req.body as { grant_type?: unknown } | undefined)?.grant_type === 'string' && body.details?.some((d) => d.field === 'grant_type')
          ? 'unsupported_grant_type'
          : (OAUTH_ERROR_BY_STATUS[status] ?? 'server_error'));
      res.setHeader('Cache-Control', 'no-store');
      if (status === 401 && /^Basic\b/i.test(req.headers.authorization ?? '')) res.setHeader('WWW-Authenticate', 'Basic realm="asb", charset="UTF-8"');
      return json({ error, error_description: body.message, ...body });
    };
    this.errors.catch(exception, host);
  }
}
