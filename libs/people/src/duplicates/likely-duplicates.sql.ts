/**
 * The rules of likely-duplicates.ts in SQL, shared by the possible-duplicates
 * endpoint and the "possibly missed" repeat-victim report so the two cannot
 * disagree. `source` names a relation of people rows (a CTE with the people
 * columns); the subquery gives one row (person_id, id, reason) per unmerged
 * profile of the same kind likely to be the same as a source person:
 *
 * - same name and date of birth: people_name_key_dob_idx (the expression
 *   index on person_name_key(first_name, last_name), date_of_birth);
 * - similar name and same postcode: equality on people_postcode_prefix, then
 *   pg_trgm similarity on the few profiles at that postcode.
 *
 * Written as joins, not a LATERAL per person, so the planner probes those
 * indexes for one person (the endpoint) and hash-joins for many (the report).
 * `threshold` is the SQL parameter holding SIMILAR_NAME_THRESHOLD.
 */
export function likelyDuplicatesSql(source: string, threshold: string): string {
  return `
    SELECT p_n.id AS person_id, d_n.id, 'same_name_and_date_of_birth'::text AS reason
      FROM ${source} p_n
      JOIN people d_n
        ON person_name_key(d_n.first_name, d_n.last_name) = person_name_key(p_n.first_name, p_n.last_name)
       AND d_n.date_of_birth = p_n.date_of_birth
       AND d_n.kind = 'person' AND d_n.merged_into IS NULL AND d_n.date_of_birth IS NOT NULL
       AND d_n.id <> p_n.id
     WHERE p_n.kind = 'person'
    UNION ALL
    SELECT p_s.id AS person_id, d_s.id, 'similar_name_and_postcode'::text AS reason
      FROM ${source} p_s
      JOIN people d_s
        ON d_s.postcode = p_s.postcode AND d_s.kind = p_s.kind AND d_s.merged_into IS NULL
       AND similarity(lower(d_s.display_name), lower(p_s.display_name)) >= ${threshold}::real
       AND d_s.id <> p_s.id`;
}
