import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredKey {
  request_hash: Buffer;
  status: 'pending' | 'completed';
  response_status: number | null;
  response_type: string | null;
  response_body: Buffer | null;
}

/**
 * The idempotency_keys table. Every statement stands alone (autocommit): a
 * claim must be visible to a concurrent retry at once, not when the request's
 * own transaction commits.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims the key for this request: inserts a pending row, or takes over a
   * row whose 24 hours are over or whose request died while pending. Returns
   * whether it was claimed; the unique key (scope, key_hash) lets exactly one
   * of several simultaneous requests win.
   */
  async claim(scope: string, keyHash: Buffer, requestHash: Buffer, claimId: string, ttlSeconds: number, staleSeconds: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys AS k (scope, key_hash, request_hash, claim_id, status)
       VALUES ($1, $2, $3, $4, 'pending')
       ON CONFLICT (scope, key_hash) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, claim_id = EXCLUDED.claim_id, status = 'pending',
              response_status = NULL, response_type = NULL, response_body = NULL, created_at = now(), completed_at = NULL
        WHERE k.created_at <= now() - make_interval(secs => $5)
           OR (k.status = 'pending' AND k.created_at <= now() - make_interval(secs => $6))
       RETURNING 1`,
      [scope, keyHash, requestHash, claimId, ttlSeconds, staleSeconds],
    );
    return rows.length > 0;
  }

  /** The live row of a key another request holds, if it is still there. */
  async find(scope: string, keyHash: Buffer): Promise<StoredKey | undefined> {
    const [row]: StoredKey[] = await this.db.query(
      `SELECT request_hash, status, response_status, response_type, response_body
         FROM idempotency_keys WHERE scope = $1 AND key_hash = $2`,
      [scope, keyHash],
    );
    return row;
  }

  /** Keeps the first answer (sealed) for replay. Only the claim that made the row may complete it. */
  async complete(scope: string, keyHash: Buffer, claimId: string, status: number, contentType: string | null, sealedBody: Buffer): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys
          SET status = 'completed', response_status = $4, response_type = $5, response_body = $6, completed_at = now()
        WHERE scope = $1 AND key_hash = $2 AND claim_id = $3 AND status = 'pending'`,
      [scope, keyHash, claimId, status, contentType, sealedBody],
    );
  }

  /** Frees the key (the answer is not one to keep), so the same key may be tried again. */
  async release(scope: string, keyHash: Buffer, claimId: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key_hash = $2 AND claim_id = $3`, [scope, keyHash, claimId]);
  }

  /**
   * Deletes up to `batch` keys past their 24 hours, oldest first, by the
   * created_at index; rows another request is taking over are skipped.
   */
  async purgeExpired(ttlSeconds: number, batch: number): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys k
        USING (SELECT scope, key_hash FROM idempotency_keys
                WHERE created_at <= now() - make_interval(secs => $1)
                ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) old
        WHERE k.scope = old.scope AND k.key_hash = old.key_hash`,
      [ttlSeconds, batch],
    );
  }
}
