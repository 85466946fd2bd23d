import { firstReviewDueAt, isReviewOverdue } from './review-due';

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
