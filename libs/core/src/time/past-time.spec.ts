import { isInFuture, isTooEarly } from './past-time';

describe('times in the future', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('accepts the past, now and a minute of clock drift', () => {
    expect(isInFuture(new Date('2020-01-01T00:00:00Z'), now)).toBe(false);
    expect(isInFuture(now, now)).toBe(false);
    expect(isInFuture(new Date(now.getTime() + 60_000), now)).toBe(false);
  });
  it('refuses anything later', () => {
    expect(isInFuture(new Date(now.getTime() + 60_001), now)).toBe(true);
    expect(isInFuture(new Date('2027-01-01T00:00:00Z'), now)).toBe(true);
  });
});

describe('times too far in the past', () => {
  it('accepts 1900 onwards and refuses anything earlier', () => {
    expect(isTooEarly(new Date('1900-01-01T00:00:00Z'))).toBe(false);
    expect(isTooEarly(new Date('1899-12-31T23:59:59Z'))).toBe(true);
    expect(isTooEarly(new Date('0001-01-01T00:00:00Z'))).toBe(true);
  });
});
