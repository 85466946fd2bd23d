import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in protection and password changes (issue 12), on the users table:
 *
 * - `failed_sign_ins`, `locked_until`: the progressive lock-out of
 *   libs/core/src/auth/lockout.ts (wrong passwords since the last right one,
 *   and the end of the current lock), kept here so a restart forgets nothing.
 * - `token_version`: written into every token as `ver`; a password change or
 *   reset raises it, so every token issued before is refused at once.
 * - `password_change_required`: set by an admin's reset (or the CLI's); until
 *   the user chooses a new password their token may only do that.
 * - `password_changed_at`: when the password was last set, for the admins.
 */
export class SignInProtection1763900001500 implements MigrationInterface {
  name = 'SignInProtection1763900001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0,
        ADD COLUMN password_change_required boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        DROP COLUMN password_changed_at,
        DROP COLUMN password_change_required,
        DROP COLUMN token_version,
        DROP COLUMN locked_until,
        DROP COLUMN failed_sign_ins`);
  }
}
