/**
 * The page of a people list ordered by an incident count (most first), then
 * name and id: the keyset condition on the listed rows aliased `l`, and the
 * LIMIT (one more than the page, for toPage). Values are appended to `params`.
 */
export function peoplePageSql(
  params: unknown[],
  countColumn: string,
  page: { limit?: number; after?: readonly [number, string, string] },
): { keyset: string; limit: string } {
  let keyset = 'true';
  if (page.after) {
    params.push(page.after[0], page.after[1], page.after[2]);
    const [n, name, id] = [`$${params.length - 2}::int`, `$${params.length - 1}::text`, `$${params.length}::uuid`];
    keyset = `(l.${countColumn} < ${n} OR (l.${countColumn} = ${n} AND (l.display_name, l.person_id) > (${name}, ${id})))`;
  }
  let limit = '';
  if (page.limit !== undefined) {
    params.push(page.limit + 1);
    limit = `LIMIT $${params.length}`;
  }
  return { keyset, limit };
}
