import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface OrganisationRow { id: string; name: string; code: string; kind: string; can_issue_cpn: boolean; created_at: Date }
export interface CspRow { code: string; name: string }
export interface NpaRow { code: string; name: string; default_csp_code: string; notification_emails: string[] }
export interface UserRow { id: string; email: string; name: string; organisation_id: string; roles: string[]; active: boolean; created_at: Date; updated_at: Date }
export interface ApiClientRow { id: string; name: string; organisation_id: string; client_id: string; created_at: Date; revoked_at: Date | null }

const USER_COLUMNS = 'id, email, name, organisation_id, roles, active, created_at, updated_at';
const CLIENT_COLUMNS = 'id, name, organisation_id, client_id, created_at, revoked_at';

/** Organisations, areas, users and API clients: small reference tables, named queries. */
@Injectable()
export class AdministrationRepository {
  listOrganisations(em: EntityManager): Promise<OrganisationRow[]> {
    return em.query(`SELECT id, name, code, kind, can_issue_cpn, created_at FROM organisations ORDER BY name`);
  }

  async insertOrganisation(em: EntityManager, o: { name: string; code: string; kind: string; canIssueCpn: boolean }): Promise<OrganisationRow> {
    const [row] = await em.query(
      `INSERT INTO organisations (name, code, kind, can_issue_cpn) VALUES ($1, $2, $3, $4) RETURNING id, name, code, kind, can_issue_cpn, created_at`,
      [o.name, o.code, o.kind, o.canIssueCpn],
    );
    return row;
  }

  async organisationExists(em: EntityManager, id: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM organisations WHERE id = $1`, [id])).length > 0;
  }

  listCsps(em: EntityManager): Promise<CspRow[]> {
    return em.query(`SELECT code, name FROM csps ORDER BY code`);
  }

  async insertCsp(em: EntityManager, c: { code: string; name: string }): Promise<CspRow> {
    const [row] = await em.query(`INSERT INTO csps (code, name) VALUES ($1, $2) RETURNING code, name`, [c.code, c.name]);
    return row;
  }

  async cspExists(em: EntityManager, code: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM csps WHERE code = $1`, [code])).length > 0;
  }

  listNpas(em: EntityManager): Promise<NpaRow[]> {
    return em.query(`SELECT code, name, default_csp_code, notification_emails FROM npas ORDER BY code`);
  }

  async findNpaForUpdate(em: EntityManager, code: string): Promise<NpaRow | undefined> {
    const [row] = await em.query(`SELECT code, name, default_csp_code, notification_emails FROM npas WHERE code = $1 FOR UPDATE`, [code]);
    return row;
  }

  async insertNpa(em: EntityManager, n: { code: string; name: string; defaultCspCode: string; notificationEmails: string[] }): Promise<NpaRow> {
    const [row] = await em.query(
      `INSERT INTO npas (code, name, default_csp_code, notification_emails) VALUES ($1, $2, $3, $4) RETURNING code, name, default_csp_code, notification_emails`,
      [n.code, n.name, n.defaultCspCode, n.notificationEmails],
    );
    return row;
  }

  async updateNpa(em: EntityManager, n: NpaRow): Promise<NpaRow> {
    const rows: NpaRow[] = await em.query(
      `WITH u AS (UPDATE npas SET name = $2, default_csp_code = $3, notification_emails = $4 WHERE code = $1 RETURNING code, name, default_csp_code, notification_emails) SELECT * FROM u`,
      [n.code, n.name, n.default_csp_code, n.notification_emails],
    );
    return rows[0];
  }

  async insertUser(em: EntityManager, u: { email: string; name: string; passwordHash: string; organisationId: string; roles: string[] }): Promise<UserRow> {
    const [row] = await em.query(
      `INSERT INTO users (email, name, password_hash, organisation_id, roles) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
      [u.email, u.name, u.passwordHash, u.organisationId, u.roles],
    );
    return row;
  }

  async findUserForUpdate(em: EntityManager, id: string): Promise<UserRow | undefined> {
    const [row] = await em.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async updateUser(em: EntityManager, u: UserRow): Promise<UserRow> {
    const rows: UserRow[] = await em.query(
      `WITH u AS (UPDATE users SET name = $2, roles = $3, active = $4, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}) SELECT * FROM u`,
      [u.id, u.name, u.roles, u.active],
    );
    return rows[0];
  }

  /** Keyset on (email, id). */
  listUsers(em: EntityManager, organisationId: string | undefined, limit: number, after?: [string, string]): Promise<UserRow[]> {
    return em.query(
      `SELECT ${USER_COLUMNS} FROM users
        WHERE ($1::uuid IS NULL OR organisation_id = $1) AND ($2::text IS NULL OR (email, id) > ($2, $3::uuid))
        ORDER BY email, id LIMIT $4`,
      [organisationId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  async insertApiClient(em: EntityManager, c: { name: string; organisationId: string; clientId: string; secretHash: string; createdBy: string }): Promise<ApiClientRow> {
    const [row] = await em.query(
      `INSERT INTO api_clients (name, organisation_id, client_id, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${CLIENT_COLUMNS}`,
      [c.name, c.organisationId, c.clientId, c.secretHash, c.createdBy],
    );
    return row;
  }

  listApiClients(em: EntityManager): Promise<ApiClientRow[]> {
    return em.query(`SELECT ${CLIENT_COLUMNS} FROM api_clients ORDER BY created_at, id`);
  }

  /** Revokes a client; undefined when there is none with that id. */
  async revokeApiClient(em: EntityManager, id: string): Promise<ApiClientRow | undefined> {
    const rows: ApiClientRow[] = await em.query(
      `WITH u AS (UPDATE api_clients SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${CLIENT_COLUMNS}) SELECT * FROM u`,
      [id],
    );
    return rows[0];
  }
}
