import { RepeatVictimStatus } from '../repeat-victim/repeat-victim';
import { birthYear } from './person-rules';
import type { ExternalRef } from '@asb/core/external-refs/external-ref';
import { PersonRow } from './people.repository';

const NOT_A_VICTIM: RepeatVictimStatus = { isRepeat: false, incidentsLast12Months: 0 };

/** The whole person of API.md. */
export function mapPerson(row: PersonRow & { external_refs: ExternalRef[] | null }, repeat: RepeatVictimStatus | undefined) {
  return {
    id: row.id,
    kind: row.kind,
    firstName: row.first_name,
    lastName: row.last_name,
    organisationName: row.organisation_name,
    displayName: row.display_name,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    ethnicity: row.ethnicity,
    address: row.address_line1 === null && row.postcode === null ? null : { line1: row.address_line1, line2: row.address_line2, town: row.town, postcode: row.postcode },
    phone: row.phone,
    email: row.email,
    vulnerabilities: row.vulnerabilities,
    externalRefs: row.external_refs ?? [],
    repeatVictim: repeat ?? NOT_A_VICTIM,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
export type PersonResponse = ReturnType<typeof mapPerson>;

/** What a merged profile's id answers: only where it went. */
export function mapMerged(id: string, keptId: string) {
  return { id, mergedInto: keptId };
}

/** A search hit the caller may not see: enough to know whom to ask (DOMAIN.md section 12). */
export function mapRestricted(row: PersonRow & { held_by: string[] | null }, repeat: RepeatVictimStatus | undefined) {
  return {
    id: row.id,
    restricted: true as const,
    displayName: row.display_name,
    birthYear: birthYear(row.date_of_birth),
    repeatVictim: repeat ?? NOT_A_VICTIM,
    heldBy: row.held_by ?? [],
  };
}
