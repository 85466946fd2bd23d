import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';

// DATE columns stay 'YYYY-MM-DD' strings (no time zone shift); counts come back as numbers.
types.setTypeParser(types.builtins.DATE, (v) => v);
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));

/** How long taking a connection from the pool (or opening one) may wait. */
export const PG_CONNECT_TIMEOUT_MS = 5000;

/**
 * The one DataSource configuration: api, worker, CLI and tests all use it. Schema only through migrations:
 * the app that runs them (the CLI's `setup`) hands them in (`migrations/index.ts`), so core never imports them.
 */
export function dataSourceOptions(databaseUrl: string, extra: { poolSize?: number; migrations?: DataSourceOptions['migrations'] } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [],
    migrations: extra.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: extra.poolSize ?? 20,
    // JIT off: every query here is index-driven and short; JIT compiling the reports'
    // plans cost more than running them (0.7-1.9 s at a million incidents, bench/README.md).
    // A request waits at most 5 s for a connection when PostgreSQL is away (refused at once, or silent), then
    // answers 503 UNAVAILABLE (errors/unreachable.ts) instead of hanging; the pool reconnects when it is back.
    extra: { options: '-c TimeZone=UTC -c jit=off', application_name: 'asb', connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, keepAlive: true },
  };
}
