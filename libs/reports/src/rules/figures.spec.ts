import { compliancePercent, daysOverdue, percent } from './figures';

describe('compliance figures (DOMAIN.md section 11)', () => {
  it('gives a percentage to one decimal place, and none when there is nothing to measure', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(3, 3)).toBe(100);
    expect(percent(0, 3)).toBe(0);
    expect(percent(0, 0)).toBeNull();
  });

  it('turns failures into compliance', () => {
    expect(compliancePercent(1, 4)).toBe(75);
    expect(compliancePercent(0, 4)).toBe(100);
    expect(compliancePercent(4, 4)).toBe(0);
    expect(compliancePercent(0, 0)).toBeNull();
  });

  describe('days overdue', () => {
    const due = new Date('2026-11-01T09:00:00Z');
    it('is 0 up to and at the due instant', () => {
      expect(daysOverdue(due, new Date('2026-10-31T09:00:00Z'))).toBe(0);
      expect(daysOverdue(due, due)).toBe(0);
    });
    it('counts complete days: 0 on the due day, 1 from 24 hours after', () => {
      expect(daysOverdue(due, new Date('2026-11-01T09:00:01Z'))).toBe(0);
      expect(daysOverdue(due, new Date('2026-11-02T08:59:59Z'))).toBe(0);
      expect(daysOverdue(due, new Date('2026-11-02T09:00:00Z'))).toBe(1);
      expect(daysOverdue(due, new Date('2026-11-13T09:00:05Z'))).toBe(12);
    });
  });
});
