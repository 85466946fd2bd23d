import { EntityManager } from 'typeorm';
// Deep imports, no Nest: the CLI's reset-password command uses this too.
import { generateSecret, hashSecret } from '@asb/core/auth/passwords';
import { passwordProblems } from '@asb/core/auth/password-policy';

export interface PasswordReset {
  userId: string;
  email: string;
  organisationId: string;
  /** Shown once, to the one who reset it; never stored in clear nor logged. */
  temporaryPassword: string;
}

/** A random password the policy accepts: 24 characters of base64url. */
export function temporaryPassword(): string {
  for (;;) {
    const candidate = generateSecret(18);
    if (passwordProblems(candidate).length === 0) return candidate;
  }
}

/**
 * Gives a user a temporary password that must be changed at the next sign-in
 * (an admin's POST /users/{id}/password-reset, or `npm run admin:reset-password`):
 * every token issued before is refused from now on (token_version), and a
 * lock-out is lifted. Null when there is no such user. The caller audits it.
 */
export async function resetPassword(em: EntityManager, who: { id: string } | { email: string }): Promise<PasswordReset | null> {
  const password = temporaryPassword();
  const [row]: { id: string; email: string; organisation_id: string }[] = await em.query(
    `WITH u AS (
       UPDATE users SET password_hash = $2, password_change_required = true, token_version = token_version + 1,
                        failed_sign_ins = 0, locked_until = NULL, password_changed_at = now(), updated_at = now()
        WHERE ${'id' in who ? 'id = $1::uuid' : 'email = lower($1)'}
        RETURNING id, email, organisation_id)
     SELECT * FROM u`,
    ['id' in who ? who.id : who.email, await hashSecret(password)],
  );
  return row ? { userId: row.id, email: row.email, organisationId: row.organisation_id, temporaryPassword: password } : null;
}
