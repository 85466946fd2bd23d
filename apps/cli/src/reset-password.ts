import { DataSource } from 'typeorm';
// Deep imports, no Nest, as setup.ts.
import type { AppConfig } from '@asb/core/config/app-config';
import { dataSourceOptions } from '@asb/core/database/data-source-options';
import { resetPassword } from '@asb/organisations/auth/password-reset';

/**
 * `npm run admin:reset-password -- EMAIL`: for the admin who lost the
 * bootstrap password (or anyone locked out with no admin to ask). Prints a
 * temporary password once; it must be changed at the next sign-in, every token
 * of the account stops working and a lock-out is lifted. Audited as done by
 * the system from the command line, without the password. Exit code 1 when
 * there is no such account.
 */
export async function resetPasswordCommand(config: AppConfig, args: string[], log: (s: string) => void = console.log): Promise<number> {
  const email = args.find((a) => !a.startsWith('-'));
  if (!email || args.length !== 1) {
    log('usage: npm run admin:reset-password -- EMAIL');
    return 2;
  }
  const db = new DataSource(dataSourceOptions(config.databaseUrl, { poolSize: 1 }));
  await db.initialize();
  try {
    const reset = await db.transaction(async (em) => {
      const done = await resetPassword(em, { email });
      if (done) {
        await em.query(
          `INSERT INTO audit_events (actor_kind, action, entity_type, entity_id, organisation_id, details) VALUES ('system', 'password_reset', 'user', $1, $2, '{"by":"command line"}')`,
          [done.userId, done.organisationId],
        );
      }
      return done;
    });
    if (!reset) {
      log(`There is no account with the e-mail ${email.toLowerCase()}`);
      return 1;
    }
    log(`\n  Temporary password for ${reset.email} (shown once; it must be changed at the next sign-in):\n  ${reset.temporaryPassword}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
