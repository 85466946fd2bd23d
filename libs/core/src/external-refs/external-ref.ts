import { CODE_PATTERN } from '../validation/fields';

/**
 * External references (DOMAIN.md sections 4 and 12): the identifier a record
 * has in another system (a STORM incident number, a legacy case id). One
 * (system, value) names at most one person, one case and one incident.
 */
export type ExternalRefEntity = 'person' | 'case' | 'incident';

export interface ExternalRef {
  system: string;
  value: string;
}

/** A system is a code: 1-16 characters of A-Z, 0-9 and -. */
export const EXTERNAL_REF_SYSTEM = CODE_PATTERN;
export const EXTERNAL_REF_SYSTEM_MESSAGE = 'system must be 1-16 characters of A-Z, 0-9 and -';
export const EXTERNAL_REF_VALUE_MAX = 100;
/** At most this many references per record in one request. */
export const EXTERNAL_REFS_MAX = 20;

/** `SYSTEM:VALUE` (the search parameter `externalRef`) as a reference (the value trimmed, as stored), or null when it is not one. */
export function parseExternalRef(text: string): ExternalRef | null {
  const i = text.indexOf(':');
  if (i < 0) return null;
  const ref = { system: text.slice(0, i), value: text.slice(i + 1).trim() };
  return EXTERNAL_REF_SYSTEM.test(ref.system) && ref.value !== '' && ref.value.length <= EXTERNAL_REF_VALUE_MAX ? ref : null;
}

export function externalRefKey(r: ExternalRef): string {
  return `${r.system}\u0000${r.value}`;
}

/** The references once each, in the order given. */
export function distinctRefs(refs: readonly ExternalRef[]): ExternalRef[] {
  const seen = new Map(refs.map((r) => [externalRefKey(r), { system: r.system, value: r.value }]));
  return [...seen.values()];
}

/** What replacing a record's references with `wanted` adds and removes. */
export function diffRefs(current: readonly ExternalRef[], wanted: readonly ExternalRef[]): { add: ExternalRef[]; remove: ExternalRef[] } {
  const have = new Set(current.map(externalRefKey));
  const want = new Set(wanted.map(externalRefKey));
  return {
    add: distinctRefs(wanted).filter((r) => !have.has(externalRefKey(r))),
    remove: current.filter((r) => !want.has(externalRefKey(r))),
  };
}
