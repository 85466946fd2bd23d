import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  Actor,
  APP_CONFIG,
  AppConfig,
  AuditService,
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
import { CaseAnswer, CaseRow, CasesRepository, CasesService, nextReviewDueAt, reviewDueAfterReopening } from '@asb/cases';
import { reviewerRefusal } from '../rules/reviewer';
import { reviewTimeProblem } from '../rules/review-time';
import { CloseCaseDto, CreateReviewDto, ReopenCaseDto } from './review.dto';
import { mapReview, ReviewAnswer } from './review.mapper';
import { ReviewsRepository } from './reviews.repository';


export type RecordedReviewAnswer = ReviewAnswer & { caseReviewDueAt: string | null };

/**
 * The 28-day supervisory review, closing and reopening (DOMAIN.md section 7).
 * A review moves the case's due date to reviewedAt + the policy period; a
 * closure is a review with decision "close"; a reopening restarts the clock.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly db: DataSource,
    private readonly reviews: ReviewsRepository,
    private readonly cases: CasesRepository,
    private readonly caseAnswers: CasesService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, caseId: string, dto: CreateReviewDto): Promise<RecordedReviewAnswer> {
    const now = this.clock.now();
    const reviewedAt = dto.reviewedAt ? new Date(dto.reviewedAt) : now;
    if (dto.decision === 'close' && !dto.outcome) {
      throw DomainError.validation([{ field: 'outcome', message: 'a review with decision close closes the case and needs its outcome' }]);
    }
    if (dto.decision !== 'close' && dto.outcome) {
      throw DomainError.validation([{ field: 'outcome', message: 'outcome is only given with decision close' }]);
    }
    return inTransaction(this.db, async (em) => {
      const row = await this.loadForSupervisor(em, actor, caseId);
      refuseIfClosed(row.status, 'reviewing it');
      const problem = reviewTimeProblem(reviewedAt, {
        now,
        openedAt: row.opened_at,
        lastReviewedAt: await this.reviews.lastReviewedAt(em, caseId),
        reopenedAt: row.reopened_at,
      });
      if (problem) throw new DomainError(problem.code, problem.message, [{ field: 'reviewedAt', message: problem.message }]);

      const review = await this.reviews.insert(
        em,
        {
          caseId,
          reviewerId: actor.id,
          reviewedAt,
          summary: dto.summary,
          decision: dto.decision,
          outcome: dto.outcome ?? null,
          riskAssessmentsChecked: dto.riskAssessmentsChecked,
          nextActions: dto.nextActions ?? null,
          dueAt: row.review_due_at,
        },
        now,
      );
      let caseReviewDueAt: Date | null = null;
      if (dto.decision === 'close') {
        await this.reviews.close(em, caseId, reviewedAt, dto.outcome!, now);
      } else {
        caseReviewDueAt = nextReviewDueAt(reviewedAt, this.config.policy.supervisoryReviewDays);
        await this.reviews.setReviewDue(em, caseId, caseReviewDueAt, now);
      }
      await this.audit.record(em, actor, [
        { action: 'create', entityType: 'case_review', entityId: review.id, caseId, details: { decision: review.decision, onTime: mapReview(review).onTime } },
        {
          action: 'update',
          entityType: 'case',
          entityId: caseId,
          caseId,
          details: dto.decision === 'close' ? { change: 'close', outcome: dto.outcome, reviewId: review.id } : { change: 'review', reviewDueAt: caseReviewDueAt!.toISOString(), reviewId: review.id },
        },
      ]);
      return { ...mapReview(review), caseReviewDueAt: caseReviewDueAt?.toISOString() ?? null };
    });
  }

  async list(actor: Actor, caseId: string, query: PageQueryDto): Promise<Page<ReviewAnswer>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const after = key && { reviewedAt: key[0], id: key[1] };
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId);
      const rows = await this.reviews.pageForCase(em, caseId, limit, after);
      const page = toPage(rows, limit, (r) => [r.reviewed_at.toISOString(), r.id], mapReview);
      await this.audit.record(em, actor, [{ action: 'list', entityType: 'case_review', caseId, details: { reviewIds: page.items.map((r) => r.id) } }]);
      return page;
    });
  }

  /** Closing is a review with decision "close", made now by a supervisor of the lead organisation who is not the officer in charge. */
  async close(actor: Actor, caseId: string, dto: CloseCaseDto): Promise<CaseAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const row = await this.loadForSupervisor(em, actor, caseId);
      refuseIfClosed(row.status, 'closing it again');
      const review = await this.reviews.insert(
        em,
        {
          caseId,
          reviewerId: actor.id,
          reviewedAt: now,
          summary: dto.summary,
          decision: 'close',
          outcome: dto.outcome,
          riskAssessmentsChecked: dto.riskAssessmentsChecked ?? false,
          nextActions: dto.nextActions ?? null,
          dueAt: row.review_due_at,
        },
        now,
      );
      await this.reviews.close(em, caseId, now, dto.outcome, now);
      await this.audit.record(em, actor, [
        { action: 'create', entityType: 'case_review', entityId: review.id, caseId, details: { decision: 'close', onTime: mapReview(review).onTime } },
        { action: 'update', entityType: 'case', entityId: caseId, caseId, details: { change: 'close', outcome: dto.outcome, reviewId: review.id } },
      ]);
      return this.caseAnswers.answer(em, (await this.cases.findById(em, caseId))!, now);
    });
  }

  /** Reopening restarts the review clock: the next review is due the policy period after now. */
  async reopen(actor: Actor, caseId: string, dto: ReopenCaseDto): Promise<CaseAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const row = await this.loadForSupervisor(em, actor, caseId, { officerInChargeMay: true });
      if (row.status === 'open') throw new DomainError('CONFLICT', 'The case is open: only a closed case can be reopened');
      const reviewDueAt = reviewDueAfterReopening(now, this.config.policy.supervisoryReviewDays);
      const reopeningId = await this.reviews.reopen(
        em,
        { caseId, previousClosedAt: row.closed_at!, previousOutcome: row.close_outcome },
        dto.reason,
        reviewDueAt,
        actor,
        now,
      );
      await this.audit.record(em, actor, [
        { action: 'update', entityType: 'case', entityId: caseId, caseId, details: { change: 'reopen', reason: dto.reason, reopeningId, reviewDueAt: reviewDueAt.toISOString() } },
      ]);
      return this.caseAnswers.answer(em, (await this.cases.findById(em, caseId))!, now);
    });
  }

  /** The case, locked, when the caller can see it and may act on it as its supervisor. */
  private async loadForSupervisor(em: EntityManager, actor: Actor, caseId: string, opts: { officerInChargeMay?: boolean } = {}): Promise<CaseRow> {
    await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
    const row = (await this.cases.findById(em, caseId))!;
    const refusal = reviewerRefusal(actor, { leadOrganisationId: row.lead_organisation_id, officerInChargeId: row.officer_in_charge_id }, opts);
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    return row;
  }
}
