import { caseReviewInfoDue, countInWindow, repeatVictimAt, windowStart } from './repeat-victim';

const t = (iso: string) => new Date(iso);

describe('repeat victims (DOMAIN.md section 5)', () => {
  const now = t('2026-11-23T09:00:00Z');

  it('one incident is not a repeat; two are', () => {
    expect(repeatVictimAt([t('2026-11-01T10:00:00Z')], now)).toEqual({ isRepeat: false, incidentsLast12Months: 1 });
    expect(repeatVictimAt([t('2026-11-01T10:00:00Z'), t('2026-06-01T10:00:00Z')], now)).toEqual({ isRepeat: true, incidentsLast12Months: 2 });
  });

  it('counts an incident exactly 12 months back, and not one a second earlier', () => {
    const recent = t('2026-11-20T00:00:00Z');
    expect(repeatVictimAt([recent, t('2025-11-23T09:00:00Z')], now).isRepeat).toBe(true);
    expect(repeatVictimAt([recent, t('2025-11-23T08:59:59Z')], now).isRepeat).toBe(false);
  });

  it('counts an incident at the instant itself, and not one after it', () => {
    expect(countInWindow([now], now, 12)).toBe(1);
    expect(countInWindow([t('2026-11-23T09:00:01Z')], now, 12)).toBe(0);
  });

  it('steps back calendar months as PostgreSQL does (29 February to 28 February)', () => {
    expect(windowStart(t('2028-02-29T12:00:00Z'), 12).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(windowStart(t('2026-03-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('counts incidents from any case or organisation alike: the rule sees only times', () => {
    const caseA = t('2026-01-10T10:00:00Z');
    const caseBOtherOrg = t('2026-09-10T10:00:00Z');
    expect(repeatVictimAt([caseA, caseBOtherOrg], now).isRepeat).toBe(true);
  });
});

describe('Case Review information (DOMAIN.md section 10)', () => {
  it('is due from the second report within 6 months', () => {
    expect(caseReviewInfoDue(1)).toBe(false);
    expect(caseReviewInfoDue(2)).toBe(true);
  });

  it('uses a 6-month window ending at the incident', () => {
    const at = t('2026-11-23T09:00:00Z');
    expect(countInWindow([t('2026-05-23T09:00:00Z'), at], at, 6)).toBe(2);
    expect(countInWindow([t('2026-05-23T08:59:59Z'), at], at, 6)).toBe(1);
  });
});
