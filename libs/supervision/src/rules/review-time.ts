import { isInFuture } from '@asb/core/time/past-time';

/**
 * When a review may say it was made (API.md: times in the past may be given,
 * never in the future). Reviews answer one another in order, so a review may
 * not be dated before the case was opened, before the previous review, or
 * before the case was last reopened (that would move the restarted clock back).
 */
export interface ReviewTimeContext {
  now: Date;
  openedAt: Date;
  lastReviewedAt: Date | null;
  reopenedAt: Date | null;
}

export type ReviewTimeProblem = { code: 'TIME_IN_FUTURE' | 'VALIDATION_FAILED'; message: string };

export function reviewTimeProblem(reviewedAt: Date, ctx: ReviewTimeContext): ReviewTimeProblem | null {
  if (isInFuture(reviewedAt, ctx.now)) return { code: 'TIME_IN_FUTURE', message: 'reviewedAt may not be in the future' };
  if (reviewedAt.getTime() < ctx.openedAt.getTime()) return { code: 'VALIDATION_FAILED', message: 'reviewedAt may not be before the case was opened' };
  if (ctx.lastReviewedAt && reviewedAt.getTime() < ctx.lastReviewedAt.getTime()) {
    return { code: 'VALIDATION_FAILED', message: `reviewedAt may not be before the previous review (${ctx.lastReviewedAt.toISOString()})` };
  }
  if (ctx.reopenedAt && reviewedAt.getTime() < ctx.reopenedAt.getTime()) {
    return { code: 'VALIDATION_FAILED', message: `reviewedAt may not be before the case was reopened (${ctx.reopenedAt.toISOString()})` };
  }
  return null;
}
