/**
 * DOMAIN.md section 3: merging a duplicate profile into the one kept. Pure:
 * no Nest, no database.
 *
 * Who may merge (API.md: supervisor or admin): a supervisor or an admin whose
 * organisation can see both profiles (it owns them or they are on a case it
 * can see). A profile the caller can only find restricted must be merged by an
 * organisation that holds it: the search's `heldBy` says which.
 */
import { PersonKind } from '../people/person-rules';
import type { PersonRow } from '../people/people.repository';

export interface MergeSide {
  id: string;
  kind: PersonKind;
  merged_into: string | null;
}

export interface MergeProblem {
  code: 'VALIDATION_FAILED' | 'CONFLICT';
  message: string;
  details: { field: string; message: string; [key: string]: unknown }[];
}

/** Why these two profiles may not be merged, or null when they may. */
export function mergeProblem(kept: MergeSide, merged: MergeSide): MergeProblem | null {
  if (kept.id === merged.id) {
    return { code: 'VALIDATION_FAILED', message: 'A profile cannot be merged into itself', details: [{ field: 'mergeId', message: 'mergeId must be another profile than the one kept' }] };
  }
  for (const [side, field] of [[kept, 'id'], [merged, 'mergeId']] as const) {
    if (side.merged_into) {
      return {
        code: 'CONFLICT',
        message: `Profile ${side.id} was already merged into ${side.merged_into}`,
        details: [{ field, message: 'the profile was already merged', mergedInto: side.merged_into }],
      };
    }
  }
  if (kept.kind !== merged.kind) {
    return {
      code: 'VALIDATION_FAILED',
      message: 'A person and an organisation cannot be merged',
      details: [{ field: 'mergeId', message: `mergeId is ${merged.kind === 'person' ? 'a person' : 'an organisation'}, the kept profile is not` }],
    };
  }
  return null;
}

/** The profile columns a merge may fill in on the kept profile. */
export type MergeFields = Pick<
  PersonRow,
  'first_name' | 'date_of_birth' | 'gender' | 'ethnicity' | 'address_line1' | 'address_line2' | 'town' | 'postcode' | 'phone' | 'email' | 'vulnerabilities'
>;

const FILLABLE = ['first_name', 'date_of_birth', 'gender', 'ethnicity', 'phone', 'email'] as const;
const ADDRESS = ['address_line1', 'address_line2', 'town', 'postcode'] as const;

/**
 * What the kept profile takes from the merged one: its own values always win;
 * a field it lacks is filled from the merged profile; the address comes whole,
 * only when the kept profile has none (lines of two addresses are never mixed);
 * vulnerability markers are the union (a marker lost in a merge could hide a
 * vulnerable victim, DOMAIN.md section 10).
 */
export function fieldsToFill(kept: MergeFields, merged: MergeFields): Partial<MergeFields> {
  const fill: Partial<MergeFields> = {};
  for (const f of FILLABLE) {
    if (kept[f] === null && merged[f] !== null) fill[f] = merged[f];
  }
  if (kept.address_line1 === null && kept.postcode === null && (merged.address_line1 !== null || merged.postcode !== null)) {
    for (const f of ADDRESS) fill[f] = merged[f];
  }
  const added = merged.vulnerabilities.filter((v) => !kept.vulnerabilities.includes(v));
  if (added.length) fill.vulnerabilities = [...kept.vulnerabilities, ...added];
  return fill;
}
