import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService, Actor, APP_CONFIG, AppConfig, AuditService, checkPastTime, Clock, DomainError, inTransaction } from '@asb/core';
import { PartiesRepository } from '@asb/cases';
import { PeopleRepository } from '@asb/people';
import { outcomeRefusal } from '../rules/case-review-outcome';
import { complaintSearchFrom, evaluateCaseReviewThreshold } from '../rules/case-review-threshold';
import { CreateCaseReviewDto, RecordCaseReviewOutcomeDto } from './case-review.dto';
import { CaseReviewAnswer, mapCaseReview } from './case-review.mapper';
import { CaseReviewsRepository } from './case-reviews.repository';

/**
 * ASB Case Reviews, the Community Trigger (DOMAIN.md section 10): the
 * threshold is evaluated on application from the applicant's complaints
 * (rules/case-review-threshold.ts) and kept with the application, so later
 * incidents do not change what was decided; the outcome and recommendations
 * are recorded once, by a supervisor.
 *
 * Applications are casework: any casework role may record one for a person
 * it can see. A named case must be visible, and the applicant must be a
 * victim on it. A closed case may be named: victims often apply because the
 * case was closed.
 */
@Injectable()
export class CaseReviewsService {
  constructor(
    private readonly db: DataSource,
    private readonly reviews: CaseReviewsRepository,
    private readonly people: PeopleRepository,
    private readonly parties: PartiesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async apply(actor: Actor, dto: CreateCaseReviewDto): Promise<CaseReviewAnswer> {
    const now = this.clock.now();
    const appliedAt = dto.appliedAt ? new Date(dto.appliedAt) : now;
    checkPastTime('appliedAt', appliedAt, now);
    const threshold = this.config.policy.caseReviewThreshold;
    return inTransaction(this.db, async (em) => {
      const person = await this.people.findForOrganisation(em, dto.applicantPersonId, actor.organisationId);
      if (!person?.visible) throw DomainError.notFound('Person');
      if (person.merged_into) {
        throw DomainError.validation([{ field: 'applicantPersonId', mergedInto: person.merged_into, message: `the profile was merged into ${person.merged_into}` }]);
      }
      if (dto.caseId) {
        await this.access.requireVisibleCase(em, actor, dto.caseId);
        if (!(await this.parties.victimsAmong(em, dto.caseId, [dto.applicantPersonId])).has(dto.applicantPersonId)) {
          throw new DomainError('PERSON_NOT_ON_CASE', 'The applicant must be a victim on the case', [
            { field: 'applicantPersonId', message: `${dto.applicantPersonId} is not a victim on this case` },
          ]);
        }
      }
      const complaints = await this.reviews.complaintsOf(em, dto.applicantPersonId, complaintSearchFrom(appliedAt), appliedAt);
      const result = evaluateCaseReviewThreshold(complaints, appliedAt, threshold);
      const row = await this.reviews.insert(
        em,
        {
          applicantPersonId: dto.applicantPersonId,
          caseId: dto.caseId ?? null,
          organisationId: actor.organisationId,
          appliedAt,
          threshold,
          thresholdMet: result.thresholdMet,
          qualifyingIncidentIds: result.qualifyingIncidentIds,
          byKind: actor.kind,
          byId: actor.id,
        },
        now,
      );
      await this.audit.record(em, actor, [
        {
          action: 'create',
          entityType: 'asb_case_review',
          entityId: row.id,
          caseId: row.case_id,
          details: { applicantPersonId: row.applicant_person_id, threshold, thresholdMet: result.thresholdMet, qualifyingIncidentIds: result.qualifyingIncidentIds },
        },
      ]);
      return mapCaseReview(row);
    });
  }

  async get(actor: Actor, id: string): Promise<CaseReviewAnswer> {
    return inTransaction(this.db, async (em) => {
      const row = await this.reviews.findVisible(em, id, actor.organisationId);
      if (!row) throw DomainError.notFound('Case Review');
      await this.audit.record(em, actor, [{ action: 'read', entityType: 'asb_case_review', entityId: id, caseId: row.case_id }]);
      return mapCaseReview(row);
    });
  }

  async recordOutcome(actor: Actor, id: string, dto: RecordCaseReviewOutcomeDto): Promise<CaseReviewAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const row = await this.reviews.findVisible(em, id, actor.organisationId, { lock: true });
      if (!row) throw DomainError.notFound('Case Review');
      const refusal = outcomeRefusal(actor, { status: row.status, thresholdMet: row.threshold_met }, dto);
      if (refusal?.code === 'VALIDATION_FAILED') throw DomainError.validation([{ field: refusal.field, message: refusal.message }]);
      if (refusal) throw new DomainError(refusal.code, refusal.message);
      const updated = await this.reviews.recordOutcome(em, id, { decision: dto.decision, recommendations: dto.recommendations, byKind: actor.kind, byId: actor.id }, now);
      await this.audit.record(em, actor, [
        { action: 'update', entityType: 'asb_case_review', entityId: id, caseId: row.case_id, details: { change: 'outcome', decision: dto.decision, recommendations: dto.recommendations.length } },
      ]);
      return mapCaseReview(updated);
    });
  }
}
