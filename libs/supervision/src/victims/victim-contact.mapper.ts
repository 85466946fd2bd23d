import type { VictimFirstReferralRow, VictimUpdateRow } from './victim-contact.repository';

export function mapVictimUpdate(r: VictimUpdateRow) {
  return {
    id: r.id,
    caseId: r.case_id,
    personId: r.person_id,
    contactedAt: r.contacted_at.toISOString(),
    method: r.method,
    summary: r.summary,
    recordedBy: { kind: r.recorded_by_kind, id: r.recorded_by_id },
    createdAt: r.created_at.toISOString(),
  };
}
export type VictimUpdateAnswer = ReturnType<typeof mapVictimUpdate>;

export function mapVictimFirstReferral(r: VictimFirstReferralRow) {
  return {
    id: r.id,
    caseId: r.case_id,
    personId: r.person_id,
    referredAt: r.referred_at.toISOString(),
    consent: r.consent,
    takenUp: r.taken_up,
    recordedBy: { kind: r.recorded_by_kind, id: r.recorded_by_id },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
export type VictimFirstReferralAnswer = ReturnType<typeof mapVictimFirstReferral>;
