/**
 * The rows the generator makes, one interface per table, named as the
 * columns are (the loader copies them column by column). Times are Dates,
 * dates of birth 'YYYY-MM-DD' strings, and `reference` is left for the loader,
 * which reserves case numbers in the database (case_reference_counters).
 */
import type { InterventionType } from '@asb/enforcement/incremental-approach';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  organisation_id: string;
  roles: string[];
  created_at: Date;
}

export interface PersonRow {
  id: string;
  kind: 'person' | 'organisation';
  first_name: string | null;
  last_name: string | null;
  organisation_name: string | null;
  date_of_birth: string | null;
  gender: string | null;
  ethnicity: string | null;
  address_line1: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  vulnerabilities: string[];
  owner_organisation_id: string;
  created_at: Date;
}

export interface CaseRow {
  id: string;
  reference: string | null;
  status: 'open' | 'closed';
  title: string;
  description: string;
  category: string;
  type: string;
  aggravating_factors: string[];
  address: string;
  postcode: string;
  latitude: number;
  longitude: number;
  npa_code: string;
  csp_code: string;
  lead_organisation_id: string;
  officer_in_charge_id: string | null;
  opened_at: Date;
  closed_at: Date | null;
  close_outcome: string | null;
  reopened_at: Date | null;
  review_due_at: Date;
  updated_at: Date;
}

export interface CaseShareRow {
  case_id: string;
  organisation_id: string;
  shared_at: Date;
}

export interface CasePartyRow {
  case_id: string;
  person_id: string;
  role: 'victim' | 'perpetrator' | 'witness';
  update_frequency_days: number | null;
  update_method: string | null;
  updates_declined: boolean;
  added_at: Date;
}

export interface IncidentRow {
  id: string;
  case_id: string;
  occurred_at: Date;
  reported_at: Date;
  description: string;
  reported_by_person_id: string | null;
  address: string;
  postcode: string;
  latitude: number;
  longitude: number;
  recorded_by_id: string;
  created_at: Date;
}

export interface IncidentVictimRow {
  incident_id: string;
  person_id: string;
  occurred_at: Date;
}

export interface ExternalRefRow {
  entity_type: 'person' | 'case' | 'incident';
  entity_id: string;
  system: string;
  value: string;
}

export interface RiskAssessmentRow {
  id: string;
  case_id: string;
  subject: 'case' | 'victim' | 'perpetrator';
  person_id: string | null;
  answers: Record<string, boolean>;
  score: number;
  computed_level: string;
  level: string;
  override_reason: string | null;
  assessed_at: Date;
  assessed_by_id: string;
  review_due_at: Date;
  is_current: boolean;
}

export interface CaseReviewRow {
  id: string;
  case_id: string;
  reviewer_id: string;
  reviewed_at: Date;
  summary: string;
  decision: 'continue' | 'close' | 'escalate_jag';
  outcome: string | null;
  risk_assessments_checked: boolean;
  next_actions: string | null;
  due_at: Date;
}

export interface CaseReopeningRow {
  id: string;
  case_id: string;
  reopened_at: Date;
  reason: string;
  previous_closed_at: Date;
  previous_outcome: string;
  reopened_by_id: string;
}

export interface VictimUpdateRow {
  id: string;
  case_id: string;
  person_id: string;
  contacted_at: Date;
  method: string;
  summary: string;
  recorded_by_id: string;
}

export interface VictimFirstReferralRow {
  id: string;
  case_id: string;
  person_id: string;
  referred_at: Date;
  taken_up: boolean | null;
  recorded_by_id: string;
}

export interface InterventionRow {
  id: string;
  case_id: string;
  person_id: string;
  type: InterventionType;
  level: number;
  status: 'proposed' | 'approved' | 'served' | 'withdrawn';
  out_of_sequence: boolean;
  justification: string | null;
  issuing_organisation_id: string;
  issued_at: Date;
  compliance_due_at: Date | null;
  requirements: string[];
  amount: number | null;
  breach_id: string | null;
  notes: string | null;
  recorded_by_id: string;
  approved_by: string | null;
  approved_at: Date | null;
  served_at: Date | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  withdrawn_by_id: string | null;
  updated_at: Date;
}

export interface InterventionBreachRow {
  id: string;
  intervention_id: string;
  occurred_at: Date;
  description: string;
  recorded_by_id: string;
}

export interface JagReferralRow {
  id: string;
  case_id: string;
  csp_code: string;
  reasons: string[];
  complex_reason: string | null;
  evidence: object;
  summary: string;
  status: 'open' | 'resolved';
  referred_at: Date;
  referred_by_id: string;
  outcome: string | null;
  resolved_at: Date | null;
  resolved_by_id: string | null;
  updated_at: Date;
}

export interface JagActionRow {
  id: string;
  referral_id: string;
  organisation_id: string;
  description: string;
  due_at: Date;
  status: 'open' | 'completed' | 'cancelled';
  completion_note: string | null;
  cancel_reason: string | null;
  closed_at: Date | null;
  closed_by_id: string | null;
  created_by_id: string;
  created_at: Date;
}

export interface JagMeetingRow {
  id: string;
  csp_code: string;
  held_at: Date;
  recorded_by_id: string;
}

export interface JagMeetingAttendeeRow {
  meeting_id: string;
  organisation_id: string;
}

export interface JagMeetingReferralRow {
  meeting_id: string;
  referral_id: string;
}

/** One batch: everything about a run of consecutive cases, loaded in one transaction. */
export interface DemoBatch {
  index: number;
  people: PersonRow[];
  cases: CaseRow[];
  caseShares: CaseShareRow[];
  caseParties: CasePartyRow[];
  incidents: IncidentRow[];
  incidentVictims: IncidentVictimRow[];
  externalRefs: ExternalRefRow[];
  riskAssessments: RiskAssessmentRow[];
  caseReviews: CaseReviewRow[];
  caseReopenings: CaseReopeningRow[];
  victimUpdates: VictimUpdateRow[];
  victimFirstReferrals: VictimFirstReferralRow[];
  interventions: InterventionRow[];
  interventionBreaches: InterventionBreachRow[];
  /** Fixed penalty notices and prosecutions: written after the breaches they answer. */
  breachAnswers: InterventionRow[];
  jagReferrals: JagReferralRow[];
  jagActions: JagActionRow[];
  jagMeetings: JagMeetingRow[];
  jagMeetingAttendees: JagMeetingAttendeeRow[];
  jagMeetingReferrals: JagMeetingReferralRow[];
}

export type DemoTable = Exclude<keyof DemoBatch, 'index'>;

export function emptyBatch(index: number): DemoBatch {
  return {
    index,
    people: [],
    cases: [],
    caseShares: [],
    caseParties: [],
    incidents: [],
    incidentVictims: [],
    externalRefs: [],
    riskAssessments: [],
    caseReviews: [],
    caseReopenings: [],
    victimUpdates: [],
    victimFirstReferrals: [],
    interventions: [],
    interventionBreaches: [],
    breachAnswers: [],
    jagReferrals: [],
    jagActions: [],
    jagMeetings: [],
    jagMeetingAttendees: [],
    jagMeetingReferrals: [],
  };
}

export function batchRowCount(b: DemoBatch): number {
  let n = 0;
  for (const [key, rows] of Object.entries(b)) if (key !== 'index') n += (rows as unknown[]).length;
  return n;
}
