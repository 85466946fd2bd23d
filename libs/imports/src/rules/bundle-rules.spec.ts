import { atRecord, bundleProblems } from './bundle-rules';

const P1 = { system: 'LEGACY', value: 'P1' };

describe('bundleProblems', () => {
  it('accepts a case assessment without a person and a victim or perpetrator assessment naming one', () => {
    expect(bundleProblems({ riskAssessments: [{ subject: 'case' }, { subject: 'victim', personExternalRef: P1 }, { subject: 'perpetrator', personExternalRef: P1 }] })).toEqual([]);
    expect(bundleProblems({})).toEqual([]);
  });

  it('refuses a case assessment naming a person and a victim assessment naming none, each by its place in the bundle', () => {
    expect(bundleProblems({ riskAssessments: [{ subject: 'case', personExternalRef: P1 }, { subject: 'victim' }] })).toEqual([
      { field: 'riskAssessments.0.personExternalRef', message: 'a case assessment names no person' },
      { field: 'riskAssessments.1.personExternalRef', message: 'a victim assessment names its victim by personExternalRef' },
    ]);
  });
});

describe('atRecord', () => {
  it('names the record in the message and in every field', () => {
    expect(atRecord('people.1.person', 'The request is not valid', [{ field: 'lastName', message: 'lastName is required for a person' }, { message: 'no field' }])).toEqual({
      message: 'people.1.person: The request is not valid',
      details: [
        { field: 'people.1.person.lastName', message: 'lastName is required for a person' },
        { field: 'people.1.person', message: 'no field' },
      ],
    });
  });

  it('leaves no details as none', () => {
    expect(atRecord('case', 'The case is closed', undefined)).toEqual({ message: 'case: The case is closed', details: undefined });
  });
});
