import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { caseScopeSql, periodSql, ReportScope } from '@asb/reports';

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

/** The group key, its name, the join that gives the name, and the order of the rows. */
const GROUPS: Record<ReportGroup, { key: string; name: string; join: string; order: string }> = {
  npa: { key: 'c.npa_code', name: 'n.name', join: 'JOIN npas n ON n.code = c.npa_code', order: 'key' },
  organisation: { key: 'o.code', name: 'o.name', join: 'JOIN organisations o ON o.id = i.issuing_organisation_id', order: 'name, key' },
  type: { key: 'i.type', name: 'NULL::text', join: '', order: 'min(i.level), key' },
};

/** Usage of tools and powers (DOMAIN.md sections 9 and 11). */
@Injectable()
export class InterventionReportsRepository {
  /**
   * One row per NPA of the case, issuing organisation or type with at least
   * one intervention issued in the period, in one set-based query (index
   * interventions_issued_idx). The scope's organisation is the one that
   * issued the intervention, as in the grouping. Withdrawn interventions count
   * only as `withdrawn`; `cpn` counts served CPNs and `cpn_awaiting_service`
   * the proposed and approved ones.
   */
  async countsBy(em: EntityManager, scope: ReportScope, group: ReportGroup): Promise<InterventionCountsRow[]> {
    const params: unknown[] = [];
    const where = [periodSql('i.issued_at', scope, params), caseScopeSql('c', { ...scope, organisationId: undefined }, params)];
    if (scope.organisationId) {
      params.push(scope.organisationId);
      where.push(`i.issuing_organisation_id = $${params.length}::uuid`);
    }
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
        WHERE ${where.join(' AND ')}
        GROUP BY ${g.key}, ${g.name}
        ORDER BY ${g.order}`,
      params,
    );
  }
}
