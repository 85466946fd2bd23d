import type { JagCriterion } from '../rules/jag-criteria';
import type { JagActionRow, JagMeetingRow, JagReferralRow } from './jag.repository';

export interface JagActionAnswer {
  id: string;
  referralId: string;
  organisationId: string;
  description: string;
  dueAt: string;
  status: 'open' | 'completed' | 'cancelled';
  completionNote: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface JagReferralAnswer {
  id: string;
  caseId: string;
  caseReference: string;
  cspCode: string;
  status: 'open' | 'resolved';
  reasons: JagCriterion[];
  complexReason: string | null;
  /** What bore out each claimed criterion when the referral was made. */
  evidence: Record<string, unknown>;
  summary: string;
  referredAt: string;
  referredById: string;
  outcome: string | null;
  resolvedAt: string | null;
  resolvedById: string | null;
  actions: JagActionAnswer[];
  /** The JAG meetings that discussed it, earliest first. */
  meetingIds: string[];
  createdAt: string;
}

export interface JagMeetingAnswer {
  id: string;
  cspCode: string;
  heldAt: string;
  attendingOrganisationIds: string[];
  referralIds: string[];
  createdAt: string;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

export function mapAction(a: Pick<JagActionRow, 'id' | 'referral_id' | 'organisation_id' | 'description' | 'status' | 'completion_note' | 'cancel_reason'> & {
  due_at: Date | string;
  closed_at: Date | string | null;
  created_at: Date | string;
}): JagActionAnswer {
  return {
    id: a.id,
    referralId: a.referral_id,
    organisationId: a.organisation_id,
    description: a.description,
    dueAt: iso(a.due_at),
    status: a.status,
    completionNote: a.completion_note,
    cancelReason: a.cancel_reason,
    closedAt: isoOrNull(a.closed_at),
    createdAt: iso(a.created_at),
  };
}

export function mapReferral(r: JagReferralRow): JagReferralAnswer {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.case_reference,
    cspCode: r.csp_code,
    status: r.status,
    reasons: r.reasons,
    complexReason: r.complex_reason,
    evidence: r.evidence,
    summary: r.summary,
    referredAt: iso(r.referred_at),
    referredById: r.referred_by_id,
    outcome: r.outcome,
    resolvedAt: isoOrNull(r.resolved_at),
    resolvedById: r.resolved_by_id,
    actions: r.actions.map(mapAction),
    meetingIds: r.meeting_ids,
    createdAt: iso(r.created_at),
  };
}

export function mapMeeting(m: JagMeetingRow, attendingOrganisationIds: string[], referralIds: string[]): JagMeetingAnswer {
  return {
    id: m.id,
    cspCode: m.csp_code,
    heldAt: iso(m.held_at),
    attendingOrganisationIds,
    referralIds,
    createdAt: iso(m.created_at),
  };
}
