import { isCalendarDate, isDateOrTimestamp, isTimestamp, normalisePostcode, postcodePrefix, YEAR_MAX, YEAR_MIN } from './fields';

describe('postcodes', () => {
  it('normalises full postcodes in any case, with or without the space', () => {
    expect(normalisePostcode('le113qf')).toBe('LE11 3QF');
    expect(normalisePostcode(' LE11 3QF')).toBe('LE11 3QF');
    expect(normalisePostcode('LE11')).toBeNull();
    expect(normalisePostcode('not a postcode')).toBeNull();
  });

  it('turns partial postcodes into prefixes of the normalised form', () => {
    expect(postcodePrefix('LE11')).toBe('LE11 ');
    expect(postcodePrefix('le1')).toBe('LE1 ');
    expect(postcodePrefix('LE11 3')).toBe('LE11 3');
    expect(postcodePrefix('le11 3q')).toBe('LE11 3Q');
    expect(postcodePrefix('le113qf')).toBe('LE11 3QF');
    expect(postcodePrefix('XYZ123')).toBeNull();
    expect(postcodePrefix('LE11 33')).toBeNull();
  });
});

describe('timestamps', () => {
  it('takes ISO 8601 with a zone', () => {
    expect(isTimestamp('2026-11-23T09:00:00Z')).toBe(true);
    expect(isTimestamp('2026-11-23T09:00:00.123+01:00')).toBe(true);
    expect(isTimestamp('2028-02-29T00:00:00Z')).toBe(true);
  });
  it('refuses dates that do not exist, times without a zone, and years before 1900', () => {
    expect(isTimestamp('2026-02-30T00:00:00Z')).toBe(false);
    expect(isTimestamp('2026-02-29T00:00:00Z')).toBe(false);
    expect(isTimestamp('2026-11-23T09:00:00')).toBe(false);
    expect(isTimestamp('2026-11-23T25:00:00Z')).toBe(false);
    expect(isTimestamp('1899-12-31T23:59:59Z')).toBe(false);
  });
});

describe('the year range of every date and time', () => {
  it('is 1900 to 2100', () => {
    expect([YEAR_MIN, YEAR_MAX]).toEqual([1900, 2100]);
  });
  it.each(['1900-01-01', '2100-12-31', '2024-02-29'])('takes the date %s', (v) => {
    expect(isCalendarDate(v)).toBe(true);
    expect(isDateOrTimestamp(v)).toBe(true);
  });
  it.each(['0000-01-01', '1899-12-31', '2101-01-01', '9999-12-31', '2026-13-01', '2026-00-10', '2026-02-29', '2026-1-1'])('refuses the date %s', (v) => {
    expect(isCalendarDate(v)).toBe(false);
    expect(isDateOrTimestamp(v)).toBe(false);
  });
  it.each(['1900-01-01T00:00:00Z', '2100-12-31T23:59:59.999999Z', '2100-12-31T23:00:00+00:30'])('takes the timestamp %s', (v) => {
    expect(isTimestamp(v)).toBe(true);
    expect(isDateOrTimestamp(v)).toBe(true);
  });
  it.each([
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2101-01-01T00:00:00Z',
    '2100-12-31T23:00:00-05:00', // 2101 in UTC
    '1900-01-01T00:30:00+01:00', // 1899 in UTC
    '2026-11-23T09:60:00Z',
    '2026-11-23T09:00:00+99:00',
  ])('refuses the timestamp %s', (v) => {
    expect(isTimestamp(v)).toBe(false);
    expect(isDateOrTimestamp(v)).toBe(false);
  });
});
