import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Actor, AuditService, Clock, DomainError, inTransaction } from '@asb/core';
import { CasesRepository } from '../cases/cases.repository';

export interface ShareAnswer {
  caseId: string;
  organisationId: string;
  sharedAt: string;
}

/**
 * DOMAIN.md section 12: a case is visible to its lead organisation and to the
 * organisations it is shared with. Only the lead organisation shares or
 * unshares; an organisation it is shared with is told 403, anyone else 404.
 */
@Injectable()
export class SharesService {
  constructor(
    private readonly db: DataSource,
    private readonly cases: CasesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async share(actor: Actor, caseId: string, organisationId: string): Promise<ShareAnswer> {
    const now = this.clock.now();
    const orgId = organisationId.toLowerCase();
    return inTransaction(this.db, async (em) => {
      const lead = await this.requireLead(em, actor, caseId);
      if (orgId === lead) throw DomainError.validation([{ field: 'organisationId', message: 'The lead organisation already sees its case' }]);
      if (!(await this.cases.organisationExists(em, orgId))) {
        throw DomainError.validation([{ field: 'organisationId', message: 'There is no such organisation' }]);
      }
      const added = await this.cases.addShare(em, caseId, orgId, now);
      if (!added) throw new DomainError('CONFLICT', 'The case is already shared with this organisation');
      await this.audit.record(em, actor, [{ action: 'share', entityType: 'case_share', entityId: orgId, caseId }]);
      return { caseId, organisationId: orgId, sharedAt: added.shared_at.toISOString() };
    });
  }

  async unshare(actor: Actor, caseId: string, organisationId: string): Promise<void> {
    const orgId = organisationId.toLowerCase();
    await inTransaction(this.db, async (em) => {
      await this.requireLead(em, actor, caseId);
      if (!(await this.cases.removeShare(em, caseId, orgId))) throw DomainError.notFound('Share');
      await this.audit.record(em, actor, [{ action: 'unshare', entityType: 'case_share', entityId: orgId, caseId }]);
    });
  }

  private async requireLead(em: EntityManager, actor: Actor, caseId: string): Promise<string> {
    await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
    const row = (await this.cases.findById(em, caseId))!;
    if (row.lead_organisation_id !== actor.organisationId) throw DomainError.forbidden('Only the lead organisation may share its case');
    return row.lead_organisation_id;
  }
}
