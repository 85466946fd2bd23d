import { exclusiveEnd } from './period-end';

describe('exclusiveEnd (the instant just after an inclusive period end)', () => {
  it('takes the last millisecond of a UTC day, as a date `to` gives, to the next midnight', () => {
    expect(exclusiveEnd(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-12-01T00:00:00.000Z');
    expect(exclusiveEnd(new Date('2026-12-31T23:59:59.999Z'))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('adds a microsecond to any other end, so an instant equal to it is still in', () => {
    expect(exclusiveEnd(new Date('2026-11-30T23:59:59.998Z'))).toBe('2026-11-30T23:59:59.998001Z');
    expect(exclusiveEnd(new Date('2026-11-30T00:00:00.000Z'))).toBe('2026-11-30T00:00:00.000001Z');
    expect(exclusiveEnd(new Date('2026-11-20T13:00:00.500Z'))).toBe('2026-11-20T13:00:00.500001Z');
  });
});
