import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, Clock, ReportFilterDto } from '@asb/core';
import { adherencePercent, compliancePercent, percent } from '../rules/figures';
import { ReportScopes } from '../scope/report-scope';
import { ComplianceRepository } from './compliance.repository';

export interface ComplianceReport {
  asOf: string;
  period: { from: string | null; to: string | null };
  riskAssessments: { openCases: number; casesNonCompliant: number; missing: number; reviewOverdue: number; compliancePercent: number | null };
  supervisoryReviews: {
    openCases: number;
    overdue: number;
    compliancePercent: number | null;
    dueInPeriod: number;
    doneOnTimeInPeriod: number;
    onTimePercentInPeriod: number | null;
  };
  victimUpdates: { victims: number; overdue: number; compliancePercent: number | null; declined: number };
  incrementalApproach: { interventions: number; outOfSequence: number; adherencePercent: number | null };
}

/** The flat CSV form: one row, a column per figure. */
export const COMPLIANCE_COLUMNS = [
  'asOf', 'from', 'to',
  'riskOpenCases', 'riskCasesNonCompliant', 'riskMissing', 'riskReviewOverdue', 'riskCompliancePercent',
  'reviewsOpenCases', 'reviewsOverdue', 'reviewsCompliancePercent', 'reviewsDueInPeriod', 'reviewsDoneOnTimeInPeriod', 'reviewsOnTimePercentInPeriod',
  'victims', 'victimsOverdue', 'victimsCompliancePercent', 'victimsDeclined',
  'interventions', 'interventionsOutOfSequence', 'adherencePercent',
] as const;

@Injectable()
export class ComplianceService {
  constructor(
    private readonly db: DataSource,
    private readonly scopes: ReportScopes,
    private readonly figures: ComplianceRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Every figure from one snapshot of the database (a read-only, repeatable-read
   * transaction), so the sections agree with one another. Point-in-time figures
   * are as of now; the period (from, to) selects the review due dates counted in
   * `dueInPeriod` and `doneOnTimeInPeriod`, and the interventions issued
   * (withdrawn ones left out) for Incremental Approach adherence. The counts
   * come from the running tallies (ComplianceRepository), so the report costs
   * the same for ten thousand open cases as for a hundred.
   */
  async report(actor: Actor, filter: ReportFilterDto): Promise<ComplianceReport> {
    const now = this.clock.now();
    return this.db.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const scope = await this.scopes.resolve(em, actor, filter);
      const c = await this.figures.counts(em, scope, now, this.config.policy.defaultVictimUpdateFrequencyDays);
      const dueInPeriod = c.reviewsAnswered + c.reviewsUnansweredOverdue;
      return {
        asOf: now.toISOString(),
        period: { from: scope.from?.toISOString() ?? null, to: scope.to?.toISOString() ?? null },
        riskAssessments: {
          openCases: c.openCases,
          casesNonCompliant: c.riskCasesNonCompliant,
          missing: c.riskMissing,
          reviewOverdue: c.riskReviewOverdue,
          compliancePercent: compliancePercent(c.riskCasesNonCompliant, c.openCases),
        },
        supervisoryReviews: {
          openCases: c.openCases,
          overdue: c.reviewsOverdue,
          compliancePercent: compliancePercent(c.reviewsOverdue, c.openCases),
          dueInPeriod,
          doneOnTimeInPeriod: c.reviewsAnsweredOnTime,
          onTimePercentInPeriod: percent(c.reviewsAnsweredOnTime, dueInPeriod),
        },
        victimUpdates: {
          victims: c.victims,
          overdue: c.victimsOverdue,
          compliancePercent: compliancePercent(c.victimsOverdue, c.victims),
          declined: c.victimsDeclined,
        },
        incrementalApproach: {
          interventions: c.interventions,
          outOfSequence: c.interventionsOutOfSequence,
          adherencePercent: adherencePercent(c.interventions, c.interventionsOutOfSequence),
        },
      };
    });
  }
}

export function complianceCsvRow(r: ComplianceReport): Record<(typeof COMPLIANCE_COLUMNS)[number], unknown> {
  return {
    asOf: r.asOf, from: r.period.from, to: r.period.to,
    riskOpenCases: r.riskAssessments.openCases, riskCasesNonCompliant: r.riskAssessments.casesNonCompliant,
    riskMissing: r.riskAssessments.missing, riskReviewOverdue: r.riskAssessments.reviewOverdue, riskCompliancePercent: r.riskAssessments.compliancePercent,
    reviewsOpenCases: r.supervisoryReviews.openCases, reviewsOverdue: r.supervisoryReviews.overdue,
    reviewsCompliancePercent: r.supervisoryReviews.compliancePercent, reviewsDueInPeriod: r.supervisoryReviews.dueInPeriod,
    reviewsDoneOnTimeInPeriod: r.supervisoryReviews.doneOnTimeInPeriod, reviewsOnTimePercentInPeriod: r.supervisoryReviews.onTimePercentInPeriod,
    victims: r.victimUpdates.victims, victimsOverdue: r.victimUpdates.overdue,
    victimsCompliancePercent: r.victimUpdates.compliancePercent, victimsDeclined: r.victimUpdates.declined,
    interventions: r.incrementalApproach.interventions, interventionsOutOfSequence: r.incrementalApproach.outOfSequence,
    adherencePercent: r.incrementalApproach.adherencePercent,
  };
}
