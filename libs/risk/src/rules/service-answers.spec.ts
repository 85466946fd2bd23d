import { ageOn, serviceAnswers } from './service-answers';

describe('service-answered questions', () => {
  const at = new Date('2026-11-23T09:00:00Z');

  it('V5 is the repeat-victim status', () => {
    expect(serviceAnswers('victim', { victimIsRepeat: true }, at)).toEqual({ V5: true });
    expect(serviceAnswers('victim', {}, at)).toEqual({ V5: false });
  });

  it('P6: 17 years 364 days is under 18; the 18th birthday is not', () => {
    expect(ageOn('2008-11-24', at)).toBe(17);
    expect(serviceAnswers('perpetrator', { perpetratorDateOfBirth: '2008-11-24' }, at)).toEqual({ P6: true });
    expect(ageOn('2008-11-23', at)).toBe(18);
    expect(serviceAnswers('perpetrator', { perpetratorDateOfBirth: '2008-11-23' }, at)).toEqual({ P6: false });
  });

  it('P6 is left to the assessor without a date of birth', () => {
    expect(serviceAnswers('perpetrator', { perpetratorDateOfBirth: null }, at)).toEqual({});
  });

  it('C5 is a repeat or vulnerable victim on the case', () => {
    expect(serviceAnswers('case', { anyVictimRepeatOrVulnerable: true }, at)).toEqual({ C5: true });
    expect(serviceAnswers('case', { anyVictimRepeatOrVulnerable: false }, at)).toEqual({ C5: false });
  });

  it('counts a 29 February birthday on 28 February in a common year as not yet', () => {
    expect(ageOn('2008-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(17);
    expect(ageOn('2008-02-29', new Date('2026-03-01T00:00:00Z'))).toBe(18);
  });
});
