import { csvCell } from '@asb/core/pagination/csv';
import type { Role } from '@asb/core/auth/roles';
import { isReviewOverdue } from '@asb/cases/rules';

/**
 * One row per case for partner systems and Power BI (API.md "Jobs, integration,
 * audit"; DOMAIN.md section 12, "full export of a partner's data").
 *
 * What it holds: the case's classification, areas, organisation, officer in
 * charge, dates, review state, current case risk level, counts of incidents,
 * parties and interventions, its external references, and the outward part of its postcode. What
 * it leaves out: the title, description, address and coordinates (free text
 * and locations that often name or place the victim) and every person's
 * details. An export is a bulk copy that leaves the service's access checks
 * behind, and analysts take it partnership-wide; the people on a case are read
 * one case at a time, audited, through the cases and people endpoints.
 */
export const CASE_EXPORT_COLUMNS = [
  'caseId', 'reference', 'status', 'category', 'type', 'aggravatingFactors', 'npaCode', 'cspCode',
  'leadOrganisationId', 'leadOrganisation', 'officerInChargeId', 'officerInCharge',
  'openedAt', 'closedAt', 'closeOutcome', 'reopenedAt', 'reviewDueAt', 'reviewOverdue',
  'postcodeDistrict', 'riskLevel', 'incidents', 'lastIncidentAt', 'victims', 'perpetrators', 'witnesses',
  'interventions', 'externalRefs', 'createdAt', 'updatedAt',
] as const;

export type CaseExportColumn = (typeof CASE_EXPORT_COLUMNS)[number];

export interface ExternalRef {
  system: string;
  value: string;
}

/** A row as the export query returns it. */
export interface CaseExportRow {
  id: string;
  reference: string;
  status: 'open' | 'closed';
  category: string;
  type: string;
  aggravating_factors: string[];
  npa_code: string;
  csp_code: string;
  lead_organisation_id: string;
  lead_organisation_name: string;
  officer_in_charge_id: string | null;
  officer_in_charge_name: string | null;
  opened_at: Date;
  closed_at: Date | null;
  close_outcome: string | null;
  reopened_at: Date | null;
  review_due_at: Date;
  postcode_district: string | null;
  risk_level: string | null;
  incidents: number;
  last_incident_at: Date | null;
  victims: number;
  perpetrators: number;
  witnesses: number;
  /** Interventions of the Incremental Approach on the case, withdrawn ones left out. */
  interventions: number;
  external_refs: ExternalRef[];
  created_at: Date;
  updated_at: Date;
}

export type CaseExportRecord = {
  [K in CaseExportColumn]: K extends 'externalRefs' ? ExternalRef[] : K extends 'aggravatingFactors' ? string[] : string | number | boolean | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function caseExportRecord(r: CaseExportRow, now: Date): CaseExportRecord {
  return {
    caseId: r.id,
    reference: r.reference,
    status: r.status,
    category: r.category,
    type: r.type,
    aggravatingFactors: r.aggravating_factors,
    npaCode: r.npa_code,
    cspCode: r.csp_code,
    leadOrganisationId: r.lead_organisation_id,
    leadOrganisation: r.lead_organisation_name,
    officerInChargeId: r.officer_in_charge_id,
    officerInCharge: r.officer_in_charge_name,
    openedAt: r.opened_at.toISOString(),
    closedAt: iso(r.closed_at),
    closeOutcome: r.close_outcome,
    reopenedAt: iso(r.reopened_at),
    reviewDueAt: r.review_due_at.toISOString(),
    reviewOverdue: isReviewOverdue(r.status, r.review_due_at, now),
    postcodeDistrict: r.postcode_district,
    riskLevel: r.risk_level,
    incidents: r.incidents,
    lastIncidentAt: iso(r.last_incident_at),
    victims: r.victims,
    perpetrators: r.perpetrators,
    witnesses: r.witnesses,
    interventions: r.interventions,
    externalRefs: r.external_refs,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export type ExportFormat = 'csv' | 'ndjson';

/**
 * `?format=` decides; else the Accept header (`text/csv` or
 * `application/x-ndjson`, whichever it names first); else CSV, which Power BI's
 * Web connector reads as it is.
 */
export function exportFormat(format: ExportFormat | undefined, accept: string | undefined): ExportFormat {
  if (format) return format;
  const csv = accept?.search(/\btext\/csv\b/i) ?? -1;
  const ndjson = accept?.search(/\bapplication\/(x-)?ndjson\b/i) ?? -1;
  if (ndjson >= 0 && (csv < 0 || ndjson < csv)) return 'ndjson';
  return 'csv';
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The CSV header line (RFC 4180, CRLF). */
export function csvHeader(): string {
  return CASE_EXPORT_COLUMNS.map(csvCell).join(',') + '\r\n';
}

/** One CSV line: lists joined by `;`, external references as `SYSTEM:value`. */
export function csvLine(rec: CaseExportRecord): string {
  return (
    CASE_EXPORT_COLUMNS.map((c) => {
      const v = rec[c];
      if (c === 'externalRefs') return csvCell((v as ExternalRef[]).map((x) => `${x.system}:${x.value}`));
      return csvCell(v);
    }).join(',') + '\r\n'
  );
}

export function ndjsonLine(rec: CaseExportRecord): string {
  return JSON.stringify(rec) + '\n';
}

/** Who may export: casework roles and partner systems their organisation's cases, analysts and admins the partnership. */
export const CASE_EXPORT_ROLES: Role[] = ['supervisor', 'caseworker', 'partner_system', 'analyst', 'admin'];
