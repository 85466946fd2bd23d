import { firstReviewDueAt, isReviewOverdue, nextReviewDueAt, reviewDueAfterReopening } from './review-due';

describe('supervisory review due (DOMAIN.md section 7)', () => {
  const openedAt = new Date('2026-03-01T10:00:00Z');
  const day = (n: number) => new Date(openedAt.getTime() + n * 24 * 60 * 60 * 1000);

  it('falls due the given number of days after opening', () => {
    expect(firstReviewDueAt(openedAt, 28).toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(firstReviewDueAt(openedAt, 14).toISOString()).toBe('2026-03-15T10:00:00.000Z');
  });

  it('is on time on day 28 and overdue on day 29', () => {
    const due = firstReviewDueAt(openedAt, 28);
    expect(isReviewOverdue('open', due, day(27))).toBe(false);
    expect(isReviewOverdue('open', due, day(28))).toBe(false);
    expect(isReviewOverdue('open', due, new Date(day(28).getTime() + 1))).toBe(true);
    expect(isReviewOverdue('open', due, day(29))).toBe(true);
  });

  it('is never overdue on a closed case', () => {
    expect(isReviewOverdue('closed', firstReviewDueAt(openedAt, 28), day(400))).toBe(false);
  });
});

describe('next supervisory review due (DOMAIN.md section 7)', () => {
  const reviewedAt = new Date('2026-04-10T15:30:00Z');
  const day = (n: number, from = reviewedAt) => new Date(from.getTime() + n * 24 * 60 * 60 * 1000);

  it('falls due the given number of days after the previous review, whatever the earlier due date was', () => {
    expect(nextReviewDueAt(reviewedAt, 28).toISOString()).toBe('2026-05-08T15:30:00.000Z');
    expect(nextReviewDueAt(reviewedAt, 7).toISOString()).toBe('2026-04-17T15:30:00.000Z');
  });

  it('is on time on day 28 after the review and overdue on day 29', () => {
    const due = nextReviewDueAt(reviewedAt, 28);
    expect(isReviewOverdue('open', due, day(28))).toBe(false);
    expect(isReviewOverdue('open', due, new Date(day(28).getTime() + 1))).toBe(true);
    expect(isReviewOverdue('open', due, day(29))).toBe(true);
  });

  it('restarts the clock on reopening: due 28 days after the reopening, not after the last review or opening', () => {
    const openedAt = new Date('2025-01-01T09:00:00Z');
    const reopenedAt = new Date('2026-06-01T12:00:00Z');
    const due = reviewDueAfterReopening(reopenedAt, 28);
    expect(due.toISOString()).toBe('2026-06-29T12:00:00.000Z');
    expect(due.getTime()).toBeGreaterThan(firstReviewDueAt(openedAt, 28).getTime());
    expect(isReviewOverdue('open', due, day(28, reopenedAt))).toBe(false);
    expect(isReviewOverdue('open', due, day(29, reopenedAt))).toBe(true);
  });
});
