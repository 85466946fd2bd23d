import type { CaseExportRow } from './case-export-format';

/** A case row as the export query returns it, for the unit tests. */
export const NOW = new Date('2026-11-23T09:00:00Z');
export const row = (over: Partial<CaseExportRow> = {}): CaseExportRow => ({
  id: '6f1c2b0e-6a38-4c55-9a8e-0d5f4e0b1a01',
  reference: 'ASB-2026-000123',
  status: 'open',
  category: 'personal',
  type: 'noisy_neighbours',
  aggravating_factors: ['alcohol', 'drugs'],
  npa_code: 'NL',
  csp_code: 'CHARNWOOD',
  lead_organisation_id: '0d0c0b0a-0000-4000-8000-000000000001',
  lead_organisation_name: 'Leicestershire Police',
  officer_in_charge_id: null,
  officer_in_charge_name: null,
  opened_at: new Date('2026-10-01T08:00:00Z'),
  closed_at: null,
  close_outcome: null,
  reopened_at: null,
  review_due_at: new Date('2026-10-29T08:00:00Z'),
  postcode_district: 'LE11',
  risk_level: 'high',
  incidents: 3,
  last_incident_at: new Date('2026-11-20T21:30:00Z'),
  victims: 2,
  perpetrators: 1,
  witnesses: 0,
  external_refs: [{ system: 'STORM', value: 'S-1' }, { system: 'UNIFORM', value: 'U,2' }],
  created_at: new Date('2026-10-01T08:01:00Z'),
  updated_at: new Date('2026-11-20T21:31:00Z'),
  ...over,
});
