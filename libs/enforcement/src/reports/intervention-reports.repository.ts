import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core/access/access.service';
import { adherencePercent } from '../incremental-approach';
import type { InterventionScope } from './intervention-scope';

export const REPORT_GROUPS = ['npa', 'organisation', 'type'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface InterventionCountsRow {
  key: string;
  name: string | null;
  interventions: number;
  cpnw: number;
  cpn: number;
  cpn_awaiting_service: number;
  fpn: number;
  prosecution: number;
  out_of_sequence: number;
  withdrawn: number;
}

export interface IncrementalApproachFigures {
  interventions: number;
  outOfSequence: number;
  adherencePercent: number | null;
}

/** The group key, its name, the join that gives the name, and the order of the rows. */
const GROUPS: Record<ReportGroup, { key: string; name: string; join: string; order: string }> = {
  npa: { key: 'c.npa_code', name: 'n.name', join: 'JOIN npas n ON n.code = c.npa_code', order: 'key' },
  organisation: { key: 'o.code', name: 'o.name', join: 'JOIN organisations o ON o.id = i.issuing_organisation_id', order: 'name, key' },
  type: { key: 'i.type', name: 'NULL::text', join: '', order: 'min(i.level), key' },
};

/**
 * Counts of interventions for reports (DOMAIN.md section 11, tools and
 * powers). Each is one set-based query over interventions issued in the
 * period (index interventions_issued_idx) joined to their cases.
 */
@Injectable()
export class InterventionReportsRepository {
  /**
   * One row per NPA, issuing organisation or type with at least one
   * intervention in scope. Withdrawn interventions count only as `withdrawn`;
   * `cpn` counts served CPNs and `cpn_awaiting_service` the proposed and approved ones.
   */
  async countsBy(em: EntityManager, scope: InterventionScope, group: ReportGroup): Promise<InterventionCountsRow[]> {
    const values: unknown[] = [];
    const where = scopeWhere(scope, values);
    const g = GROUPS[group];
    return em.query(
      `SELECT ${g.key} AS key, ${g.name} AS name,
              count(*) FILTER (WHERE i.status <> 'withdrawn')::int AS interventions,
              count(*) FILTER (WHERE i.status <> 'withdrawn' AND i.type = 'community_protection_warning')::int AS cpnw,
              count(*) FILTER (WHERE i.status = 'served' AND i.type = 'community_protection_notice')::int AS cpn,
              count(*) FILTER (WHERE i.status IN ('proposed', 'approved'))::int AS cpn_awaiting_service,
              count(*) FILTER (WHERE i.status <> 'withdrawn' AND i.type = 'fixed_penalty_notice')::int AS fpn,
              count(*) FILTER (WHERE i.status <> 'withdrawn' AND i.type = 'prosecution')::int AS prosecution,
              count(*) FILTER (WHERE i.status <> 'withdrawn' AND i.out_of_sequence)::int AS out_of_sequence,
              count(*) FILTER (WHERE i.status = 'withdrawn')::int AS withdrawn
         FROM interventions i JOIN cases c ON c.id = i.case_id ${g.join}
        WHERE ${where}
        GROUP BY ${g.key}, ${g.name}
        ORDER BY ${g.order}`,
      values,
    );
  }

  /**
   * Incremental Approach adherence for the compliance report: interventions in
   * scope, how many were out of sequence, and the in-sequence share. Withdrawn
   * interventions are left out: a withdrawn step was not used.
   */
  async incrementalApproachFigures(em: EntityManager, scope: InterventionScope): Promise<IncrementalApproachFigures> {
    const values: unknown[] = [];
    const where = scopeWhere(scope, values);
    const [row]: { interventions: number; out_of_sequence: number }[] = await em.query(
      `SELECT count(*)::int AS interventions, count(*) FILTER (WHERE i.out_of_sequence)::int AS out_of_sequence
         FROM interventions i JOIN cases c ON c.id = i.case_id
        WHERE i.status <> 'withdrawn' AND ${where}`,
      values,
    );
    return { interventions: row.interventions, outOfSequence: row.out_of_sequence, adherencePercent: adherencePercent(row.interventions, row.out_of_sequence) };
  }
}

/** The scope as SQL conditions on interventions `i` and their cases `c`, only those asked for; pushes the parameters. */
function scopeWhere(scope: InterventionScope, values: unknown[]): string {
  const conditions = ['true'];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (scope.from) conditions.push(`i.issued_at >= ${param(scope.from)}`);
  if (scope.to) conditions.push(`i.issued_at <= ${param(scope.to)}`);
  if (scope.npaCode) conditions.push(`c.npa_code = ${param(scope.npaCode)}`);
  if (scope.cspCode) conditions.push(`c.csp_code = ${param(scope.cspCode)}`);
  if (scope.organisationId) conditions.push(`i.issuing_organisation_id = ${param(scope.organisationId)}`);
  if (scope.visibleToOrganisationId) conditions.push(AccessService.caseVisibleSql('c', `${param(scope.visibleToOrganisationId)}::uuid`));
  return conditions.join(' AND ');
}
