import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';

// DATE columns stay 'YYYY-MM-DD' strings (no time zone shift); counts come back as numbers.
types.setTypeParser(types.builtins.DATE, (v) => v);
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));

/** The one DataSource configuration: api, worker, CLI and tests all use it. Schema only through migrations. */
export function dataSourceOptions(databaseUrl: string, extra: { poolSize?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: extra.poolSize ?? 20,
    // JIT off: every query here is index-driven and short; JIT compiling the reports'
    // plans cost more than running them (0.7-1.9 s at a million incidents, bench/README.md).
    extra: { options: '-c TimeZone=UTC -c jit=off', application_name: 'asb' },
  };
}
