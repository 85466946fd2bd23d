import { isTimestamp, normalisePostcode, postcodePrefix } from './fields';

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
