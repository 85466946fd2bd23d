import type { EntityManager } from 'typeorm';
import { caseScopeSql, periodSql, ReportScope } from '@asb/reports/scope/report-scope';
import { adherencePercent } from '../incremental-approach';

export interface IncrementalApproachFigures {
  interventions: number;
  outOfSequence: number;
  adherencePercent: number | null;
}

/**
 * Incremental Approach adherence for the compliance report (DOMAIN.md section
 * 11): the interventions issued in the period on the cases in scope (scope as
 * every compliance figure reads it: visibility, NPA, CSP, the case's lead
 * organisation), how many were out of sequence, and the in-sequence share.
 * Withdrawn interventions are left out: a withdrawn step was not used. One
 * query (index interventions_issued_idx when a period is given).
 */
export async function incrementalApproachFigures(em: EntityManager, scope: ReportScope): Promise<IncrementalApproachFigures> {
  const params: unknown[] = [];
  const [row]: { interventions: number; out_of_sequence: number }[] = await em.query(
    `SELECT count(*)::int AS interventions, count(*) FILTER (WHERE i.out_of_sequence)::int AS out_of_sequence
       FROM interventions i JOIN cases c ON c.id = i.case_id
      WHERE i.status <> 'withdrawn' AND ${periodSql('i.issued_at', scope, params)} AND ${caseScopeSql('c', scope, params)}`,
    params,
  );
  return { interventions: row.interventions, outOfSequence: row.out_of_sequence, adherencePercent: adherencePercent(row.interventions, row.out_of_sequence) };
}
