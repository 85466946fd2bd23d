/**
 * DOMAIN.md section 3: duplicates are the known killer of repeat-victim
 * identification. Two unmerged profiles of the same kind are likely the same
 * when they have
 *
 * - the same normalised name and the same date of birth (people only): the
 *   name's letters and digits in lower case, first name then last name, so
 *   "Mary-Ann O'Brien" and "MARYANN OBRIEN" are the same name; or
 * - a similar name and the same postcode: pg_trgm similarity of the lower-case
 *   display names at least SIMILAR_NAME_THRESHOLD ("Ann Smith" and "Anne Smith"
 *   0.75, "Jon Smith" and "John Smith" 0.62, "Kate Brown" and "Katherine Brown"
 *   0.5; "John Smith" and "Jane Smith" 0.47 are not).
 *
 * The SQL of these rules is likely-duplicates.sql.ts; this file names them.
 * Pure: no Nest, no database.
 */

export const DUPLICATE_REASONS = ['same_name_and_date_of_birth', 'similar_name_and_postcode'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** pg_trgm similarity (0 to 1) from which two display names count as similar. */
export const SIMILAR_NAME_THRESHOLD = 0.5;

/** What the SQL function person_name_key computes: lower case, letters and digits only, first name then last name. */
export function nameKey(firstName: string | null, lastName: string | null): string {
  return `${firstName ?? ''}${lastName ?? ''}`.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The reasons a pair matched, strongest first: the same name and date of birth outranks a similar name at one postcode. */
export function orderReasons(reasons: readonly DuplicateReason[]): DuplicateReason[] {
  return DUPLICATE_REASONS.filter((r) => reasons.includes(r));
}
