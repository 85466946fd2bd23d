import type { BreachRow, InterventionRow } from './interventions.repository';

export function mapIntervention(r: InterventionRow) {
  return {
    id: r.id,
    caseId: r.case_id,
    personId: r.person_id,
    type: r.type,
    level: r.level,
    status: r.status,
    outOfSequence: r.out_of_sequence,
    justification: r.justification,
    issuingOrganisationId: r.issuing_organisation_id,
    issuedAt: r.issued_at.toISOString(),
    complianceDueAt: r.compliance_due_at?.toISOString() ?? null,
    servedAt: r.served_at?.toISOString() ?? null,
    requirements: r.requirements,
    amount: r.amount,
    breachId: r.breach_id,
    notes: r.notes,
    /** Who recorded it: for a CPN, its proposer. */
    recordedBy: { kind: r.recorded_by_kind, id: r.recorded_by_id },
    approvedBy: r.approved_by,
    approvedAt: r.approved_at?.toISOString() ?? null,
    withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
    withdrawalReason: r.withdrawal_reason,
    withdrawnBy: r.withdrawn_by_kind && r.withdrawn_by_id ? { kind: r.withdrawn_by_kind, id: r.withdrawn_by_id } : null,
    breaches: r.breaches.map((b) => ({ id: b.id, occurredAt: new Date(b.occurredAt).toISOString(), description: b.description })),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
export type InterventionAnswer = ReturnType<typeof mapIntervention>;

export function mapBreach(b: BreachRow, i: Pick<InterventionRow, 'case_id' | 'person_id'>) {
  return {
    id: b.id,
    interventionId: b.intervention_id,
    caseId: i.case_id,
    personId: i.person_id,
    occurredAt: b.occurred_at.toISOString(),
    description: b.description,
    recordedBy: { kind: b.recorded_by_kind, id: b.recorded_by_id },
    createdAt: b.created_at.toISOString(),
  };
}
export type BreachAnswer = ReturnType<typeof mapBreach>;
