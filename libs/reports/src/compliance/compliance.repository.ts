import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { exclusiveEnd } from '../rules/period-end';
import { ReportScope } from '../scope/report-scope';

/** The counts the compliance report is made of (ComplianceService turns them into percentages). */
export interface ComplianceCounts {
  openCases: number;
  reviewsOverdue: number;
  riskCasesNonCompliant: number;
  riskMissing: number;
  riskReviewOverdue: number;
  /** Reviews made whose due date fell in the period (each review records the due date it answered). */
  reviewsAnswered: number;
  reviewsAnsweredOnTime: number;
  /** Open cases whose current due date fell in the period and has passed unanswered. */
  reviewsUnansweredOverdue: number;
  victims: number;
  victimsOverdue: number;
  victimsDeclined: number;
  interventions: number;
  interventionsOutOfSequence: number;
}

/** Facts of one kind (migration 1763900001400) whose instant is in [lo, hi): SQL timestamptz expressions. */
interface FactRange {
  kind: string;
  lo: string;
  hi: string;
}

const MINUS_INFINITY = `'-infinity'::timestamptz`;
const INFINITY = `'infinity'::timestamptz`;
const MS_PER_DAY = 86_400_000;
/** The key of the tallies' partnership rows (migration 1763900001400, compliance_tally_keys). */
const PARTNERSHIP = '00000000-0000-0000-0000-000000000000';

/**
 * The compliance figures of DOMAIN.md section 11 from the running counts kept
 * by migration 1763900001400 (`compliance_tallies`, the deltas not yet folded
 * in, and `compliance_facts` for the partial days at the ends of a range), in
 * one statement. Its work is bounded by the days of the period and the
 * organisation/NPA pairs, whatever the size of the caseload (bench/README.md).
 *
 * Each figure is a count of facts of some kinds in a range of instants:
 * - point-in-time counts (open cases, missing assessments, victims, declined)
 *   are of all time;
 * - "overdue" is due before now (for a victim on the default frequency, last
 *   contact before now less the frequency);
 * - the period figures are due (a review) or issued (an intervention) in the
 *   period, both ends inclusive; a review due date still to come is not
 *   counted as unanswered.
 *
 * A range counts the tallies of its whole UTC days and the facts of the part
 * days at either end; a date-only period has none at its start.
 */
