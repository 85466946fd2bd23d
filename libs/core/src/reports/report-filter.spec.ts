import { periodOf } from './report-filter.dto';

describe('the period of a report', () => {
  it('takes a date as from at its start and as to through its end (UTC), both inclusive', () => {
    expect(periodOf({ from: '2026-05-01', to: '2026-05-31' })).toEqual({
      from: new Date('2026-05-01T00:00:00.000Z'),
      to: new Date('2026-05-31T23:59:59.999Z'),
    });
    expect(periodOf({ from: '2026-05-31', to: '2026-05-31' }).to).toEqual(new Date('2026-05-31T23:59:59.999Z'));
  });

  it('takes timestamps as they are, and leaves an open end open', () => {
    expect(periodOf({ from: '2026-05-01T09:30:00+01:00', to: '2026-05-02T10:00:00Z' })).toEqual({
      from: new Date('2026-05-01T08:30:00Z'),
      to: new Date('2026-05-02T10:00:00Z'),
    });
    expect(periodOf({})).toEqual({ from: undefined, to: undefined });
  });

  it('refuses from after to', () => {
    expect(() => periodOf({ from: '2026-06-01', to: '2026-05-31' })).toThrow('The request is not valid');
    expect(() => periodOf({ from: '2026-05-31T12:00:00Z', to: '2026-05-31' })).not.toThrow();
  });
});
