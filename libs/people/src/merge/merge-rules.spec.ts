import { fieldsToFill, MergeFields, mergeProblem } from './merge-rules';

const A = '00000000-0000-0000-0000-00000000000a';
const B = '00000000-0000-0000-0000-00000000000b';
const C = '00000000-0000-0000-0000-00000000000c';

const empty: MergeFields = {
  first_name: null, date_of_birth: null, gender: null, ethnicity: null, address_line1: null, address_line2: null, town: null,
  postcode: null, phone: null, email: null, vulnerabilities: [],
};

describe('merge rules', () => {
  it('lets two unmerged profiles of one kind merge', () => {
    expect(mergeProblem({ id: A, kind: 'person', merged_into: null }, { id: B, kind: 'person', merged_into: null })).toBeNull();
  });

  it('refuses a merge into itself', () => {
    expect(mergeProblem({ id: A, kind: 'person', merged_into: null }, { id: A, kind: 'person', merged_into: null })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'mergeId' }] });
  });

  it('refuses a profile already merged, on either side, naming where it went', () => {
    expect(mergeProblem({ id: A, kind: 'person', merged_into: C }, { id: B, kind: 'person', merged_into: null })).toMatchObject({ code: 'CONFLICT', details: [{ field: 'id', mergedInto: C }] });
    expect(mergeProblem({ id: A, kind: 'person', merged_into: null }, { id: B, kind: 'person', merged_into: C })).toMatchObject({ code: 'CONFLICT', details: [{ field: 'mergeId', mergedInto: C }] });
  });

  it('refuses merging a person with an organisation', () => {
    expect(mergeProblem({ id: A, kind: 'person', merged_into: null }, { id: B, kind: 'organisation', merged_into: null })).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('keeps the kept profile values and fills only what it lacks', () => {
    const kept = { ...empty, first_name: 'Ann', phone: '0116 000', vulnerabilities: ['disability'] };
    const merged = { ...empty, first_name: 'Anne', phone: '0777', date_of_birth: '1956-03-02', email: 'a@example.org', vulnerabilities: ['isolation', 'disability'] };
    expect(fieldsToFill(kept, merged)).toEqual({ date_of_birth: '1956-03-02', email: 'a@example.org', vulnerabilities: ['disability', 'isolation'] });
  });

  it('takes the address whole, and only when the kept profile has none', () => {
    const merged = { ...empty, address_line1: '12 Ashby Road', town: 'Loughborough', postcode: 'LE11 3QF' };
    expect(fieldsToFill(empty, merged)).toEqual({ address_line1: '12 Ashby Road', address_line2: null, town: 'Loughborough', postcode: 'LE11 3QF' });
    expect(fieldsToFill({ ...empty, postcode: 'LE1 1AA' }, merged)).toEqual({});
  });

  it('changes nothing when the merged profile adds nothing', () => {
    expect(fieldsToFill({ ...empty, first_name: 'Ann' }, empty)).toEqual({});
  });
});
