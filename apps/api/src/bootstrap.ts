import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { raw, urlencoded } from 'express';
import helmet from 'helmet';
import { AppConfig, documentIdempotencyKey } from '@asb/core';
import { IMPORT_MAX_BYTES, NDJSON_TYPE } from '@asb/imports';
import { requestId } from '@asb/core/http/request-id';
import { bodyShapeGuard, markPrototypeKeys } from '@asb/core/http/body-shape.middleware';
import { AppModule } from './app.module';

/** Builds the HTTP application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(config: AppConfig, opts: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // No ETags: a 304 to If-None-Match would let a cache hold personal data (and tell what it was).
  app.set('etag', false);
  // Security headers: nosniff, HSTS, a CSP of 'self' (Swagger UI at /docs loads its scripts from /docs and
  // uses inline styles, which helmet's default style-src allows), frame-ancestors 'none' and friends.
  // No upgrade-insecure-requests: over plain HTTP (a developer's machine) it would break /docs; HSTS covers HTTPS.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // CORS off unless CORS_ORIGINS lists the browser origins allowed to call the API.
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition', 'Location'],
      maxAge: 600,
    });
  }
  // Every answer of the API carries personal data or may: never stored by a browser or a proxy, and never
  // a 304 (Express answers `If-None-Match: *` with 304 even without ETags): the conditional headers are dropped.
  app.use('/api', (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
    next();
  });
  // The request id before the body parsers, so a refused body (bad JSON, too large) is answered with one too;
  // pino-http keeps an id already set.
  app.use((req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void) => {
    req.id = requestId(req, res);
    next();
  });
  // Imports take NDJSON as bytes (up to 50 MB, 413 above), read and fingerprinted for Idempotency-Key as they came.
  app.use('/api/v1/imports', raw({ type: NDJSON_TYPE, limit: IMPORT_MAX_BYTES }));
  app.useBodyParser('json', { limit: '1mb' });
  // express's own parser (Nest's useBodyParser takes no `verify`): it drops a __proto__ key that markPrototypeKeys notes first.
  app.use(urlencoded({ extended: false, limit: '64kb', verify: markPrototypeKeys }));
  // Depth, size and prototype keys of every parsed body and query, before validation (docs/operations.md "Hostile input").
  app.use(bodyShapeGuard());
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('ASB case management API')
    .setDescription('Anti-social behaviour casework for police forces, councils and partners. The contract is shared/spec/API.md.')
    .setVersion('1')
    .addBearerAuth()
    .addBasicAuth() // the token endpoint's client credentials (RFC 6749 section 2.3.1)
    .build();
  SwaggerModule.setup('docs', app, () => documentIdempotencyKey(SwaggerModule.createDocument(app, doc)), { jsonDocumentUrl: 'docs-json' });
  return app;
}
