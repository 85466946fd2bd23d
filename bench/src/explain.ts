import { DataSource, EntityManager } from 'typeorm';
import { Transaction } from './operations';

export interface ExplainedStatement {
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number;
}

class RollBack extends Error {}

const DATA_STATEMENT = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;

/**
 * A transaction in which every data statement the repositories send is first
 * run under EXPLAIN (ANALYZE, BUFFERS) in a savepoint that is rolled back, then
 * run for real (later statements need its rows); the whole transaction is
 * rolled back at the end, so explaining writes nothing.
 */
export function explainingTransaction(db: DataSource, sink: ExplainedStatement[]): Transaction {
  return async <T>(isolation: 'READ COMMITTED' | 'REPEATABLE READ', work: (em: EntityManager) => Promise<T>): Promise<T> => {
    let result: T | undefined;
    try {
      await db.transaction(isolation, async (em) => {
        const explaining = new Proxy(em, {
          get: (target, prop, receiver) => (prop === 'query' ? explainThenRun(target, sink) : Reflect.get(target, prop, receiver)),
        });
        result = await work(explaining);
        throw new RollBack();
      });
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
    }
    return result as T;
  };
}

function explainThenRun(em: EntityManager, sink: ExplainedStatement[]) {
  return async (sql: string, params?: unknown[]) => {
    if (DATA_STATEMENT.test(sql)) {
      await em.query('SAVEPOINT bench_explain');
      const rows: { 'QUERY PLAN': string }[] = await em.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      await em.query('ROLLBACK TO SAVEPOINT bench_explain');
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      sink.push({ sql: condense(sql), params: params ?? [], plan, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN) });
    }
    return em.query(sql, params);
  };
}

/** The statement on as few lines as it reads well on: runs of blanks become one space. */
function condense(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

export function formatExplained(title: string, statements: ExplainedStatement[]): string {
  const total = statements.reduce((s, x) => s + x.executionMs, 0);
  const out = [`==== ${title}: ${statements.length} statements, ${total.toFixed(2)} ms in PostgreSQL`];
  statements.forEach((s, i) => {
    const params = JSON.stringify(s.params);
    out.push('', `---- ${i + 1}. ${s.executionMs} ms`, s.sql, `-- params: ${params.length > 300 ? `${params.slice(0, 300)}...` : params}`, s.plan);
  });
  return out.join('\n');
}
