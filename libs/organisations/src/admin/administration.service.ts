import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AuditService, decodeKeyset, DEFAULT_LIMIT, DomainError, generateSecret, hashSecret, inTransaction, passwordProblems, toPage } from '@asb/core';
import { resetPassword } from '../auth/password-reset';
import { canIssueCpnByDefault } from '../organisations/organisation-kinds';
import { CreateApiClientDto, CreateCspDto, CreateNpaDto, CreateOrganisationDto, CreateUserDto, UpdateNpaDto, UpdateUserDto } from './admin.dto';
import { AdministrationRepository, ApiClientRow, CspRow, NpaRow, OrganisationRow, UserRow } from './administration.repository';

export const mapOrganisation = (o: OrganisationRow) => ({ id: o.id, name: o.name, code: o.code, kind: o.kind, canIssueCpn: o.can_issue_cpn, createdAt: o.created_at.toISOString() });
export const mapCsp = (c: CspRow) => ({ code: c.code, name: c.name });
export const mapNpa = (n: NpaRow) => ({ code: n.code, name: n.name, defaultCspCode: n.default_csp_code, notificationEmails: n.notification_emails });
export const mapUser = (u: UserRow) => ({
  id: u.id, email: u.email, name: u.name, organisationId: u.organisation_id, roles: u.roles, active: u.active,
  createdAt: u.created_at.toISOString(), updatedAt: u.updated_at.toISOString(),
});
export const mapApiClient = (c: ApiClientRow) => ({
  id: c.id, name: c.name, organisationId: c.organisation_id, clientId: c.client_id, createdAt: c.created_at.toISOString(), revokedAt: c.revoked_at?.toISOString() ?? null,
});

const unknownOrganisation = () => DomainError.validation([{ field: 'organisationId', message: 'there is no organisation with this id' }]);

