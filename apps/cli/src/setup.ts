import { DataSource } from 'typeorm';
// Deep imports, no Nest: this also runs in the test suite's global setup.
import type { AppConfig } from '@asb/core/config/app-config';
import { dataSourceOptions } from '@asb/core/database/data-source-options';
import { ensureDatabase } from '@asb/core/database/ensure-database';
import { bootstrapAdmin, seedReferenceData } from '@asb/organisations/reference-data/seed';
import { MIGRATIONS } from '../../../migrations';

/** Creates the database if missing, migrates it, loads reference data and creates the bootstrap admin. Idempotent. */
export async function setup(config: AppConfig, log: (s: string) => void = console.log): Promise<void> {
  if (await ensureDatabase(config.databaseUrl)) log(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  const db = new DataSource(dataSourceOptions(config.databaseUrl, { poolSize: 2, migrations: MIGRATIONS }));
  await db.initialize();
  try {
    const ran = await db.runMigrations({ transaction: 'each' });
    log(ran.length ? `Applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}` : 'Database schema is up to date');
    if (config.seedReferenceData === 'llr') {
      await seedReferenceData(db);
      log('Reference data (LLR organisations, CSPs, NPAs) loaded');
    }
    const admin = await bootstrapAdmin(db, config);
    if (admin?.password) {
      log(`\n  Bootstrap admin created: ${admin.email}\n  Password (shown once, change it): ${admin.password}\n`);
    } else if (admin) {
      log(`Bootstrap admin created: ${admin.email} (password from BOOTSTRAP_ADMIN_PASSWORD)`);
    }
  } finally {
    await db.destroy();
  }
}

