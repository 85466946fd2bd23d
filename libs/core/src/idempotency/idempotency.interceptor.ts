import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response as ExpressResponse } from 'express';
import { randomUUID } from 'node:crypto';
import { Observable, of } from 'rxjs';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withAmbientTransaction } from '../database/transaction';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { DomainError } from '../errors/domain-error';
import {
  IDEMPOTENCY_KEY_MESSAGE,
  IDEMPOTENCY_LEGACY_PENDING_SECONDS,
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

interface Claim {
  key: string;
  scope: string;
  keyHash: Buffer;
  requestHash: Buffer;
  claimId: string;
}

/** Expired keys deleted per claim: enough to keep up with any plausible rate of keyed requests. */
const PURGE_BATCH = 500;

/** Taken after the claim: a kept refusal (4xx) rolls the request's writes back to here and keeps the claim. */
const CLAIMED = 'idempotency_claimed';

/**
 * A client gone before the endpoint answered: the endpoint still finishes and
 * its answer is stored (a retry replays it). Should it never answer, its
 * transaction is rolled back after this long, freeing the key.
 */
const ABANDONED_MS = 60_000;

/**
 * `Idempotency-Key` on every POST (API.md "Conventions"), for every route,
 * present and future, as one global interceptor. It runs after the auth
 * guard, so a key belongs to the caller (user or API client) and to the
 * method and path: the same key from another caller or on another endpoint is
 * another key. Routes open to everyone (sign-in, token) ignore the header.
 *
 * Exactly once, through crashes: a keyed request runs in ONE transaction,
 * opened here on a connection of its own. The key is claimed in it (a pending
 * row), every `inTransaction` of the endpoint joins it (as a savepoint, see
 * `withAmbientTransaction`), and the answer is stored in it just before
 * COMMIT; only then is the answer sent. So a retry after any crash finds
 * either the committed answer (replayed) or nothing at all (the request never
 * committed, and runs): the process dying ends its connection, PostgreSQL
 * rolls its transaction back, and the key is free at once.
 *
 * - First request with a key: claimed, the endpoint runs, and its answer is
 *   kept when it is one to keep (`isKeptAnswer`: 2xx and 4xx but
 *   400/408/429). A kept 4xx rolls the endpoint's writes back (to the savepoint
 *   after the claim) and commits the claim with the answer; an answer not to
 *   keep (400, 408, 429, 5xx) rolls everything back, freeing the key. Should
 *   the COMMIT itself fail, the client gets the error, not the answer.
 * - Same key, same body (query and canonical JSON), within 24 hours: the first
 *   answer again, same status and body (its requestId included), with
 *   `Idempotent-Replayed: true`; nothing runs.
 * - Same key, another body: 422 IDEMPOTENCY_KEY_REUSED.
 * - Same key while the first request is still running: the claim waits on the
 *   first one's uncommitted row, up to 5 s (lock_timeout), and then replays its
 *   answer, or claims the key if the first rolled back or died; still running
 *   after 5 s, 409 CONFLICT with `Retry-After: 1` (the IETF draft's answer to
 *   a concurrent request).
 * - A key that is not 1-255 printable ASCII characters: 400.
 *
 * Stored are hashes of the key and of the request, and the answer encrypted
 * under the key (see `sealAnswer`). Keys older than 24 hours are deleted a
 * batch at a time whenever a new key is claimed, and are ignored until then.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private readonly errors = new AllExceptionsFilter();
  private readonly slots: Slots;

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // A keyed request holds a connection of the pool from its claim to its answer (a retry waiting on the
    // first one included): a quarter of the pool, at least two connections, stays for everyone else.
    const pool = (db.options as { poolSize?: number }).poolSize ?? 10;
    this.slots = new Slots(Math.max(1, pool - Math.max(2, Math.floor(pool / 4))));
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<KeyedRequest>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.user) return next.handle();

    const key = parseIdempotencyKey(header);
    if (key === null) throw DomainError.validation([{ field: 'Idempotency-Key', message: IDEMPOTENCY_KEY_MESSAGE }]);
    const [path, query = ''] = req.originalUrl.split(/\?(.*)/s);
    const scope = idempotencyScope(req.user, req.method, path);
    const claim: Claim = { key, scope, keyHash: idempotencyKeyHash(key), requestHash: requestFingerprint(query, bodyOf(req)), claimId: randomUUID() };

    await this.slots.acquire();
    const qr = this.db.createQueryRunner();
    try {
      await qr.startTransaction('READ COMMITTED');
      if (await this.keys.claim(qr.manager, claim, IDEMPOTENCY_TTL_SECONDS, IDEMPOTENCY_WAIT_MS, IDEMPOTENCY_LEGACY_PENDING_SECONDS)) {
        await this.keys.purgeExpired(qr.manager, IDEMPOTENCY_TTL_SECONDS, PURGE_BATCH);
        await qr.query(`SAVEPOINT ${CLAIMED}`);
      } else {
        const answer = await this.replay(qr.manager, req, claim, path, await this.keys.find(qr.manager, claim.scope, claim.keyHash));
        await qr.query('COMMIT');
        await this.release(qr);
        return of(answer);
      }
    } catch (err) {
      await this.abandon(qr);
      if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '55P03') throw stillRunning();
      throw err;
    }
    this.answerOnCommit(context, qr, claim);
    return withAmbientTransaction({ manager: qr.manager }, () => next.handle());
  }

  /** The first answer as it was sent, read back under the key; the replay is audited like any other disclosure. */
  private async replay(em: EntityManager, req: KeyedRequest, claim: Claim, path: string, stored: StoredKey | undefined): Promise<Response> {
    if (!stored) throw stillRunning();
    if (!stored.request_hash.equals(claim.requestHash)) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body in the last 24 hours; use a new key', [
        { field: 'Idempotency-Key', message: 'already used with another request body' },
      ]);
    }
    // Pending and visible: claimed by the version before this one, which committed claims apart; still running, or not yet taken over.
    if (stored.status !== 'completed') throw stillRunning();
    const body = openAnswer(claim.key, claim.scope, stored.response_body!);
    const status = stored.response_status!;
    const actor = req.user!;
    await this.audit.record(em, { ...actor, requestId: req.id ? String(req.id) : undefined }, [
      { action: 'replay', entityType: 'request', details: { method: req.method, path, status, responseId: responseIdOf(body, stored.response_type) } },
    ]);
    const headers: Record<string, string> = { 'Idempotent-Replayed': 'true' };
    if (stored.response_type) headers['Content-Type'] = stored.response_type;
    const empty = status === 204 || status === 205 || status === 304 || body.length === 0;
    return new Response(empty ? null : new Uint8Array(body), { status, headers });
  }

  /**
   * Holds back what the endpoint (or the exception filter, for an error)
   * writes, and when the response ends, settles the transaction first: a kept
   * answer is stored and committed, another rolled back. Only then do the
   * bytes go out; if the COMMIT fails, the client gets that error instead.
   */
  private answerOnCommit(context: ExecutionContext, qr: QueryRunner, claim: Claim): void {
    const res = context.switchToHttp().getResponse<ExpressResponse>();
    let state: 'open' | 'settling' | 'ended' = 'open';
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
    };
    const write = res.write;
    const end = res.end;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      const done = rest.find((a) => typeof a === 'function') as (() => void) | undefined;
      if (done) process.nextTick(done);
      return true;
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      res.write = write;
      res.end = end;
      collect(args[0], args[1]);
      const done = args.find((a) => typeof a === 'function');
      const body = Buffer.concat(chunks);
      const send = () => (end as (...a: unknown[]) => void).call(res, body, ...(done ? [done] : []));
      if (state !== 'open') {
        send();
        return res;
      }
      state = 'settling';
      this.settle(qr, claim, res, body).then(
        () => {
          state = 'ended';
          send();
        },
        (err: unknown) => {
          state = 'ended';
          // Not committed (or not known to be): the client must not see the answer as if it were.
          for (const h of ['content-type', 'content-length', 'etag', 'location']) res.removeHeader(h);
          this.errors.catch(err, context);
        },
      );
      return res;
    }) as typeof res.end;
    res.once('close', () => {
      if (state !== 'open') return;
      setTimeout(() => {
        if (state !== 'open') return;
        state = 'ended';
        this.logger.warn({ requestId: (context.switchToHttp().getRequest<KeyedRequest>().id ?? null) as unknown }, 'A keyed request gone without an answer was rolled back');
        void this.abandon(qr);
      }, ABANDONED_MS).unref();
    });
  }

  /** Stores and commits a kept answer, or rolls back one not to keep. Throws when a kept answer could not be committed. */
  private async settle(qr: QueryRunner, claim: Claim, res: ExpressResponse, body: Buffer): Promise<void> {
    const status = res.statusCode;
    if (!isKeptAnswer(status)) {
      await this.abandon(qr);
      return;
    }
    try {
      // A refusal the endpoint made (4xx) keeps the claim and its answer, not what the endpoint may have written.
      if (status >= 300) await qr.query(`ROLLBACK TO SAVEPOINT ${CLAIMED}`);
      const type = res.getHeader('content-type');
      await this.keys.complete(qr.manager, claim.scope, claim.keyHash, claim.claimId, status, type === undefined ? null : String(type), sealAnswer(claim.key, claim.scope, body));
      if (this.config.testHooks.crashBeforeCommit) await crash();
      // The statement before succeeded, so the transaction is not aborted: COMMIT either commits or fails.
      await qr.query('COMMIT');
    } catch (err) {
      this.logger.error({ err }, 'Could not commit a request with an Idempotency-Key; nothing of it was kept');
      await this.abandon(qr);
      throw err;
    }
    if (this.config.testHooks.crashAfterCommit) await crash();
    await this.release(qr);
  }

  /**
   * Rolls back and gives the connection back. Should the rollback fail (the
   * connection broken or in doubt), the connection is closed instead, so
   * PostgreSQL ends whatever it still holds, rather than returned to the pool.
   */
  private async abandon(qr: QueryRunner): Promise<void> {
    if (qr.isReleased) return;
    let failure: Error | undefined;
    try {
      if (qr.isTransactionActive) await qr.query('ROLLBACK');
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
    await this.release(qr, failure);
  }

  /** Gives the connection back to the pool, or closes it when `failure` says it is in doubt; frees the slot. */
  private async release(qr: QueryRunner, failure?: Error): Promise<void> {
    if (qr.isReleased) return;
    await (qr as QueryRunner & { releasePostgresConnection(err?: Error): Promise<void> }).releasePostgresConnection(failure);
    this.slots.release();
  }
}

/** A counting semaphore, first come first served. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

function stillRunning(): DomainError {
  return new DomainError('CONFLICT', 'A request with this Idempotency-Key is still being processed; retry shortly', [
    { field: 'Idempotency-Key', message: 'a request with this key is still being processed', retryAfterSeconds: 1 },
  ]).retryAfter(1);
}

/** The test hook of TEST_CRASH_BEFORE_COMMIT / TEST_CRASH_AFTER_COMMIT: dies as `kill -9` would, and never returns. */
function crash(): Promise<never> {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => undefined);
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
