import { DataSource, EntityManager } from 'typeorm';

/** Runs work in one transaction: everything it writes, audit included, commits or none of it does. */
export function inTransaction<T>(db: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('READ COMMITTED', work);
}
