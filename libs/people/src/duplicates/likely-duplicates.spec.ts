import { nameKey, orderReasons } from './likely-duplicates';

describe('likely duplicates', () => {
  it('normalises a name to its letters and digits in lower case', () => {
    expect(nameKey('Mary-Ann', "O'Brien")).toBe('maryannobrien');
    expect(nameKey(' MARYANN ', 'OBRIEN')).toBe('maryannobrien');
    expect(nameKey(null, 'Zoë Smith')).toBe('zoësmith');
    expect(nameKey('Ann', 'Smith')).not.toBe(nameKey('Anne', 'Smith'));
  });

  it('puts the same name and date of birth before a similar name at one postcode', () => {
    expect(orderReasons(['similar_name_and_postcode', 'same_name_and_date_of_birth'])).toEqual(['same_name_and_date_of_birth', 'similar_name_and_postcode']);
    expect(orderReasons(['similar_name_and_postcode'])).toEqual(['similar_name_and_postcode']);
  });
});
