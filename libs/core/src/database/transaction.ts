import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A transaction that a whole HTTP request runs in (the `Idempotency-Key`
 * interceptor opens one, so that the stored answer commits with the writes it
 * answers). `manager` is bound to that transaction's one connection.
 */
export interface AmbientTransaction {
  readonly manager: EntityManager;
}

const ambient = new AsyncLocalStorage<AmbientTransaction>();

/** Runs `work` (and everything it starts) inside `tx`: every `inTransaction` within joins it. */
export function withAmbientTransaction<T>(tx: AmbientTransaction, work: () => T): T {
  return ambient.run(tx, work);
}

/** The request's transaction, when the caller runs inside one. */
export function ambientTransaction(): AmbientTransaction | undefined {
  return ambient.getStore();
}

/**
 * Runs work in one transaction: everything it writes, audit included, commits
 * or none of it does. Inside a request's ambient transaction the work runs in
 * a savepoint of it instead (rolled back alone when the work throws), and
 * commits only when that request's answer does; everywhere else (the worker,
 * imports, requests without a key) it is a transaction of its own.
 */
export function inTransaction<T>(db: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const tx = ambient.getStore();
  if (tx) return tx.manager.transaction('READ COMMITTED', work);
  return db.transaction('READ COMMITTED', work);
}
