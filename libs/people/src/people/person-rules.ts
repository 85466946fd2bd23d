/**
 * DOMAIN.md section 3: what makes a person profile complete, and how a search
 * phrase becomes name and address conditions. Pure: no Nest, no database.
 */

export type PersonKind = 'person' | 'organisation';
export const PERSON_KINDS: PersonKind[] = ['person', 'organisation'];
export const VULNERABILITIES = ['disability', 'mental_health', 'learning_disability', 'age', 'isolation', 'other'] as const;
export const GENDERS = ['female', 'male', 'non_binary', 'not_known'] as const;

export interface FieldProblem {
  field: string;
  message: string;
}

/** A person needs a last name; an organisation (a business or other body) needs its name. */
export function identityProblems(p: { kind: PersonKind; lastName?: string | null; organisationName?: string | null }): FieldProblem[] {
  if (p.kind === 'person' && !p.lastName) return [{ field: 'lastName', message: 'lastName is required for a person' }];
  if (p.kind === 'organisation' && !p.organisationName) return [{ field: 'organisationName', message: 'organisationName is required for an organisation' }];
  return [];
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((x) => x.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A date of birth after today (in the deployment's time zone) has not happened yet. */
export function isDateAfterToday(date: string, now: Date, timeZone: string): boolean {
  return date > localDate(now, timeZone);
}

export function birthYear(dateOfBirth: string | null): number | null {
  return dateOfBirth ? Number(dateOfBirth.slice(0, 4)) : null;
}

/** Escapes LIKE's wildcards so a search phrase matches literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const MAX_SEARCH_WORDS = 6;

/** One word of a search phrase, as the conditions that find it. */
export interface SearchWord {
  /** `%word%` (lower case, LIKE wildcards escaped): the display name contains the word. */
  namePattern: string;
  /** A prefix tsquery of the word's letter/digit runs (`o:* & brien:*`): address words start with them; null when it has none. */
  addressQuery: string | null;
}

/**
 * A free-text phrase as search conditions: every whitespace-separated word
 * must appear in the name or start words of the address, so "smith ashby"
 * finds a Smith living on Ashby Road, "jo smith" finds Jo Smith and
 * "ashby road" finds everyone on Ashby Road. Only letters and digits reach a
 * tsquery, so its operators cannot be injected.
 */
export function searchTerms(q: string): SearchWord[] {
  return q
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_WORDS)
    .map((word) => {
      const runs = word.match(/[\p{L}\p{N}]+/gu) ?? [];
      return { namePattern: `%${escapeLike(word)}%`, addressQuery: runs.length ? runs.map((r) => `${r}:*`).join(' & ') : null };
    });
}

/**
 * The SQL condition for a normalised postcode prefix (`postcodePrefix`): a
 * district ("LE11 "), a sector ("LE11 3"), a whole postcode, or a sector and
 * a letter ("LE11 3Q"). Stored postcodes are normalised ("LE11 3QF"), so the
 * district is the part before the space and the sector all but the last two
 * letters: the expressions of the two name-ordered indexes.
 */
export function postcodeCondition(column: string, prefix: string, param: (v: unknown) => string): string {
  if (prefix.endsWith(' ')) return `split_part(${column}, ' ', 1) = ${param(prefix.trimEnd())}`;
  if (/ [0-9]$/.test(prefix)) return `left(${column}, -2) = ${param(prefix)}`;
  if (/ [0-9][A-Z]{2}$/.test(prefix)) return `${column} = ${param(prefix)}`;
  return `${column} LIKE ${param(`${escapeLike(prefix)}%`)}`;
}
