export type CaseStatus = 'open' | 'closed';

/**
 * DOMAIN.md section 6: every open case needs a current case risk assessment,
 * one per victim and one per perpetrator. A required assessment that was never
 * made is `missing`; a current one past its review date is `review_overdue`.
 * A closed case needs nothing.
 */
import type { RiskSubject } from './risk-score';

export interface CurrentAssessment {
  subject: RiskSubject;
  personId: string | null;
  reviewDueAt: Date;
}

export interface MissingRiskAssessment {
  subject: RiskSubject;
  personId?: string;
  problem: 'missing' | 'review_overdue';
}

export function missingRiskAssessments(
  status: CaseStatus,
  victimIds: string[],
  perpetratorIds: string[],
  current: CurrentAssessment[],
  now: Date,
): MissingRiskAssessment[] {
  if (status !== 'open') return [];
  const required: { subject: RiskSubject; personId?: string }[] = [
    { subject: 'case' },
    ...victimIds.map((personId) => ({ subject: 'victim' as const, personId })),
    ...perpetratorIds.map((personId) => ({ subject: 'perpetrator' as const, personId })),
  ];
  const out: MissingRiskAssessment[] = [];
  for (const r of required) {
    const found = current.find((a) => a.subject === r.subject && (r.subject === 'case' || a.personId === r.personId));
    if (!found) out.push({ ...r, problem: 'missing' });
    else if (found.reviewDueAt.getTime() < now.getTime()) out.push({ ...r, problem: 'review_overdue' });
  }
  return out;
}
