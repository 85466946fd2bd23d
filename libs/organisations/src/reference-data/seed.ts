// Deep imports, no Nest: this runs in the CLI and in the test suite's global setup.
import type { AppConfig } from '@asb/core/config/app-config';
import { generateSecret, hashSecret } from '@asb/core/auth/passwords';
import { DataSource } from 'typeorm';
import { LLR_CSPS, LLR_NPAS, LLR_ORGANISATIONS } from './llr';
import { canIssueCpnByDefault } from '../organisations/organisation-kinds';

/** Loads the LLR organisations, CSPs and NPAs; running it again changes nothing. */
export async function seedReferenceData(db: DataSource): Promise<void> {
  await db.transaction(async (em) => {
    for (const o of LLR_ORGANISATIONS) {
      await em.query(
        `INSERT INTO organisations (code, name, kind, can_issue_cpn) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [o.code, o.name, o.kind, canIssueCpnByDefault(o.kind)],
      );
    }
    for (const c of LLR_CSPS) {
      await em.query(`INSERT INTO csps (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [c.code, c.name]);
    }
    for (const n of LLR_NPAS) {
      await em.query(`INSERT INTO npas (code, name, default_csp_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [n.code, n.name, n.defaultCspCode]);
    }
  });
}

export function organisationCodeFromName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 16).replace(/-+$/, '') || 'ADMIN';
}

/**
 * When no user exists, creates the first admin in the bootstrap organisation.
 * Returns the generated password when one was made (to be shown once), else null.
 */
export async function bootstrapAdmin(db: DataSource, config: AppConfig): Promise<{ email: string; password?: string } | null> {
  return db.transaction(async (em) => {
    await em.query(`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`);
    const [{ count }] = await em.query(`SELECT count(*)::int AS count FROM users`);
    if (count > 0) return null;
    const name = config.bootstrap.organisation;
    let [org] = await em.query(`SELECT id FROM organisations WHERE lower(name) = lower($1)`, [name]);
    if (!org) {
      [org] = await em.query(`INSERT INTO organisations (code, name, kind, can_issue_cpn) VALUES ($1, $2, 'other', false) RETURNING id`, [organisationCodeFromName(name), name]);
    }
    const password = config.bootstrap.adminPassword ?? generateSecret(18);
    const [admin] = await em.query(
      `INSERT INTO users (email, name, password_hash, organisation_id, roles) VALUES ($1, 'Administrator', $2, $3, '{admin}') RETURNING id`,
      [config.bootstrap.adminEmail, await hashSecret(password), org.id],
    );
    await em.query(
      `INSERT INTO audit_events (actor_kind, action, entity_type, entity_id, organisation_id, details) VALUES ('system', 'create', 'user', $1, $2, '{"reason":"bootstrap admin"}')`,
      [admin.id, org.id],
    );
    return { email: config.bootstrap.adminEmail, password: config.bootstrap.adminPassword ? undefined : password };
  });
}
