import { normalisePostcode, postcodePrefix } from './fields';

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
