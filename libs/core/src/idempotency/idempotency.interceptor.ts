import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response as ExpressResponse } from 'express';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Observable, of } from 'rxjs';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../errors/domain-error';
import {
  IDEMPOTENCY_KEY_MESSAGE,
  IDEMPOTENCY_STALE_PENDING_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  IDEMPOTENCY_WAIT_MS,
  idempotencyKeyHash,
  idempotencyScope,
  isKeptAnswer,
  openAnswer,
  parseIdempotencyKey,
  requestFingerprint,
  sealAnswer,
} from './idempotency-key';
import { IdempotencyRepository, StoredKey } from './idempotency.repository';

type KeyedRequest = Request & { user?: Actor; id?: string };

/** Expired keys deleted per claim: enough to keep up with any plausible rate of keyed requests. */
const PURGE_BATCH = 500;

/**
 * `Idempotency-Key` on every POST (API.md "Conventions"), for every route,
 * present and future, as one global interceptor. It runs after the auth
 * guard, so a key belongs to the caller (user or API client) and to the
 * method and path: the same key from another caller or on another endpoint is
 * another key. Routes open to everyone (sign-in, token) ignore the header.
 *
 * - First request with a key: a pending row is inserted (unique per scope and
 *   key), the endpoint runs, and its answer is kept when it is one to keep
 *   (`isKeptAnswer`: 2xx and 4xx but 400/408/429; a 5xx frees the key). The
 *   answer is stored before it is sent, so a client that has seen it can
 *   always replay it.
 * - Same key, same body (query and canonical JSON), within 24 hours: the first
 *   answer again, same status and body (its requestId included), with
 *   `Idempotent-Replayed: true`; nothing runs.
 * - Same key, another body: 422 IDEMPOTENCY_KEY_REUSED.
 * - Same key while the first request is still running: the retry waits up to
 *   5 s for it to finish and then replays its answer, else 409 CONFLICT with
 *   `Retry-After: 1` (the IETF draft's answer to a concurrent request).
 * - A key that is not 1-255 printable ASCII characters: 400.
 *
 * Stored are hashes of the key and of the request, and the answer encrypted
 * under the key (see `sealAnswer`). Keys older than 24 hours are deleted a
 * batch at a time whenever a new key is claimed, and are ignored until then.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<KeyedRequest>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.user) return next.handle();

    const key = parseIdempotencyKey(header);
    if (key === null) throw DomainError.validation([{ field: 'Idempotency-Key', message: IDEMPOTENCY_KEY_MESSAGE }]);
    const [path, query = ''] = req.originalUrl.split(/\?(.*)/s);
    const scope = idempotencyScope(req.user, req.method, path);
    const keyHash = idempotencyKeyHash(key);
    const requestHash = requestFingerprint(query, bodyOf(req));
    const claimId = randomUUID();

    const stored = await this.claimOrWait(scope, keyHash, requestHash, claimId);
    if (stored) return of(await this.replay(req, key, scope, path, stored));

    await this.keys.purgeExpired(IDEMPOTENCY_TTL_SECONDS, PURGE_BATCH);
    this.keepAnswer(context.switchToHttp().getResponse<ExpressResponse>(), key, scope, keyHash, claimId);
    return next.handle();
  }

  /** Claims the key (undefined), or returns the completed first answer, waiting briefly for one still running. */
  private async claimOrWait(scope: string, keyHash: Buffer, requestHash: Buffer, claimId: string): Promise<StoredKey | undefined> {
    const deadline = Date.now() + IDEMPOTENCY_WAIT_MS;
    let pause = 20;
    for (;;) {
      if (await this.keys.claim(scope, keyHash, requestHash, claimId, IDEMPOTENCY_TTL_SECONDS, IDEMPOTENCY_STALE_PENDING_SECONDS)) return undefined;
      const row = await this.keys.find(scope, keyHash);
      if (row) {
        if (!row.request_hash.equals(requestHash)) {
          throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body in the last 24 hours; use a new key', [
            { field: 'Idempotency-Key', message: 'already used with another request body' },
          ]);
        }
        if (row.status === 'completed') return row;
        if (Date.now() >= deadline) {
          throw new DomainError('CONFLICT', 'A request with this Idempotency-Key is still being processed; retry shortly', [
            { field: 'Idempotency-Key', message: 'a request with this key is still being processed', retryAfterSeconds: 1 },
          ]);
        }
        await sleep(pause);
        pause = Math.min(pause * 2, 200);
      }
      // No row: the first request freed the key (a 5xx or a 400) between our two statements; claim again.
    }
  }

  /** The first answer as it was sent, read back under the key; the replay is audited like any other disclosure. */
  private async replay(req: KeyedRequest, key: string, scope: string, path: string, stored: StoredKey): Promise<Response> {
    const body = openAnswer(key, scope, stored.response_body!);
    const status = stored.response_status!;
    const actor = req.user!;
    await this.audit.record(this.db.manager, { ...actor, requestId: req.id ? String(req.id) : undefined }, [
      { action: 'replay', entityType: 'request', details: { method: req.method, path, status, responseId: responseIdOf(body, stored.response_type) } },
    ]);
    const headers: Record<string, string> = { 'Idempotent-Replayed': 'true' };
    if (stored.response_type) headers['Content-Type'] = stored.response_type;
    const empty = status === 204 || status === 205 || status === 304 || body.length === 0;
    return new Response(empty ? null : new Uint8Array(body), { status, headers });
  }

  /**
   * Collects what the endpoint (or the exception filter, for an error) writes,
   * and stores it when the response ends, before the last bytes go out. An
   * answer not to keep frees the key instead.
   */
  private keepAnswer(res: ExpressResponse, key: string, scope: string, keyHash: Buffer, claimId: string): void {
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
    };
    const write = res.write;
    const end = res.end;
    res.write = function (this: ExpressResponse, chunk: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0]);
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    res.end = ((...args: unknown[]) => {
      res.write = write;
      res.end = end;
      collect(args[0], args[1]);
      const status = res.statusCode;
      const type = res.getHeader('content-type');
      const settle = isKeptAnswer(status)
        ? this.keys.complete(scope, keyHash, claimId, status, type === undefined ? null : String(type), sealAnswer(key, scope, Buffer.concat(chunks)))
        : this.keys.release(scope, keyHash, claimId);
      settle
        .catch(async (err: unknown) => {
          this.logger.error({ err }, 'Could not store the answer of an idempotent request; freeing its key');
          await this.keys.release(scope, keyHash, claimId).catch(() => undefined);
        })
        .finally(() => (end as (...a: unknown[]) => void).apply(res, args));
      return res;
    }) as typeof res.end;
  }
}

/**
 * The body as the parsers left it. A body that arrived but that no parser
 * read (a type the service does not parse into req.body) cannot be
 * fingerprinted, so its key is refused rather than ignored.
 */
function bodyOf(req: KeyedRequest): unknown {
  if (req.body !== undefined) return req.body;
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (hasBody) {
    throw DomainError.validation([{ field: 'Idempotency-Key', message: `Idempotency-Key is not supported with a ${req.headers['content-type'] ?? 'untyped'} body` }]);
  }
  return undefined;
}

/** The id of the record a replayed JSON answer describes, for the audit trail. */
function responseIdOf(body: Buffer, type: string | null): string | undefined {
  if (!type?.includes('json')) return undefined;
  try {
    const id = (JSON.parse(body.toString('utf8')) as { id?: unknown })?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
