import type { AggravatingFactor, CaseCategory, CaseType } from '@asb/cases/cases/case.enums';
import { Area, pickArea, pointIn, postcodeIn } from './areas';
import {
  AGGRAVATING_FACTOR_SHARES,
  COMMUNITY_TYPES,
  communityCategory,
  FACTOR_IMPLIED_BY_TYPE,
  PERSONAL_SHARE,
  PERSONAL_TYPES,
} from './proportions';
import type { Rng } from './rng';
import type { Vocabulary } from './vocabulary';

/** What a case is about and where: category, type, aggravating factors, place and lead organisation. */
export interface CaseProfile {
  category: CaseCategory;
  type: CaseType;
  personal: boolean;
  aggravatingFactors: AggravatingFactor[];
  area: Area;
  street: string;
  address: string;
  postcode: string;
  latitude: number;
  longitude: number;
  /** Organisation code of the lead: the police, or the local authority of the area. */
  leadCode: string;
  /** The other of the two, with which the case is sometimes shared. */
  partnerCode: string;
}

/** How often the police lead, by type (ours, after 000:769-771: criminality, risk and vulnerability are police-led). */
const POLICE_LEAD: Record<CaseType, number> = {
  neighbour_verbal_abuse_intimidation_harassment: 0.5,
  noisy_neighbours: 0.1,
  youth_rowdy_inconsiderate: 0.55,
  off_road_bikes: 0.8,
  e_scooters: 0.7,
  drug_taking: 0.6,
  drug_dealing: 0.9,
  street_drinking: 0.5,
  vehicle_nuisance: 0.4,
  criminal_damage_vandalism: 0.6,
  graffiti: 0.15,
  fly_tipping_littering: 0.05,
  inconsiderate_parking: 0.2,
  begging: 0.5,
  other: 0.4,
};

/** Share of cases of each type, over both categories. */
function typeShares(): Map<CaseType, number> {
  const shares = new Map<CaseType, number>();
  const add = (table: Partial<Record<CaseType, number>>, weight: number) => {
    const total = Object.values(table).reduce((s: number, w) => s + (w ?? 0), 0);
    for (const [t, w] of Object.entries(table) as [CaseType, number][]) shares.set(t, (shares.get(t) ?? 0) + (weight * w) / total);
  };
  add(PERSONAL_TYPES, PERSONAL_SHARE);
  add(COMMUNITY_TYPES, 1 - PERSONAL_SHARE);
  return shares;
}

/**
 * The probability that a case whose type does not imply a factor has it, so
 * that over all cases the factor keeps its share of section 13.
 */
export const FACTOR_PROBABILITY_OTHERWISE: Record<AggravatingFactor, number> = (() => {
  const shares = typeShares();
  const out = {} as Record<AggravatingFactor, number>;
  for (const [factor, target] of Object.entries(AGGRAVATING_FACTOR_SHARES) as [AggravatingFactor, number][]) {
    let forced = 0;
    for (const [t, s] of shares) if (FACTOR_IMPLIED_BY_TYPE[t] === factor) forced += s;
    out[factor] = Math.max(0, (target - forced) / (1 - forced));
  }
  return out;
})();

export function caseProfile(rng: Rng, vocabulary: Vocabulary): CaseProfile {
  const personal = rng.chance(PERSONAL_SHARE);
  const type = rng.weighted((personal ? PERSONAL_TYPES : COMMUNITY_TYPES) as Record<CaseType, number>);
  const category: CaseCategory = personal ? 'personal' : communityCategory(type);
  const aggravatingFactors = (Object.keys(AGGRAVATING_FACTOR_SHARES) as AggravatingFactor[]).filter(
    (f) => FACTOR_IMPLIED_BY_TYPE[type] === f || rng.chance(FACTOR_PROBABILITY_OTHERWISE[f]),
  );
  const area = pickArea(rng);
  const street = rng.pick(vocabulary.streets);
  const { latitude, longitude } = pointIn(rng, area);
  const police = rng.chance(POLICE_LEAD[type]);
  // The county council leads now and then outside the city (ours).
  const authority = area.cspCode !== 'LEICESTER' && rng.chance(0.03) ? 'LEICS-CC' : area.localAuthorityCode;
  return {
    category,
    type,
    personal,
    aggravatingFactors,
    area,
    street,
    address: rng.chance(0.7) ? `${rng.int(1, 180)} ${street}` : street,
    postcode: postcodeIn(rng, area),
    latitude,
    longitude,
    leadCode: police ? 'LEICS-POLICE' : authority,
    partnerCode: police ? authority : 'LEICS-POLICE',
  };
}
