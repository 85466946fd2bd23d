import { Injectable } from '@nestjs/common';
import { caseScopeSql, periodSql, ReportScope } from '@asb/reports';

/**
 * The case export as one query, for a database cursor: one row per case in
 * scope, opened in the period, oldest first (cases_opened_idx walked
 * backwards, or cases_lead_opened_idx), with its counts and references looked
 * up per case by index (LATERAL): incidents_case_occurred_idx,
 * case_parties' primary key, interventions_case_issued_idx, risk_assessments_case_idx,
 * external_refs_entity_idx.
 * Nothing is sorted or grouped as a whole, so rows flow as soon as they are found.
 */
@Injectable()
export class CaseExportRepository {
  query(scope: ReportScope): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const where = [caseScopeSql('c', scope, values), periodSql('c.opened_at', scope, values)];
    const text = `
      SELECT c.id, c.reference, c.status, c.category, c.type, c.aggravating_factors, c.npa_code, c.csp_code,
             c.lead_organisation_id, o.name AS lead_organisation_name, c.officer_in_charge_id, u.name AS officer_in_charge_name,
             c.opened_at, c.closed_at, c.close_outcome, c.reopened_at, c.review_due_at,
             nullif(split_part(c.postcode, ' ', 1), '') AS postcode_district,
             ra.level AS risk_level, inc.incidents, inc.last_incident_at, pt.victims, pt.perpetrators, pt.witnesses, iv.interventions,
             refs.external_refs, c.created_at, c.updated_at
        FROM cases c
        JOIN organisations o ON o.id = c.lead_organisation_id
        LEFT JOIN users u ON u.id = c.officer_in_charge_id
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS incidents, max(i.occurred_at) AS last_incident_at FROM incidents i WHERE i.case_id = c.id) inc
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE p.role = 'victim')::int AS victims,
                 count(*) FILTER (WHERE p.role = 'perpetrator')::int AS perpetrators,
                 count(*) FILTER (WHERE p.role = 'witness')::int AS witnesses
            FROM case_parties p WHERE p.case_id = c.id) pt
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE v.status <> 'withdrawn')::int AS interventions FROM interventions v WHERE v.case_id = c.id) iv
        LEFT JOIN LATERAL (
          SELECT r.level FROM risk_assessments r WHERE r.case_id = c.id AND r.subject = 'case' AND r.is_current LIMIT 1) ra ON true
        CROSS JOIN LATERAL (
          SELECT coalesce(jsonb_agg(jsonb_build_object('system', x.system, 'value', x.value) ORDER BY x.system, x.value), '[]'::jsonb) AS external_refs
            FROM external_refs x WHERE x.entity_type = 'case' AND x.entity_id = c.id) refs
       WHERE ${where.join(' AND ')}
       ORDER BY c.opened_at, c.id`;
    return { text, values };
  }
}
