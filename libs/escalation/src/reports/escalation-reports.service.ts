import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Clock, ReportFilterDto } from '@asb/core';
import { ReportScopes } from '@asb/reports';
import { EscalationReportsRepository } from './escalation-reports.repository';

export const JAG_REPORT_COLUMNS = ['cspCode', 'cspName', 'referred', 'resolved', 'open'] as const;
export const CASE_REVIEW_REPORT_COLUMNS = [
  'organisationId',
  'organisationName',
  'applications',
  'thresholdMet',
  'thresholdNotMet',
  'awaitingOutcome',
  'recommendationsMade',
  'noFurtherAction',
  'decidedThresholdNotMet',
] as const;

/**
 * JAG and ASB Case Review figures (DOMAIN.md section 11), aggregate only (no
 * personal data, so nothing to audit). Scope and filters as every report
 * (ReportScopes): a supervisor counts the cases their organisation can see,
 * an analyst or admin the whole partnership. A period without `to` ends now.
 */
@Injectable()
export class EscalationReportsService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: EscalationReportsRepository,
    private readonly scopes: ReportScopes,
    private readonly clock: Clock,
  ) {}

  async jag(actor: Actor, f: ReportFilterDto) {
    const scope = await this.scopes.resolve(this.db.manager, actor, f);
    const rows = await this.reports.jag(this.db.manager, scope, scope.to ?? this.clock.now());
    return rows.map((r) => ({ cspCode: r.csp_code, cspName: r.csp_name, referred: r.referred, resolved: r.resolved, open: r.open }));
  }

  async caseReviews(actor: Actor, f: ReportFilterDto) {
    const scope = await this.scopes.resolve(this.db.manager, actor, f);
    const rows = await this.reports.caseReviews(this.db.manager, scope);
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      applications: r.applications,
      thresholdMet: r.threshold_met,
      thresholdNotMet: r.threshold_not_met,
      awaitingOutcome: r.awaiting_outcome,
      recommendationsMade: r.recommendations_made,
      noFurtherAction: r.no_further_action,
      decidedThresholdNotMet: r.decided_threshold_not_met,
    }));
  }
}
