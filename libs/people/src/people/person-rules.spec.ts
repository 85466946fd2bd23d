import { birthYear, escapeLike, identityProblems, isDateAfterToday, localDate, postcodeCondition, searchTerms } from './person-rules';

describe('identityProblems', () => {
  it('needs a last name for a person and a name for an organisation', () => {
    expect(identityProblems({ kind: 'person', lastName: 'Smith' })).toEqual([]);
    expect(identityProblems({ kind: 'person', lastName: null, organisationName: 'Acme' })).toEqual([{ field: 'lastName', message: expect.any(String) }]);
    expect(identityProblems({ kind: 'organisation', organisationName: 'Acme Ltd' })).toEqual([]);
    expect(identityProblems({ kind: 'organisation', lastName: 'Smith' })).toEqual([{ field: 'organisationName', message: expect.any(String) }]);
    expect(identityProblems({ kind: 'person', lastName: '' })).toHaveLength(1);
  });
});

describe('dates', () => {
  it('takes today in the deployment time zone', () => {
    // 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
    const now = new Date('2026-05-31T23:30:00Z');
    expect(localDate(now, 'Europe/London')).toBe('2026-06-01');
    expect(isDateAfterToday('2026-06-01', now, 'Europe/London')).toBe(false);
    expect(isDateAfterToday('2026-06-02', now, 'Europe/London')).toBe(true);
    expect(isDateAfterToday('2026-06-01', now, 'UTC')).toBe(true);
    expect(isDateAfterToday('1980-02-29', now, 'Europe/London')).toBe(false);
  });

  it('gives the year of birth or null', () => {
    expect(birthYear('1984-07-02')).toBe(1984);
    expect(birthYear(null)).toBeNull();
  });
});

describe('searchTerms', () => {
  it('makes each word a name pattern or an address prefix query', () => {
    expect(searchTerms('  Jo  SMITH ')).toEqual([
      { namePattern: '%jo%', addressQuery: 'jo:*' },
      { namePattern: '%smith%', addressQuery: 'smith:*' },
    ]);
  });

  it('escapes LIKE wildcards and keeps tsquery operators out', () => {
    expect(searchTerms("50%_o'brien & !x | y:*")).toEqual([
      { namePattern: "%50\\%\\_o'brien%", addressQuery: '50:* & o:* & brien:*' },
      { namePattern: '%&%', addressQuery: null },
      { namePattern: '%!x%', addressQuery: 'x:*' },
      { namePattern: '%|%', addressQuery: null },
      { namePattern: '%y:*%', addressQuery: 'y:*' },
    ]);
    expect(searchTerms('&&& !!').map((w) => w.addressQuery)).toEqual([null, null]);
    expect(escapeLike('a\\b')).toBe('a\\\\b');
  });

  it('keeps letters beyond ASCII', () => {
    expect(searchTerms('Zoë Łukasz').map((w) => w.addressQuery)).toEqual(['zoë:*', 'łukasz:*']);
  });

  it('caps the number of words', () => {
    expect(searchTerms('a b c d e f g h')).toHaveLength(6);
  });
});

describe('postcodeCondition', () => {
  const run = (prefix: string) => {
    const values: unknown[] = [];
    const sql = postcodeCondition('p.postcode', prefix, (v) => {
      values.push(v);
      return `$${values.length}`;
    });
    return { sql, values };
  };

  it('matches a district or a sector by the expressions of the name-ordered indexes', () => {
    expect(run('LE11 ')).toEqual({ sql: `split_part(p.postcode, ' ', 1) = $1`, values: ['LE11'] });
    expect(run('LE1 ')).toEqual({ sql: `split_part(p.postcode, ' ', 1) = $1`, values: ['LE1'] });
    expect(run('LE11 3')).toEqual({ sql: 'left(p.postcode, -2) = $1', values: ['LE11 3'] });
  });

  it('matches a whole postcode exactly and anything shorter by prefix', () => {
    expect(run('LE11 3QF')).toEqual({ sql: 'p.postcode = $1', values: ['LE11 3QF'] });
    expect(run('LE11 3Q')).toEqual({ sql: 'p.postcode LIKE $1', values: ['LE11 3Q%'] });
  });
});
