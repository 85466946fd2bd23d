import { reviewTimeProblem } from './review-time';

describe('when a review may be dated', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const openedAt = new Date('2026-03-01T09:00:00Z');
  const ctx = { now, openedAt, lastReviewedAt: null, reopenedAt: null };

  it('accepts now, the past after opening, and the opening instant itself', () => {
    expect(reviewTimeProblem(now, ctx)).toBeNull();
    expect(reviewTimeProblem(new Date('2026-04-01T00:00:00Z'), ctx)).toBeNull();
    expect(reviewTimeProblem(openedAt, ctx)).toBeNull();
  });

  it('refuses the future (beyond a minute of clock drift) with TIME_IN_FUTURE', () => {
    expect(reviewTimeProblem(new Date(now.getTime() + 30_000), ctx)).toBeNull();
    expect(reviewTimeProblem(new Date(now.getTime() + 61_000), ctx)?.code).toBe('TIME_IN_FUTURE');
  });

  it('refuses a time before opening, before the previous review or before the reopening', () => {
    expect(reviewTimeProblem(new Date(openedAt.getTime() - 1), ctx)?.code).toBe('VALIDATION_FAILED');
    const last = new Date('2026-04-10T10:00:00Z');
    expect(reviewTimeProblem(new Date(last.getTime() - 1), { ...ctx, lastReviewedAt: last })?.code).toBe('VALIDATION_FAILED');
    expect(reviewTimeProblem(last, { ...ctx, lastReviewedAt: last })).toBeNull();
    const reopenedAt = new Date('2026-04-20T10:00:00Z');
    expect(reviewTimeProblem(new Date('2026-04-15T00:00:00Z'), { ...ctx, lastReviewedAt: last, reopenedAt })?.message).toContain('reopened');
  });
});
