import type { DemoTable } from '../generate/rows';

/**
 * How each generated table is written: its columns with their PostgreSQL
 * types (each column travels as one array parameter of `unnest`), and the
 * columns the demo fills with a constant or another column (`sql`).
 * Listed in foreign-key order: a batch is inserted top to bottom.
 */
export interface ColumnSpec {
  name: string;
  /** The element type of the parameter array; `text[]` and `jsonb` values travel as text and are cast. */
  type?: 'uuid' | 'text' | 'timestamptz' | 'date' | 'int' | 'float8' | 'numeric' | 'bool' | 'text[]' | 'jsonb';
  /** A constant or an expression over the other columns, instead of a parameter. */
  sql?: string;
}

export interface TableSpec {
  key: DemoTable;
  table: string;
  columns: ColumnSpec[];
}

const c = (name: string, type: ColumnSpec['type']): ColumnSpec => ({ name, type });
const s = (name: string, sql: string): ColumnSpec => ({ name, sql });

/** Interventions (DOMAIN.md section 9): those that answer a breach are written after the breaches. */
const interventions = (key: 'interventions' | 'breachAnswers'): TableSpec => ({
  key,
  table: 'interventions',
  columns: [
    c('id', 'uuid'), c('case_id', 'uuid'), c('person_id', 'uuid'), c('type', 'text'), c('level', 'int'), c('status', 'text'), c('out_of_sequence', 'bool'),
    c('justification', 'text'), c('issuing_organisation_id', 'uuid'), c('issued_at', 'timestamptz'), c('compliance_due_at', 'timestamptz'),
    c('requirements', 'text[]'), c('amount', 'numeric'), c('breach_id', 'uuid'), c('notes', 'text'), s('recorded_by_kind', `'user'`), c('recorded_by_id', 'uuid'),
    c('approved_by', 'uuid'), c('approved_at', 'timestamptz'), c('served_at', 'timestamptz'), c('withdrawn_at', 'timestamptz'), c('withdrawal_reason', 'text'),
    s('withdrawn_by_kind', `CASE WHEN withdrawn_by_id IS NOT NULL THEN 'user' END`), c('withdrawn_by_id', 'uuid'), s('created_at', 'issued_at'), c('updated_at', 'timestamptz'),
  ],
});

