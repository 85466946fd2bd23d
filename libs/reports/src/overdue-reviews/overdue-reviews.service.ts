import { Injectable } from '@nestjs/common';
import { IntersectionType } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Actor, Clock, decodeKeyset, DEFAULT_LIMIT, Page, PageQueryDto, ReportFilterDto, toPage } from '@asb/core';
import { daysOverdue } from '../rules/figures';
import { ReportScopes } from '../scope/report-scope';
import { OverdueReviewRow, OverdueReviewsRepository } from './overdue-reviews.repository';

export interface OverdueReview {
  caseId: string;
  caseReference: string;
  npaCode: string;
  cspCode: string;
  leadOrganisation: { id: string; name: string };
  officerInCharge: { id: string; name: string } | null;
  openedAt: string;
  lastReviewedAt: string | null;
  reviewDueAt: string;
  daysOverdue: number;
}

export const OVERDUE_REVIEW_COLUMNS = [
  'caseReference', 'npaCode', 'cspCode', 'leadOrganisation', 'officerInCharge', 'openedAt', 'lastReviewedAt', 'reviewDueAt', 'daysOverdue',
] as const;

/** The report filters, and a page of the JSON list (CSV gives every row). */
export class OverdueReviewsQueryDto extends IntersectionType(ReportFilterDto, PageQueryDto) {}

@Injectable()
export class OverdueReviewsService {
  constructor(
    private readonly db: DataSource,
    private readonly scopes: ReportScopes,
    private readonly repo: OverdueReviewsRepository,
    private readonly clock: Clock,
  ) {}

  /** One page of overdue cases, most overdue first. */
  async page(actor: Actor, q: ReportFilterDto & PageQueryDto): Promise<Page<OverdueReview>> {
    const now = this.clock.now();
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeKeyset(q.cursor, ['timestamp', 'uuid'] as const);
    const scope = await this.scopes.resolve(this.db.manager, actor, q);
    const rows = await this.repo.find(this.db.manager, scope, now, { limit, after });
    return toPage(rows, limit, (r) => [r.review_due_at.toISOString(), r.case_id], (r) => mapOverdue(r, now));
  }

  /** Every overdue case in scope, for the CSV download. */
  async all(actor: Actor, q: ReportFilterDto): Promise<OverdueReview[]> {
    const now = this.clock.now();
    const scope = await this.scopes.resolve(this.db.manager, actor, q);
    const rows = await this.repo.find(this.db.manager, scope, now, {});
    return rows.map((r) => mapOverdue(r, now));
  }
}

function mapOverdue(r: OverdueReviewRow, now: Date): OverdueReview {
  return {
    caseId: r.case_id,
    caseReference: r.reference,
    npaCode: r.npa_code,
    cspCode: r.csp_code,
    leadOrganisation: { id: r.lead_organisation_id, name: r.lead_organisation_name },
    officerInCharge: r.officer_in_charge_id ? { id: r.officer_in_charge_id, name: r.officer_in_charge_name ?? '' } : null,
    openedAt: r.opened_at.toISOString(),
    lastReviewedAt: r.last_reviewed_at?.toISOString() ?? null,
    reviewDueAt: r.review_due_at.toISOString(),
    daysOverdue: daysOverdue(r.review_due_at, now),
  };
}

export function overdueCsvRow(o: OverdueReview): Record<(typeof OVERDUE_REVIEW_COLUMNS)[number], unknown> {
  return {
    caseReference: o.caseReference, npaCode: o.npaCode, cspCode: o.cspCode, leadOrganisation: o.leadOrganisation.name,
    officerInCharge: o.officerInCharge?.name ?? '', openedAt: o.openedAt, lastReviewedAt: o.lastReviewedAt ?? '',
    reviewDueAt: o.reviewDueAt, daysOverdue: o.daysOverdue,
  };
}
