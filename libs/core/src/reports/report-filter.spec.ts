import { periodOf } from './report-filter.dto';

describe('periodOf (report periods, both ends inclusive)', () => {
  it('takes a date from as the start of that day and a date to as the whole of that day', () => {
    const p = periodOf({ from: '2026-11-01', to: '2026-11-30' });
    expect(p.from?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(p.to?.toISOString()).toBe('2026-11-30T23:59:59.999Z');
  });

  it('takes timestamps as given', () => {
    expect(periodOf({ to: '2026-11-30T09:00:00Z' }).to?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('allows a one-day period and refuses from after to', () => {
    expect(() => periodOf({ from: '2026-11-30', to: '2026-11-30' })).not.toThrow();
    expect(() => periodOf({ from: '2026-12-01', to: '2026-11-30' })).toThrow(/from must not be after to/);
    expect(() => periodOf({ from: '2026-11-30T10:00:00Z', to: '2026-11-30T09:59:59Z' })).toThrow();
  });

  it('leaves either end open when absent', () => {
    expect(periodOf({})).toEqual({ from: undefined, to: undefined });
  });
});