@Injectable()
export class ComplianceRepository {
  async counts(em: EntityManager, scope: ReportScope, now: Date, defaultVictimFrequencyDays: number): Promise<ComplianceCounts> {
    const params: unknown[] = [];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const nowSql = param(now.toISOString(), 'timestamptz');
    const from = scope.from ? param(scope.from.toISOString(), 'timestamptz') : MINUS_INFINITY;
    const toExclusive = scope.to ? param(exclusiveEnd(scope.to), 'timestamptz') : INFINITY;
    const victimDefaultDue = param(new Date(now.getTime() - defaultVictimFrequencyDays * MS_PER_DAY).toISOString(), 'timestamptz');

    const allTime = (kind: string): FactRange => ({ kind, lo: MINUS_INFINITY, hi: INFINITY });
    const before = (kind: string, hi: string): FactRange => ({ kind, lo: MINUS_INFINITY, hi });
    const inPeriod = (kind: string, hi = toExclusive): FactRange => ({ kind, lo: from, hi });
    const figures: Record<keyof ComplianceCounts, FactRange[]> = {
      openCases: [allTime('open')],
      reviewsOverdue: [before('review_due', nowSql)],
      riskCasesNonCompliant: [before('case_ra_due', nowSql)],
      riskMissing: [allTime('ra_missing')],
      riskReviewOverdue: [before('ra_due', nowSql)],
      reviewsAnswered: [inPeriod('review_answered')],
      reviewsAnsweredOnTime: [inPeriod('review_on_time')],
      reviewsUnansweredOverdue: [inPeriod('review_due', `least(${toExclusive}, ${nowSql})`)],
      victims: [allTime('victim'), allTime('victim_default')],
      victimsOverdue: [before('victim', nowSql), before('victim_default', victimDefaultDue)],
      victimsDeclined: [allTime('victim_declined')],
      interventions: [inPeriod('intervention')],
      interventionsOutOfSequence: [inPeriod('intervention_out_of_sequence')],
    };

    const talliesScope = this.scopeSql(scope, param, 'tallies');
    const factsScope = this.scopeSql(scope, param, 'facts');
    const ranges = Object.values(figures).flat();
    // Whole days: one pass over the tallies and pending deltas, a sum per range.
    const tallied = (table: string) =>
      `SELECT t.kind, t.day, t.n FROM ${table} t WHERE (${ranges.map(wholeDays).join(' OR ')}) AND ${talliesScope}`;
    const wholeSums = ranges.map((r, i) => `coalesce(sum(t.n) FILTER (WHERE ${wholeDays(r)}), 0) AS r${i}`);
    // Part days: a range scan of the facts' covering index for each end that is not a midnight.
    const partSum = (kind: string, lo: string, hi: string) =>
      `(SELECT coalesce(sum(t.n), 0) FROM compliance_facts t WHERE t.kind = '${kind}' AND t.at >= ${lo} AND t.at < ${hi} AND ${factsScope})`;
    const figureSql = (rs: FactRange[]) =>
      rs.flatMap((r) => [
        `w.r${ranges.indexOf(r)}`,
        ...(r.lo === MINUS_INFINITY ? [] : [partSum(r.kind, r.lo, `least(${r.hi}, ${firstMidnight(r)})`)]),
        ...(r.hi === INFINITY ? [] : [partSum(r.kind, `greatest(${r.lo}, ${lastMidnight(r)})`, r.hi)]),
      ]).join(' + ');
    const sql = `
      WITH w AS (
        SELECT ${wholeSums.join(', ')}
          FROM (${tallied('compliance_tallies')} UNION ALL ${tallied('compliance_tally_deltas')}) t)
      SELECT ${Object.entries(figures).map(([name, rs]) => `${figureSql(rs)} AS "${name}"`).join(',\n             ')}
        FROM w`;
    const [row]: Record<keyof ComplianceCounts, string>[] = await em.query(sql, params);
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as ComplianceCounts;
  }

  /**
   * Which organisation's copy of the facts, then the filters (ReportScope).
   * The whole partnership unfiltered reads the tallies' partnership rows (all
   * keys zero); otherwise the lead organisation's copy stands for the case.
   */
  private scopeSql(scope: ReportScope, param: (value: unknown, cast: string) => string, table: 'tallies' | 'facts'): string {
    const filtered = Boolean(scope.npaCode || scope.cspCode || scope.organisationId);
    if (!scope.visibleTo && !filtered && table === 'tallies') return `t.visible_org = '${PARTNERSHIP}'::uuid`;
    const where = [scope.visibleTo ? `t.visible_org = ${param(scope.visibleTo, 'uuid')}` : 't.visible_org = t.lead_organisation_id'];
    if (scope.npaCode) where.push(`t.npa_code = ${param(scope.npaCode, 'text')}`);
    if (scope.cspCode) where.push(`t.csp_code = ${param(scope.cspCode, 'text')}`);
    if (scope.organisationId) where.push(`t.lead_organisation_id = ${param(scope.organisationId, 'uuid')}`);
    return where.join(' AND ');
  }
}

/** The whole UTC days of the range, as tallied. */
function wholeDays(r: FactRange): string {
  return `(t.kind = '${r.kind}' AND t.day >= compliance_ceil_day(${r.lo}) AND t.day < compliance_day(${r.hi}))`;
}

/** The first midnight at or after the range's start: its part day before that is read from the facts. */
function firstMidnight(r: FactRange): string {
  return `compliance_day_start(compliance_ceil_day(${r.lo}))`;
}

/** The last midnight at or before the range's end (not before its first): its part day after that is read from the facts. */
function lastMidnight(r: FactRange): string {
  return `compliance_day_start(greatest(compliance_day(${r.hi}), compliance_ceil_day(${r.lo})))`;
}
