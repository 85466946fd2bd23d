import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AuditService, DomainError, inTransaction, periodOf, ReportFilterDto } from '@asb/core';
import { NotificationJobs } from '../notification-jobs.producer';
import { isMonday } from './week';

export const TREND_COLUMNS = ['weekOf', 'npas', 'casesNonCompliant', 'missing', 'reviewOverdue'] as const;

@Injectable()
export class MissingRiskAssessmentsTrend {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async trigger(actor: Actor, weekOf: string | undefined, force: boolean, jobs: NotificationJobs): Promise<string> {
    const monday = weekOf ? mondayOf(weekOf) : undefined;
    const jobId = await jobs.runWeeklyMissingRiskAssessments({ weekOf: monday, force });
    await inTransaction(this.db, (em) => this.audit.record(em, actor, [{ action: 'create', entityType: 'job', details: { job: 'missing-risk-assessments', weekOf: monday ?? null, force, jobId } }]));
    return jobId;
  }

  /** The stored counts of each weekly run, summed over the NPAs the filter selects. */
  async weekly(f: ReportFilterDto) {
    if (f.organisationId) {
      throw DomainError.validation([{ field: 'organisationId', message: 'the weekly counts are kept per NPA; filter by npaCode or cspCode' }]);
    }
    const { from, to } = periodOf(f);
    const rows: { week_of: string; npas: number; cases: number; missing: number; overdue: number }[] = await this.db.query(
      `SELECT w.week_of::text AS week_of, count(*)::int AS npas, sum(w.cases_non_compliant)::int AS cases,
              sum(w.missing)::int AS missing, sum(w.review_overdue)::int AS overdue
         FROM missing_ra_weekly_counts w JOIN npas n ON n.code = w.npa_code
        WHERE ($1::date IS NULL OR w.week_of >= $1::date) AND ($2::date IS NULL OR w.week_of <= $2::date)
          AND ($3::text IS NULL OR w.npa_code = $3) AND ($4::text IS NULL OR n.default_csp_code = $4)
        GROUP BY w.week_of ORDER BY w.week_of`,
      [from?.toISOString().slice(0, 10) ?? null, to?.toISOString().slice(0, 10) ?? null, f.npaCode ?? null, f.cspCode ?? null],
    );
    return rows.map((r) => ({ weekOf: r.week_of, npas: r.npas, casesNonCompliant: r.cases, missing: r.missing, reviewOverdue: r.overdue }));
  }
}

function mondayOf(date: string): string {
  let d = new Date(`${date}T00:00:00Z`);
  while (!isMonday(d.toISOString().slice(0, 10))) d = new Date(d.getTime() - 86_400_000);
  return d.toISOString().slice(0, 10);
}
