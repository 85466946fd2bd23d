import { diffRefs, distinctRefs, parseExternalRef } from './external-ref';

describe('parseExternalRef', () => {
  it.each([
    ['STORM:123', { system: 'STORM', value: '123' }],
    ['LEGACY-2:C:17', { system: 'LEGACY-2', value: 'C:17' }],
    ['GENIE: G-77 ', { system: 'GENIE', value: 'G-77' }],
    [`ECINS:${'v'.repeat(100)}`, { system: 'ECINS', value: 'v'.repeat(100) }],
  ])('reads %j', (text, ref) => {
    expect(parseExternalRef(text)).toEqual(ref);
  });

  it.each([
    ['no colon', 'STORM123'],
    ['no value', 'STORM:'],
    ['a blank value', 'STORM:   '],
    ['no system', ':123'],
    ['a lower-case system', 'storm:123'],
    ['a system of 17 characters', `${'S'.repeat(17)}:1`],
    ['a system with _', 'STORM_1:1'],
    ['a value of 101 characters', `STORM:${'v'.repeat(101)}`],
  ])('refuses %s', (_label, text) => {
    expect(parseExternalRef(text)).toBeNull();
  });
});

describe('distinctRefs', () => {
  it('keeps each reference once, in the order given', () => {
    expect(distinctRefs([{ system: 'A', value: '1' }, { system: 'B', value: '1' }, { system: 'A', value: '1' }])).toEqual([
      { system: 'A', value: '1' },
      { system: 'B', value: '1' },
    ]);
  });

  it('does not confuse a system and value split elsewhere', () => {
    expect(distinctRefs([{ system: 'A', value: 'B1' }, { system: 'AB', value: '1' }])).toHaveLength(2);
  });
});

describe('diffRefs', () => {
  it('adds the new references and removes those not listed', () => {
    const current = [{ system: 'STORM', value: '1' }, { system: 'GENIE', value: '9' }];
    expect(diffRefs(current, [{ system: 'STORM', value: '1' }, { system: 'STORM', value: '2' }])).toEqual({
      add: [{ system: 'STORM', value: '2' }],
      remove: [{ system: 'GENIE', value: '9' }],
    });
  });

  it('removes everything for an empty list and nothing for the same list', () => {
    const current = [{ system: 'STORM', value: '1' }];
    expect(diffRefs(current, [])).toEqual({ add: [], remove: current });
    expect(diffRefs(current, [{ system: 'STORM', value: '1' }])).toEqual({ add: [], remove: [] });
  });
});
