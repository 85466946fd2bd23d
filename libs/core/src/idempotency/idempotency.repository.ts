import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface StoredKey {
  request_hash: Buffer;
  status: 'pending' | 'completed';
  response_status: number | null;
  response_type: string | null;
  response_body: Buffer | null;
  /** Seconds since the row was written. */
  age_seconds: number;
}

/**
 * The idempotency_keys table. Every statement runs in the transaction of the
 * keyed request (the EntityManager passed in): the claim of a key, the writes
 * of the request and its stored answer commit together or not at all, so a
 * row another transaction can see is always a completed one.
 */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claims the key for this request: inserts a pending row, or takes over a
   * row whose 24 hours are over. Returns whether it was claimed. A concurrent
   * request that holds the same key uncommitted makes this INSERT wait on the
   * unique key until that transaction ends (up to `waitMs`, then PostgreSQL's
   * lock_timeout error 55P03): committed, the key is taken (false); rolled
   * back or its connection gone with its process, it is claimed here at once.
   *
   * A pending row others can see was left by a version of the service before
   * this one, which committed the claim on its own; it is taken over after
   * `legacyPendingSeconds` as that version did.
   */
  async claim(em: EntityManager, k: { scope: string; keyHash: Buffer; requestHash: Buffer; claimId: string }, ttlSeconds: number, waitMs: number, legacyPendingSeconds: number): Promise<boolean> {
    const [{ before }]: { before: string }[] = await em.query(
      `SELECT current_setting('lock_timeout') AS before, set_config('lock_timeout', $1, true)`,
      [`${Math.max(1, Math.round(waitMs))}ms`],
    );
    const rows: unknown[] = await em.query(
      `INSERT INTO idempotency_keys AS k (scope, key_hash, request_hash, claim_id, status)
       VALUES ($1, $2, $3, $4, 'pending')
       ON CONFLICT (scope, key_hash) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, claim_id = EXCLUDED.claim_id, status = 'pending',
              response_status = NULL, response_type = NULL, response_body = NULL, created_at = now(), completed_at = NULL
        WHERE k.created_at <= now() - make_interval(secs => $5)
           OR (k.status = 'pending' AND k.created_at <= now() - make_interval(secs => $6))
       RETURNING 1`,
      [k.scope, k.keyHash, k.requestHash, k.claimId, ttlSeconds, legacyPendingSeconds],
    );
    // The wait is for the claim only; the request's own statements wait as they always did.
    await em.query(`SELECT set_config('lock_timeout', $1, true)`, [before]);
    return rows.length > 0;
  }

  /** The row of a key another request holds (locked by the claim that found it, so still there). */
  async find(em: EntityManager, scope: string, keyHash: Buffer): Promise<StoredKey | undefined> {
    const [row]: StoredKey[] = await em.query(
      `SELECT request_hash, status, response_status, response_type, response_body,
              extract(epoch FROM now() - created_at)::float8 AS age_seconds
         FROM idempotency_keys WHERE scope = $1 AND key_hash = $2`,
      [scope, keyHash],
    );
    return row;
  }

  /** Keeps the first answer (sealed) for replay, in the transaction that made it. */
  async complete(em: EntityManager, scope: string, keyHash: Buffer, claimId: string, status: number, contentType: string | null, sealedBody: Buffer): Promise<void> {
    // TypeORM answers an UPDATE with [rows, count].
    const [, updated]: [unknown[], number] = await em.query(
      `UPDATE idempotency_keys
          SET status = 'completed', response_status = $4, response_type = $5, response_body = $6, completed_at = now()
        WHERE scope = $1 AND key_hash = $2 AND claim_id = $3 AND status = 'pending'`,
      [scope, keyHash, claimId, status, contentType, sealedBody],
    );
    if (updated !== 1) throw new Error('the claim of an idempotency key was lost before its answer was stored');
  }

  /**
   * Deletes up to `batch` keys past their 24 hours, oldest first, by the
   * created_at index; rows another request is taking over are skipped.
   */
  async purgeExpired(em: EntityManager, ttlSeconds: number, batch: number): Promise<void> {
    await em.query(
      `DELETE FROM idempotency_keys k
        USING (SELECT scope, key_hash FROM idempotency_keys
                WHERE created_at <= now() - make_interval(secs => $1)
                ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) old
        WHERE k.scope = old.scope AND k.key_hash = old.key_hash`,
      [ttlSeconds, batch],
    );
  }
}
