import { distinctRefs, ExternalRef, externalRefKey } from '@asb/core/external-refs/external-ref';

/**
 * How an imported record is found again (DOMAIN.md section 12: "import with
 * idempotent external references"). Pure: the holders come from the
 * external_refs table.
 *
 * - no reference is held: the record is new;
 * - every reference held names the same record: that record, to be updated,
 *   with the references it does not hold yet;
 * - the references name different records: the bundle cannot say which one
 *   it means, and is refused.
 */
export type RefMatch = { kind: 'new' } | { kind: 'existing'; id: string; missing: ExternalRef[] } | { kind: 'ambiguous'; holders: { ref: ExternalRef; id: string }[] };

export function matchByRefs(refs: readonly ExternalRef[], holders: ReadonlyMap<string, string>): RefMatch {
  const wanted = distinctRefs(refs);
  const held = wanted.filter((r) => holders.has(externalRefKey(r))).map((ref) => ({ ref, id: holders.get(externalRefKey(ref))! }));
  if (held.length === 0) return { kind: 'new' };
  const ids = new Set(held.map((h) => h.id));
  if (ids.size > 1) return { kind: 'ambiguous', holders: held };
  return { kind: 'existing', id: held[0].id, missing: wanted.filter((r) => !holders.has(externalRefKey(r))) };
}

export function refText(r: ExternalRef): string {
  return `${r.system}:${r.value}`;
}
