/**
 * Recording the outcome of an ASB Case Review (DOMAIN.md section 10). Our
 * decisions, where the domain leaves them open:
 *
 * - `decision` is one of `recommendations_made` (the review recommends
 *   actions, listed in `recommendations`, at least one), `no_further_action`
 *   (the review found the response adequate) and `threshold_not_met` (the
 *   applicant was told the threshold was not met and no review was held;
 *   refused when the threshold was met, since the review is then a duty).
 *   Below the threshold the partners may still hold a review at their
 *   discretion ("the local threshold may be lower"), so the other two
 *   decisions are open to any application.
 * - An outcome is recorded once (409 CONFLICT after that), by a supervisor.
 */
export const CASE_REVIEW_DECISIONS = ['recommendations_made', 'no_further_action', 'threshold_not_met'] as const;
export type CaseReviewDecision = (typeof CASE_REVIEW_DECISIONS)[number];

export type CaseReviewOutcomeRefusal =
  | { code: 'FORBIDDEN' | 'CONFLICT'; message: string }
  | { code: 'VALIDATION_FAILED'; field: string; message: string };

export function outcomeRefusal(
  actor: { kind: 'user' | 'client'; roles: readonly string[] },
  review: { status: 'open' | 'completed'; thresholdMet: boolean },
  outcome: { decision: CaseReviewDecision; recommendations: readonly string[] },
): CaseReviewOutcomeRefusal | null {
  if (actor.kind !== 'user' || !actor.roles.includes('supervisor')) return { code: 'FORBIDDEN', message: 'Only a supervisor may record the outcome of a Case Review' };
  if (review.status === 'completed') return { code: 'CONFLICT', message: 'The outcome of this Case Review is already recorded' };
  if (outcome.decision === 'recommendations_made' && outcome.recommendations.length === 0) {
    return { code: 'VALIDATION_FAILED', field: 'recommendations', message: 'decision recommendations_made needs at least one recommendation' };
  }
  if (outcome.decision === 'threshold_not_met' && review.thresholdMet) {
    return { code: 'VALIDATION_FAILED', field: 'decision', message: 'the threshold was met for this application: the review must be held' };
  }
  return null;
}
