import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  Actor,
  APP_CONFIG,
  AppConfig,
  AuditService,
  checkPastTime,
  Clock,
  decodeKeyset,
  DEFAULT_LIMIT,
  DomainError,
  inTransaction,
  Page,
  PageQueryDto,
  refuseIfClosed,
  toPage,
} from '@asb/core';
import { CasesRepository } from '@asb/cases';
import {
  approvalRefusal,
  breachRecordingRefusal,
  decideNewIntervention,
  INTERVENTION_NAMES,
  Refusal,
  serveRefusal,
  withdrawalRefusal,
} from '../incremental-approach';
import { CreateInterventionDto, RecordBreachDto, ServeInterventionDto, WithdrawInterventionDto } from './intervention.dto';
import { BreachAnswer, InterventionAnswer, mapBreach, mapIntervention } from './intervention.mapper';
import { InterventionRow, InterventionsRepository } from './interventions.repository';

/**
 * Interventions of the Incremental Approach (DOMAIN.md section 9). Each
 * change is one transaction that locks the case (and, for a new
 * intervention, the perpetrator's link to it) before checking the rules of
 * incremental-approach.ts, so two requests about one perpetrator are checked
 * one after the other and cannot both pass on the same facts.
 */
@Injectable()
export class InterventionsService {
  constructor(
    private readonly db: DataSource,
    private readonly interventions: InterventionsRepository,
    private readonly cases: CasesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, caseId: string, personId: string, dto: CreateInterventionDto): Promise<InterventionAnswer> {
    const now = this.clock.now();
    const issuedAt = dto.issuedAt ? new Date(dto.issuedAt) : now;
    checkPastTime('issuedAt', issuedAt, now);
    const complianceDueAt = dto.complianceDueAt ? new Date(dto.complianceDueAt) : undefined;
    const breachId = dto.breachId?.toLowerCase();
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
      const c = (await this.cases.findById(em, caseId))!;
      refuseIfClosed(c.status, 'recording an intervention');
      const recipient = await this.interventions.lockPerpetrator(em, caseId, personId);
      if (!recipient) {
        throw new DomainError('PERSON_NOT_ON_CASE', 'That person is not a perpetrator on this case: add them as a perpetrator first', [
          { field: 'personId', message: 'not a perpetrator on the case' },
        ]);
      }
      if (issuedAt.getTime() < c.opened_at.getTime()) {
        throw DomainError.validation([{ field: 'issuedAt', message: `issuedAt may not be before the case was opened (${c.opened_at.toISOString()})` }]);
      }
      const breach = breachId ? await this.interventions.findBreach(em, breachId) : null;
      const decision = decideNewIntervention({
        type: dto.type,
        caseId,
        personId,
        issuedAt,
        complianceDueAt,
        requirements: dto.requirements ?? [],
        amount: dto.amount ?? undefined,
        breachIdGiven: breachId !== undefined,
        breach,
        justification: dto.justification ?? undefined,
        issuer: await this.interventions.issuingOrganisation(em, actor.organisationId),
        recipient,
        recorded: await this.interventions.recordedOnPerpetrator(em, caseId, personId),
        limits: this.config.policy,
      });
      if (decision.refusal !== null) throw refusalError(decision.refusal);
      if (breachId) {
        const existing = await this.interventions.breachAnsweredBy(em, breachId, dto.type);
        if (existing) {
          throw new DomainError('CONFLICT', `That breach already has a ${INTERVENTION_NAMES[dto.type]} (${existing}); withdraw it first to issue another`, [
            { field: 'breachId', message: `already answered by ${existing}` },
          ]);
        }
      }
      const row = await this.interventions.insert(
        em,
        {
          caseId,
          personId,
          type: dto.type,
          level: decision.level,
          status: decision.status,
          outOfSequence: decision.outOfSequence,
          justification: dto.justification ?? null,
          issuingOrganisationId: actor.organisationId,
          issuedAt,
          complianceDueAt: complianceDueAt ?? null,
          requirements: dto.requirements ?? [],
          amount: dto.amount ?? null,
          breachId: breachId ?? null,
          notes: dto.notes ?? null,
          by: actor,
        },
        now,
      );
      await this.audit.record(em, actor, [
        {
          action: 'create',
          entityType: 'intervention',
          entityId: row.id,
          caseId,
          details: { personId, type: row.type, level: row.level, status: row.status, outOfSequence: row.out_of_sequence, breachId: row.breach_id },
        },
      ]);
      return mapIntervention(row);
    });
  }

  /** A supervisor of the issuing organisation, other than the proposer, approves a proposed CPN. */
  async approve(actor: Actor, id: string): Promise<InterventionAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const row = await this.loadForChange(em, actor, id, 'approving a CPN');
      const refusal = approvalRefusal(stateOf(row), actor);
      if (refusal) throw refusalError(refusal);
      const approved = await this.interventions.approve(em, id, actor.id, now);
      await this.audit.record(em, actor, [{ action: 'update', entityType: 'intervention', entityId: id, caseId: row.case_id, details: { change: 'approve' } }]);
      return mapIntervention(approved);
    });
  }

  /** Serves an approved CPN; its CPNW must still be in force. */
  async serve(actor: Actor, id: string, dto: ServeInterventionDto): Promise<InterventionAnswer> {
    const now = this.clock.now();
    const servedAt = dto.servedAt ? new Date(dto.servedAt) : now;
    checkPastTime('servedAt', servedAt, now);
    const complianceDueAt = dto.complianceDueAt ? new Date(dto.complianceDueAt) : undefined;
    return inTransaction(this.db, async (em) => {
      const row = await this.loadForChange(em, actor, id, 'serving a CPN');
      requireIssuer(actor, row, 'serve');
      const refusal = serveRefusal({
        type: row.type,
        status: row.status,
        issuedAt: row.issued_at,
        complianceDueAt: row.compliance_due_at,
        servedAt,
        newComplianceDueAt: complianceDueAt,
        recorded: await this.interventions.recordedOnPerpetrator(em, row.case_id, row.person_id),
      });
      if (refusal) throw refusalError(refusal);
      const served = await this.interventions.serve(em, id, servedAt, complianceDueAt ?? null, now);
      await this.audit.record(em, actor, [
        { action: 'update', entityType: 'intervention', entityId: id, caseId: row.case_id, details: { change: 'serve', servedAt: servedAt.toISOString() } },
      ]);
      return mapIntervention(served);
    });
  }

  async withdraw(actor: Actor, id: string, dto: WithdrawInterventionDto): Promise<InterventionAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const row = await this.loadForChange(em, actor, id, 'withdrawing an intervention');
      requireIssuer(actor, row, 'withdraw');
      const refusal = withdrawalRefusal(stateOf(row));
      if (refusal) throw refusalError(refusal);
      const withdrawn = await this.interventions.withdraw(em, id, dto.reason, actor, now);
      await this.audit.record(em, actor, [
        { action: 'update', entityType: 'intervention', entityId: id, caseId: row.case_id, details: { change: 'withdraw', reason: dto.reason } },
      ]);
      return mapIntervention(withdrawn);
    });
  }

  /** Records a breach of a served intervention; anyone who works the case may (a police officer may witness the breach of a council's CPN). */
  async recordBreach(actor: Actor, id: string, dto: RecordBreachDto): Promise<BreachAnswer> {
    const now = this.clock.now();
    const occurredAt = new Date(dto.occurredAt);
    checkPastTime('occurredAt', occurredAt, now);
    return inTransaction(this.db, async (em) => {
      const row = await this.loadForChange(em, actor, id, 'recording a breach');
      const refusal = breachRecordingRefusal({ ...stateOf(row), servedAt: row.served_at }, occurredAt);
      if (refusal) throw refusalError(refusal);
      const breach = await this.interventions.insertBreach(em, { interventionId: id, occurredAt, description: dto.description, by: actor }, now);
      await this.audit.record(em, actor, [
        { action: 'create', entityType: 'intervention_breach', entityId: breach.id, caseId: row.case_id, details: { interventionId: id, personId: row.person_id } },
      ]);
      return mapBreach(breach, row);
    });
  }

  async list(actor: Actor, caseId: string, query: PageQueryDto): Promise<Page<InterventionAnswer>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const after = key && { issuedAt: key[0], id: key[1] };
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId);
      const rows = await this.interventions.pageForCase(em, caseId, limit, after);
      const page = toPage(rows, limit, (r) => [r.issued_at.toISOString(), r.id], mapIntervention);
      await this.audit.record(em, actor, [{ action: 'list', entityType: 'intervention', caseId, details: { interventionIds: page.items.map((i) => i.id) } }]);
      return page;
    });
  }

  /** The intervention, locked after its case (always in that order), when the caller can see the case and it is open. */
  private async loadForChange(em: EntityManager, actor: Actor, id: string, what: string): Promise<InterventionRow> {
    const caseId = await this.interventions.visibleCaseOf(em, id, actor.organisationId);
    if (!caseId) throw DomainError.notFound('Intervention');
    await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
    refuseIfClosed((await this.cases.findById(em, caseId))!.status, what);
    return this.interventions.findForUpdate(em, id);
  }
}

function stateOf(row: InterventionRow) {
  return { type: row.type, status: row.status, issuingOrganisationId: row.issuing_organisation_id, recordedBy: { kind: row.recorded_by_kind, id: row.recorded_by_id } };
}

/** Serving and withdrawing are for the organisation that issued it. */
function requireIssuer(actor: Actor, row: InterventionRow, act: string): void {
  if (actor.organisationId !== row.issuing_organisation_id) {
    throw DomainError.forbidden(`Only the organisation that issued this ${INTERVENTION_NAMES[row.type]} may ${act} it`);
  }
}

function refusalError(r: Refusal): DomainError {
  return new DomainError(r.code, r.message, r.field ? [{ field: r.field, message: r.message }] : undefined);
}
