/**
 * DOMAIN.md section 7: a supervisory review, and so a closure, is made by a
 * supervisor of the case's lead organisation who is not the case's officer in
 * charge. Reopening needs a supervisor of the lead organisation (the officer
 * in charge may reopen: the rule says nothing against it).
 */
export interface Reviewer {
  kind: 'user' | 'client';
  id: string;
  organisationId: string;
  roles: readonly string[];
}

export interface ReviewedCase {
  leadOrganisationId: string;
  officerInChargeId: string | null;
}

export type ReviewerRefusal =
  | { code: 'FORBIDDEN'; message: string }
  | { code: 'REVIEWER_NOT_IN_LEAD_ORGANISATION'; message: string }
  | { code: 'REVIEWER_IS_OFFICER_IN_CHARGE'; message: string };

export function reviewerRefusal(reviewer: Reviewer, c: ReviewedCase, opts: { officerInChargeMay?: boolean } = {}): ReviewerRefusal | null {
  if (reviewer.kind !== 'user' || !reviewer.roles.includes('supervisor')) {
    return { code: 'FORBIDDEN', message: 'Only a supervisor may do this' };
  }
  if (reviewer.organisationId !== c.leadOrganisationId) {
    return { code: 'REVIEWER_NOT_IN_LEAD_ORGANISATION', message: "Only a supervisor of the case's lead organisation may do this" };
  }
  if (!opts.officerInChargeMay && c.officerInChargeId !== null && reviewer.id === c.officerInChargeId) {
    return { code: 'REVIEWER_IS_OFFICER_IN_CHARGE', message: "The case's officer in charge may not review or close it" };
  }
  return null;
}
