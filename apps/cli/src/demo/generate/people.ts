import type { Area } from './areas';
import { postcodeIn } from './areas';
import { DAY } from './calendar';
import { PERPETRATOR_AGE_BANDS, PERPETRATOR_GENDERS, VICTIM_AGE_BANDS, VICTIM_GENDERS } from './proportions';
import type { Rng } from './rng';
import type { PersonRow } from './rows';
import type { Vocabulary } from './vocabulary';

/** A generated profile and what the generator must remember of it (for V5/C5/P6 and repeat victims across cases). */
export interface DemoPerson {
  row: PersonRow;
  /** When each incident naming them as a victim happened, oldest first. */
  incidentTimes: number[];
}

const ETHNICITIES: Record<string, number> = {
  'White: English, Welsh, Scottish, Northern Irish or British': 52,
  'Asian or Asian British: Indian': 18,
  'White: Other White': 6,
  'Black, Black British, Caribbean or African: African': 4,
  'Mixed or Multiple ethnic groups': 4,
  'Asian or Asian British: Pakistani': 2,
  'Asian or Asian British: Bangladeshi': 1,
  'Black, Black British, Caribbean or African: Caribbean': 1,
  'Other ethnic group': 3,
};
const VICTIM_VULNERABILITIES = { disability: 30, mental_health: 30, learning_disability: 10, isolation: 14, other: 6 } as const;

export function personName(rng: Rng, vocabulary: Vocabulary, gender: string): { first: string; last: string } {
  const first = rng.pick(gender === 'female' || (gender !== 'male' && rng.chance(0.5)) ? vocabulary.femaleFirstNames : vocabulary.maleFirstNames);
  const last = rng.chance(0.06) ? `${rng.pick(vocabulary.lastNames)}-${rng.pick(vocabulary.lastNames)}` : rng.pick(vocabulary.lastNames);
  return { first, last };
}

function ageFromBands(rng: Rng, bands: Record<string, number>): number {
  const [lo, hi] = rng.weighted(bands).split('-').map(Number);
  return rng.int(lo, hi);
}

/** A date of birth that makes the person `age` on `at` (YYYY-MM-DD). */
export function dateOfBirthFor(rng: Rng, age: number, at: number): string {
  const at0 = new Date(at);
  const birthday = Date.UTC(at0.getUTCFullYear() - age - 1, at0.getUTCMonth(), at0.getUTCDate()) + rng.int(1, 364) * DAY;
  return new Date(birthday).toISOString().slice(0, 10);
}

export interface PersonPlace {
  area: Area;
  /** The case's street, which victims often share. */
  street: string;
  postcode: string;
}

function address(rng: Rng, vocabulary: Vocabulary, place: PersonPlace, sameStreet: number) {
  const onStreet = rng.chance(sameStreet);
  return {
    address_line1: `${rng.int(1, onStreet ? 120 : 240)} ${onStreet ? place.street : rng.pick(vocabulary.streets)}`,
    town: place.area.town,
    postcode: onStreet && rng.chance(0.6) ? place.postcode : postcodeIn(rng, place.area),
  };
}

function contact(rng: Rng, first: string, last: string) {
  return {
    phone: rng.chance(0.55) ? `07${rng.int(100, 999)} ${rng.int(100000, 999999)}` : null,
    email: rng.chance(0.3) ? `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '') : null,
  };
}

function individual(rng: Rng, vocabulary: Vocabulary, gender: string, age: number, at: number, dobKnown: number, ownerId: string): PersonRow {
  const { first, last } = personName(rng, vocabulary, gender);
  return {
    id: rng.uuid(),
    kind: 'person',
    first_name: first,
    last_name: last,
    organisation_name: null,
    date_of_birth: rng.chance(dobKnown) ? dateOfBirthFor(rng, age, at) : null,
    gender,
    ethnicity: rng.chance(0.7) ? rng.weighted(ETHNICITIES) : null,
    address_line1: null,
    town: null,
    postcode: null,
    ...contact(rng, first, last),
    vulnerabilities: [],
    owner_organisation_id: ownerId,
    created_at: new Date(at),
  };
}

/** A victim: 55% female, adults mostly, some with vulnerability markers, living near the case. */
export function victim(rng: Rng, vocabulary: Vocabulary, place: PersonPlace, at: number, ownerId: string, personal: boolean): DemoPerson {
  const gender = rng.weighted(VICTIM_GENDERS);
  const age = ageFromBands(rng, VICTIM_AGE_BANDS);
  const row = individual(rng, vocabulary, gender, age, at, 0.9, ownerId);
  Object.assign(row, address(rng, vocabulary, place, personal ? 0.75 : 0.45));
  const markers = new Set<string>();
  if (age >= 80 && rng.chance(0.5)) markers.add('age');
  if (rng.chance(0.2)) {
    markers.add(rng.weighted(VICTIM_VULNERABILITIES));
    if (rng.chance(0.25)) markers.add(rng.weighted(VICTIM_VULNERABILITIES));
  }
  row.vulnerabilities = [...markers].sort();
  return { row, incidentTimes: [] };
}

/** A business or other body as a victim, at the case's address. */
export function businessVictim(rng: Rng, vocabulary: Vocabulary, place: PersonPlace, at: number, ownerId: string): DemoPerson {
  const name = rng.pick(vocabulary.businesses);
  return {
    row: {
      id: rng.uuid(),
      kind: 'organisation',
      first_name: null,
      last_name: null,
      organisation_name: name,
      date_of_birth: null,
      gender: null,
      ethnicity: null,
      address_line1: `${rng.int(1, 200)} ${place.street}`,
      town: place.area.town,
      postcode: place.postcode,
      phone: `0116 ${rng.int(200, 499)} ${rng.int(1000, 9999)}`,
      email: null,
      vulnerabilities: [],
      owner_organisation_id: ownerId,
      created_at: new Date(at),
    },
    incidentTimes: [],
  };
}

/** A perpetrator: 73% male, peaking at ages 10-19, living in the same area. */
export function perpetrator(rng: Rng, vocabulary: Vocabulary, place: PersonPlace, at: number, ownerId: string): DemoPerson {
  const gender = rng.weighted(PERPETRATOR_GENDERS);
  const age = ageFromBands(rng, PERPETRATOR_AGE_BANDS);
  const row = individual(rng, vocabulary, gender, age, at, 0.88, ownerId);
  Object.assign(row, address(rng, vocabulary, place, 0.35));
  if (rng.chance(0.1)) row.vulnerabilities = [rng.chance(0.7) ? 'mental_health' : 'learning_disability'];
  return { row, incidentTimes: [] };
}

/** A witness: any adult nearby. */
export function witness(rng: Rng, vocabulary: Vocabulary, place: PersonPlace, at: number, ownerId: string): DemoPerson {
  const gender = rng.chance(0.5) ? 'female' : 'male';
  const row = individual(rng, vocabulary, gender, rng.int(18, 85), at, 0.8, ownerId);
  Object.assign(row, address(rng, vocabulary, place, 0.6));
  return { row, incidentTimes: [] };
}