export const TABLES: TableSpec[] = [
  {
    key: 'people',
    table: 'people',
    columns: [
      c('id', 'uuid'), c('kind', 'text'), c('first_name', 'text'), c('last_name', 'text'), c('organisation_name', 'text'),
      c('date_of_birth', 'date'), c('gender', 'text'), c('ethnicity', 'text'), c('address_line1', 'text'), c('town', 'text'),
      c('postcode', 'text'), c('phone', 'text'), c('email', 'text'), c('vulnerabilities', 'text[]'), c('owner_organisation_id', 'uuid'),
      c('created_at', 'timestamptz'), s('updated_at', 'created_at'),
    ],
  },
  {
    key: 'cases',
    table: 'cases',
    columns: [
      c('id', 'uuid'), c('reference', 'text'), c('status', 'text'), c('title', 'text'), c('description', 'text'), c('category', 'text'),
      c('type', 'text'), c('aggravating_factors', 'text[]'), c('address', 'text'), c('postcode', 'text'), c('latitude', 'float8'),
      c('longitude', 'float8'), c('npa_code', 'text'), c('csp_code', 'text'), c('lead_organisation_id', 'uuid'), c('officer_in_charge_id', 'uuid'),
      c('opened_at', 'timestamptz'), c('closed_at', 'timestamptz'), c('close_outcome', 'text'), c('reopened_at', 'timestamptz'),
      c('review_due_at', 'timestamptz'), s('created_at', 'opened_at'), c('updated_at', 'timestamptz'),
    ],
  },
  { key: 'caseShares', table: 'case_shares', columns: [c('case_id', 'uuid'), c('organisation_id', 'uuid'), c('shared_at', 'timestamptz')] },
  {
    key: 'caseParties',
    table: 'case_parties',
    columns: [
      c('case_id', 'uuid'), c('person_id', 'uuid'), c('role', 'text'), c('update_frequency_days', 'int'), c('update_method', 'text'),
      c('updates_declined', 'bool'), c('added_at', 'timestamptz'),
    ],
  },
  {
    key: 'incidents',
    table: 'incidents',
    columns: [
      c('id', 'uuid'), c('case_id', 'uuid'), c('occurred_at', 'timestamptz'), c('reported_at', 'timestamptz'), c('description', 'text'),
      c('reported_by_person_id', 'uuid'), c('address', 'text'), c('postcode', 'text'), c('latitude', 'float8'), c('longitude', 'float8'),
      s('recorded_by_kind', `'user'`), c('recorded_by_id', 'uuid'), c('created_at', 'timestamptz'),
    ],
  },
  { key: 'incidentVictims', table: 'incident_victims', columns: [c('incident_id', 'uuid'), c('person_id', 'uuid'), c('occurred_at', 'timestamptz')] },
  { key: 'externalRefs', table: 'external_refs', columns: [c('entity_type', 'text'), c('entity_id', 'uuid'), c('system', 'text'), c('value', 'text')] },
  {
    key: 'riskAssessments',
    table: 'risk_assessments',
    columns: [
      c('id', 'uuid'), c('case_id', 'uuid'), c('subject', 'text'), c('person_id', 'uuid'), s('template_version', '1'), c('answers', 'jsonb'),
      c('score', 'int'), c('computed_level', 'text'), c('level', 'text'), c('override_reason', 'text'), c('assessed_at', 'timestamptz'),
      s('assessed_by_kind', `'user'`), c('assessed_by_id', 'uuid'), c('review_due_at', 'timestamptz'), c('is_current', 'bool'), s('created_at', 'assessed_at'),
    ],
  },
  {
    key: 'caseReopenings',
    table: 'case_reopenings',
    columns: [
      c('id', 'uuid'), c('case_id', 'uuid'), c('reopened_at', 'timestamptz'), c('reason', 'text'), c('previous_closed_at', 'timestamptz'),
      c('previous_outcome', 'text'), s('reopened_by_kind', `'user'`), c('reopened_by_id', 'uuid'), s('created_at', 'reopened_at'),
    ],
  },
  {
    key: 'caseReviews',
    table: 'case_reviews',
    columns: [
      c('id', 'uuid'), c('case_id', 'uuid'), c('reviewer_id', 'uuid'), c('reviewed_at', 'timestamptz'), c('summary', 'text'), c('decision', 'text'),
      c('outcome', 'text'), c('risk_assessments_checked', 'bool'), c('next_actions', 'text'), c('due_at', 'timestamptz'), s('created_at', 'reviewed_at'),
    ],
  },
  {
    key: 'victimUpdates',
    table: 'victim_updates',
    columns: [
      c('id', 'uuid'), c('case_id', 'uuid'), c('person_id', 'uuid'), c('contacted_at', 'timestamptz'), c('method', 'text'), c('summary', 'text'),
      s('recorded_by_kind', `'user'`), c('recorded_by_id', 'uuid'), s('created_at', 'contacted_at'),
    ],
  },
  {
    key: 'victimFirstReferrals',
    table: 'victim_first_referrals',
    columns: [
      c('id', 'uuid'), c('case_id', 'uuid'), c('person_id', 'uuid'), c('referred_at', 'timestamptz'), s('consent', 'true'), c('taken_up', 'bool'),
      s('recorded_by_kind', `'user'`), c('recorded_by_id', 'uuid'), s('created_at', 'referred_at'), s('updated_at', 'referred_at'),
    ],
  },
  interventions('interventions'),
  {
    key: 'interventionBreaches',
    table: 'intervention_breaches',
    columns: [
      c('id', 'uuid'), c('intervention_id', 'uuid'), c('occurred_at', 'timestamptz'), c('description', 'text'), s('recorded_by_kind', `'user'`),
      c('recorded_by_id', 'uuid'), s('created_at', 'occurred_at'),
    ],
  },
  interventions('breachAnswers'),
  {
    key: 'jagReferrals',
    table: 'jag_referrals',
    columns: [
      c('id', 'uuid'), c('case_id', 'uuid'), c('csp_code', 'text'), c('reasons', 'text[]'), c('complex_reason', 'text'), c('evidence', 'jsonb'),
      c('summary', 'text'), c('status', 'text'), c('referred_at', 'timestamptz'), s('referred_by_kind', `'user'`), c('referred_by_id', 'uuid'),
      c('outcome', 'text'), c('resolved_at', 'timestamptz'), c('resolved_by_id', 'uuid'), s('created_at', 'referred_at'), c('updated_at', 'timestamptz'),
    ],
  },
  {
    key: 'jagActions',
    table: 'jag_actions',
    columns: [
      c('id', 'uuid'), c('referral_id', 'uuid'), c('organisation_id', 'uuid'), c('description', 'text'), c('due_at', 'timestamptz'), c('status', 'text'),
      c('completion_note', 'text'), c('cancel_reason', 'text'), c('closed_at', 'timestamptz'), s('closed_by_kind', `CASE WHEN closed_by_id IS NOT NULL THEN 'user' END`),
      c('closed_by_id', 'uuid'), s('created_by_kind', `'user'`), c('created_by_id', 'uuid'), c('created_at', 'timestamptz'),
    ],
  },
  {
    key: 'jagMeetings',
    table: 'jag_meetings',
    columns: [c('id', 'uuid'), c('csp_code', 'text'), c('held_at', 'timestamptz'), s('recorded_by_kind', `'user'`), c('recorded_by_id', 'uuid'), s('created_at', 'held_at')],
  },
  { key: 'jagMeetingAttendees', table: 'jag_meeting_attendees', columns: [c('meeting_id', 'uuid'), c('organisation_id', 'uuid')] },
  { key: 'jagMeetingReferrals', table: 'jag_meeting_referrals', columns: [c('meeting_id', 'uuid'), c('referral_id', 'uuid')] },
];

/** The tables the demo writes, for VACUUM ANALYZE after the load. */
export const DEMO_TABLE_NAMES = ['users', ...new Set(TABLES.map((t) => t.table)), 'case_reference_counters'];