/** Administration (API.md): every change audited in its own transaction. */
@Injectable()
export class AdministrationService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AdministrationRepository,
    private readonly audit: AuditService,
  ) {}

  async listOrganisations() {
    return { items: (await this.repo.listOrganisations(this.db.manager)).map(mapOrganisation), nextCursor: null };
  }

  createOrganisation(actor: Actor, dto: CreateOrganisationDto) {
    return inTransaction(this.db, async (em) => {
      const row = await this.repo.insertOrganisation(em, { ...dto, canIssueCpn: dto.canIssueCpn ?? canIssueCpnByDefault(dto.kind) });
      await this.audit.record(em, actor, [{ action: 'create', entityType: 'organisation', entityId: row.id, details: { code: row.code } }]);
      return mapOrganisation(row);
    });
  }

  async listCsps() {
    return { items: (await this.repo.listCsps(this.db.manager)).map(mapCsp), nextCursor: null };
  }

  createCsp(actor: Actor, dto: CreateCspDto) {
    return inTransaction(this.db, async (em) => {
      const row = await this.repo.insertCsp(em, dto);
      await this.audit.record(em, actor, [{ action: 'create', entityType: 'csp', details: { code: row.code } }]);
      return mapCsp(row);
    });
  }

  async listNpas() {
    return { items: (await this.repo.listNpas(this.db.manager)).map(mapNpa), nextCursor: null };
  }

  createNpa(actor: Actor, dto: CreateNpaDto) {
    return inTransaction(this.db, async (em) => {
      if (!(await this.repo.cspExists(em, dto.defaultCspCode))) throw DomainError.validation([{ field: 'defaultCspCode', message: `there is no CSP ${dto.defaultCspCode}` }]);
      const row = await this.repo.insertNpa(em, { ...dto, notificationEmails: dto.notificationEmails.map((e) => e.toLowerCase()) });
      await this.audit.record(em, actor, [{ action: 'create', entityType: 'npa', details: { code: row.code } }]);
      return mapNpa(row);
    });
  }

  updateNpa(actor: Actor, code: string, dto: UpdateNpaDto) {
    return inTransaction(this.db, async (em) => {
      const npa = await this.repo.findNpaForUpdate(em, code);
      if (!npa) throw DomainError.notFound('NPA');
      if (dto.defaultCspCode && !(await this.repo.cspExists(em, dto.defaultCspCode))) {
        throw DomainError.validation([{ field: 'defaultCspCode', message: `there is no CSP ${dto.defaultCspCode}` }]);
      }
      const row = await this.repo.updateNpa(em, {
        code,
        name: dto.name ?? npa.name,
        default_csp_code: dto.defaultCspCode ?? npa.default_csp_code,
        notification_emails: dto.notificationEmails?.map((e) => e.toLowerCase()) ?? npa.notification_emails,
      });
      await this.audit.record(em, actor, [{ action: 'update', entityType: 'npa', details: { code, fields: Object.keys(dto) } }]);
      return mapNpa(row);
    });
  }

  async createUser(actor: Actor, dto: CreateUserDto) {
    const problems = passwordProblems(dto.password, dto.email);
    if (problems.length) throw DomainError.validation(problems.map((p) => ({ field: 'password', message: `password ${p}` })), 'The password is not allowed');
    const passwordHash = await hashSecret(dto.password);
    return inTransaction(this.db, async (em) => {
      if (!(await this.repo.organisationExists(em, dto.organisationId))) throw unknownOrganisation();
      const row = await this.repo.insertUser(em, { email: dto.email.toLowerCase(), name: dto.name, passwordHash, organisationId: dto.organisationId, roles: dto.roles });
      await this.audit.record(em, actor, [{ action: 'create', entityType: 'user', entityId: row.id, details: { roles: row.roles, organisationId: row.organisation_id } }]);
      return mapUser(row);
    });
  }

  updateUser(actor: Actor, id: string, dto: UpdateUserDto) {
    return inTransaction(this.db, async (em) => {
      const user = await this.repo.findUserForUpdate(em, id);
      if (!user) throw DomainError.notFound('User');
      if (id === actor.id && (dto.active === false || (dto.roles && !dto.roles.includes('admin')))) {
        throw new DomainError('CONFLICT', 'You cannot deactivate yourself or remove your own admin role; ask another admin');
      }
      const row = await this.repo.updateUser(em, { ...user, name: dto.name ?? user.name, roles: dto.roles ?? user.roles, active: dto.active ?? user.active });
      await this.audit.record(em, actor, [{ action: 'update', entityType: 'user', entityId: id, details: { fields: Object.keys(dto), roles: row.roles, active: row.active } }]);
      return mapUser(row);
    });
  }

  /** A temporary password, shown once, to be changed at the next sign-in; the user's tokens stop working at once. */
  resetPassword(actor: Actor, id: string) {
    return inTransaction(this.db, async (em) => {
      const reset = await resetPassword(em, { id });
      if (!reset) throw DomainError.notFound('User');
      await this.audit.record(em, actor, [{ action: 'password_reset', entityType: 'user', entityId: id, details: { by: 'admin' } }]);
      return { temporaryPassword: reset.temporaryPassword };
    });
  }

  async listUsers(actor: Actor, organisationId: string | undefined, limit = DEFAULT_LIMIT, cursor?: string) {
    const after = decodeKeyset(cursor, ['text', 'uuid']);
    const rows = await this.repo.listUsers(this.db.manager, organisationId, limit, after);
    return toPage(rows, limit, (u) => [u.email, u.id], mapUser);
  }

  async createApiClient(actor: Actor, dto: CreateApiClientDto) {
    const clientSecret = generateSecret(32);
    const secretHash = await hashSecret(clientSecret);
    return inTransaction(this.db, async (em) => {
      if (!(await this.repo.organisationExists(em, dto.organisationId))) throw unknownOrganisation();
      const row = await this.repo.insertApiClient(em, { name: dto.name, organisationId: dto.organisationId, clientId: `asb_${generateSecret(12)}`, secretHash, createdBy: actor.id });
      await this.audit.record(em, actor, [{ action: 'create', entityType: 'api_client', entityId: row.id, details: { organisationId: row.organisation_id } }]);
      return { ...mapApiClient(row), clientSecret };
    });
  }

  async listApiClients() {
    return { items: (await this.repo.listApiClients(this.db.manager)).map(mapApiClient), nextCursor: null };
  }

  revokeApiClient(actor: Actor, id: string) {
    return inTransaction(this.db, async (em) => {
      const row = await this.repo.revokeApiClient(em, id);
      if (!row) throw DomainError.notFound('API client');
      await this.audit.record(em, actor, [{ action: 'revoke', entityType: 'api_client', entityId: id }]);
    });
  }
}
