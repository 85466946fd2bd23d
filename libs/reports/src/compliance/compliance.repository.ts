import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MissingRiskAssessmentsRepository } from '@asb/risk';
import { caseScopeSql, periodSql, ReportScope, scopesCases } from '../scope/report-scope';

export interface CaseCounts {
  openCases: number;
  reviewsOverdue: number;
}

export interface ReviewPeriodCounts {
  /** Reviews made whose due date fell in the period (each review records the due date it answered). */
  answered: number;
  answeredOnTime: number;
  /** Open cases whose current due date fell in the period and has passed unanswered. */
  unansweredOverdue: number;
}

export interface VictimCounts {
  victims: number;
  overdue: number;
  declined: number;
}

/**
 * The compliance figures of DOMAIN.md section 11, each one set-based query
 * over the cases in scope. Closed cases drop out of every point-in-time count
 * (only `status = 'open'` is counted); the period figures count the reviews
 * made in the period, a closure included, since a closure is a review.
 */
@Injectable()
export class ComplianceRepository {
  constructor(private readonly missing: MissingRiskAssessmentsRepository) {}

  /** Open cases and those past their review date (cases_open_review_due_idx / cases_open_npa_idx). */
  async caseCounts(em: EntityManager, scope: ReportScope, now: Date): Promise<CaseCounts> {
    const params: unknown[] = [now.toISOString()];
    const [r]: { open_cases: number; overdue: number }[] = await em.query(
      `SELECT count(*)::int AS open_cases, count(*) FILTER (WHERE c.review_due_at < $1::timestamptz)::int AS overdue
         FROM cases c WHERE c.status = 'open' AND ${caseScopeSql('c', scope, params)}`,
      params,
    );
    return { openCases: r.open_cases, reviewsOverdue: r.overdue };
  }

  riskAssessmentCounts(em: EntityManager, scope: ReportScope, now: Date) {
    return this.missing.totals(em, {
      now,
      npaCode: scope.npaCode,
      cspCode: scope.cspCode,
      leadOrganisationId: scope.organisationId,
      visibleToOrganisationId: scope.visibleTo,
    });
  }

  /**
   * Review due dates that fell in the period: those answered by a review
   * (case_reviews_due_idx), on time when made no later than the due instant,
   * and those of open cases that have passed with no review yet
   * (cases_open_review_due_idx). A due date still in the future is not yet
   * counted, however the period is drawn.
   */
  async reviewPeriodCounts(em: EntityManager, scope: ReportScope, now: Date): Promise<ReviewPeriodCounts> {
    const params: unknown[] = [now.toISOString()];
    // The whole partnership needs no case for a review: the join would double the work (bench/README.md).
    const answeredScope = scopesCases(scope)
      ? `FROM case_reviews r JOIN cases c ON c.id = r.case_id WHERE ${periodSql('r.due_at', scope, params)} AND ${caseScopeSql('c', scope, params)}`
      : `FROM case_reviews r WHERE ${periodSql('r.due_at', scope, params)}`;
    const unansweredScope = `${periodSql('c.review_due_at', scope, params)} AND ${caseScopeSql('c', scope, params)}`;
    const [r]: { answered: number; on_time: number; unanswered: number }[] = await em.query(
      `SELECT a.answered, a.on_time, u.unanswered
         FROM (SELECT count(*)::int AS answered, count(*) FILTER (WHERE r.reviewed_at <= r.due_at)::int AS on_time
                 ${answeredScope}) a,
              (SELECT count(*)::int AS unanswered
                 FROM cases c
                WHERE c.status = 'open' AND c.review_due_at < $1::timestamptz AND ${unansweredScope}) u`,
      params,
    );
    return { answered: r.answered, answeredOnTime: r.on_time, unansweredOverdue: r.unanswered };
  }

  /**
   * Victims on open cases (DOMAIN.md section 8): a victim who has declined
   * updates is counted apart and is never overdue; any other is overdue when
   * their last update (or, with none, their joining the case) plus the agreed
   * frequency is in the past. The last update is one index probe per victim
   * (victim_updates_case_person_contacted_idx).
   */
  async victimCounts(em: EntityManager, scope: ReportScope, now: Date, defaultFrequencyDays: number): Promise<VictimCounts> {
    const params: unknown[] = [now.toISOString(), defaultFrequencyDays];
    const [r]: { victims: number; overdue: number; declined: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE NOT cp.updates_declined)::int AS victims,
              count(*) FILTER (WHERE NOT cp.updates_declined
                AND coalesce(lu.contacted_at, cp.added_at) + make_interval(days => coalesce(cp.update_frequency_days, $2::int)) < $1::timestamptz)::int AS overdue,
              count(*) FILTER (WHERE cp.updates_declined)::int AS declined
         FROM cases c
         JOIN case_parties cp ON cp.case_id = c.id AND cp.role = 'victim'
         LEFT JOIN LATERAL (SELECT vu.contacted_at FROM victim_updates vu
                             WHERE vu.case_id = cp.case_id AND vu.person_id = cp.person_id
                             ORDER BY vu.contacted_at DESC LIMIT 1) lu ON true
        WHERE c.status = 'open' AND ${caseScopeSql('c', scope, params)}`,
      params,
    );
    return r;
  }
}
