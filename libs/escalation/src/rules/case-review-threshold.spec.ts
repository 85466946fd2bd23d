import { Complaint, complaintQualifies, complaintSearchFrom, evaluateCaseReviewThreshold, plusMonths } from './case-review-threshold';

const t = (iso: string) => new Date(iso);
const complaint = (id: string, occurredAt: string, reportedAt = occurredAt): Complaint => ({ incidentId: id, occurredAt: t(occurredAt), reportedAt: t(reportedAt) });

describe('ASB Case Review threshold (DOMAIN.md section 10)', () => {
  const appliedAt = t('2026-11-23T09:00:00Z');

  it('is not met with 2 qualifying complaints, and met with 3', () => {
    const two = [complaint('a', '2026-09-01T10:00:00Z'), complaint('b', '2026-10-01T10:00:00Z')];
    expect(evaluateCaseReviewThreshold(two, appliedAt, 3)).toEqual({ thresholdMet: false, qualifyingIncidentIds: ['a', 'b'] });
    const three = [...two, complaint('c', '2026-11-01T10:00:00Z')];
    expect(evaluateCaseReviewThreshold(three, appliedAt, 3)).toEqual({ thresholdMet: true, qualifyingIncidentIds: ['a', 'b', 'c'] });
  });

  it('follows a lower local threshold', () => {
    const two = [complaint('a', '2026-09-01T10:00:00Z'), complaint('b', '2026-10-01T10:00:00Z')];
    expect(evaluateCaseReviewThreshold(two, appliedAt, 2).thresholdMet).toBe(true);
  });

  it('lists qualifying complaints oldest report first, leaving out those that do not qualify', () => {
    const cs = [complaint('late', '2026-11-01T10:00:00Z'), complaint('old', '2026-01-01T10:00:00Z'), complaint('early', '2026-08-01T10:00:00Z')];
    expect(evaluateCaseReviewThreshold(cs, appliedAt, 3)).toEqual({ thresholdMet: false, qualifyingIncidentIds: ['early', 'late'] });
  });

  it('takes a complaint made exactly 1 month after the incident, and not one a second later', () => {
    expect(complaintQualifies(complaint('a', '2026-09-10T10:00:00Z', '2026-10-10T10:00:00Z'), appliedAt)).toBe(true);
    expect(complaintQualifies(complaint('a', '2026-09-10T10:00:00Z', '2026-10-10T10:00:01Z'), appliedAt)).toBe(false);
  });

  it('takes an application exactly 6 months after the complaint, and not one a second later', () => {
    const c = complaint('a', '2026-05-20T08:00:00Z', '2026-05-23T09:00:00Z');
    expect(complaintQualifies(c, t('2026-11-23T09:00:00Z'))).toBe(true);
    expect(complaintQualifies(c, t('2026-11-23T09:00:01Z'))).toBe(false);
  });

  it('counts calendar months as PostgreSQL does (31 January + 1 month is the end of February)', () => {
    expect(plusMonths(t('2026-01-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(plusMonths(t('2028-01-31T12:00:00Z'), 1).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(plusMonths(t('2026-08-31T00:00:00Z'), 6).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    // Reported 1 March, incident 31 January: later than 28 February, so too late.
    expect(complaintQualifies(complaint('a', '2026-01-31T12:00:00Z', '2026-02-28T12:00:00Z'), t('2026-03-05T00:00:00Z'))).toBe(true);
    expect(complaintQualifies(complaint('a', '2026-01-31T12:00:00Z', '2026-03-01T00:00:00Z'), t('2026-03-05T00:00:00Z'))).toBe(false);
  });

  it('refuses complaints made after the application or before the incident', () => {
    expect(complaintQualifies(complaint('a', '2026-11-23T09:00:00Z', '2026-11-23T09:00:01Z'), appliedAt)).toBe(false);
    expect(complaintQualifies(complaint('a', '2026-11-23T09:00:00Z'), appliedAt)).toBe(true);
    expect(complaintQualifies(complaint('a', '2026-10-02T00:00:00Z', '2026-10-01T00:00:00Z'), appliedAt)).toBe(false);
  });

  it('searches far enough back for the first cut in the database', () => {
    const from = complaintSearchFrom(appliedAt);
    expect(from.toISOString()).toBe('2026-03-23T09:00:00.000Z');
    // The earliest incident that could qualify: reported 6 months before, occurring 1 month before that.
    expect(from.getTime()).toBeLessThan(t('2026-04-23T09:00:00Z').getTime());
  });
});
