import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { APP_CONFIG, AppConfig, DependencyMonitor, describeUnreachable, DomainError, unreachableDependency } from '@asb/core';

/** Exports running at once; one more waits up to CONNECT_TIMEOUT_MS for a connection, then is told 503. */
export const EXPORT_CONNECTIONS = 4;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connections for streamed exports, in a small pool of their own: an export
 * holds its connection for as long as the client takes to download, and must
 * not starve the pool that serves every other request.
 */
@Injectable()
export class ExportConnections implements OnModuleDestroy {
  private readonly logger = new Logger('Exports');
  private readonly pool: Pool;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dependencies: DependencyMonitor,
  ) {
    this.pool = new Pool({
      connectionString: config.databaseUrl,
      max: EXPORT_CONNECTIONS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      application_name: 'asb-export',
      // JIT compiling the export query costs more than it saves: 100,000 cases took 8.0 s with it, 5.4 s without.
      options: '-c TimeZone=UTC -c jit=off',
    });
    // A pooled connection that dies while idle must not take the process with it.
    this.pool.on('error', (err) => this.failed(err, 'An idle export connection failed'));
  }

  async acquire(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      this.failed(err, 'No export connection');
      throw new DomainError('UNAVAILABLE', 'Too many exports are running or the database is not answering; try again shortly');
    }
  }

  /**
   * PostgreSQL going away is said once, by the DependencyMonitor; anything else in one line, without the error
   * object (a pg error carries its client, connection parameters included).
   */
  private failed(err: unknown, what: string): void {
    if (unreachableDependency(err) === 'postgres') this.dependencies.reportDown('postgres', err);
    else this.logger.warn({ reason: describeUnreachable(err) }, `${what}: ${describeUnreachable(err)}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
