/**
 * The realistic proportions of DOMAIN.md section 13 (000:779-824), and the few
 * shapes of our own the demo needs (marked "ours"). Weights need not sum to 1.
 */
import type { AggravatingFactor, CaseCategory, CaseType } from '@asb/cases/cases/case.enums';

/** Community (nuisance + environmental) 70%, personal 30%. */
export const PERSONAL_SHARE = 0.3;

/** Personal ASB: verbal abuse, intimidation or harassment 53.4%; the rest is ours. */
export const PERSONAL_TYPES: Partial<Record<CaseType, number>> = {
  neighbour_verbal_abuse_intimidation_harassment: 53.4,
  noisy_neighbours: 10,
  youth_rowdy_inconsiderate: 9,
  criminal_damage_vandalism: 9,
  vehicle_nuisance: 4,
  drug_dealing: 4,
  inconsiderate_parking: 3,
  other: 7.6,
};

/** Community ASB: youth rowdy 12.4%, off-road bikes 10.4%, drug taking 9.0%; the rest is ours. */
export const COMMUNITY_TYPES: Partial<Record<CaseType, number>> = {
  youth_rowdy_inconsiderate: 12.4,
  off_road_bikes: 10.4,
  drug_taking: 9.0,
  noisy_neighbours: 14,
  street_drinking: 6,
  drug_dealing: 6,
  vehicle_nuisance: 7,
  e_scooters: 5,
  criminal_damage_vandalism: 7,
  graffiti: 4,
  fly_tipping_littering: 7,
  inconsiderate_parking: 5,
  begging: 2,
  other: 5.2,
};

/** Community types that are about the physical surroundings (ours). */
export const ENVIRONMENTAL_TYPES: ReadonlySet<CaseType> = new Set<CaseType>(['graffiti', 'fly_tipping_littering']);

export function communityCategory(type: CaseType): CaseCategory {
  return ENVIRONMENTAL_TYPES.has(type) ? 'environmental' : 'nuisance';
}

/** Aggravating factors, share of cases: drugs 36%, age-related 25%, mental health 17%, alcohol 11%. */
export const AGGRAVATING_FACTOR_SHARES: Record<AggravatingFactor, number> = {
  drugs: 0.36,
  age_related: 0.25,
  mental_health: 0.17,
  alcohol: 0.11,
};

/** Types that always carry a factor (ours); the others get it with the probability that keeps the share. */
export const FACTOR_IMPLIED_BY_TYPE: Partial<Record<CaseType, AggravatingFactor>> = {
  drug_taking: 'drugs',
  drug_dealing: 'drugs',
  street_drinking: 'alcohol',
  youth_rowdy_inconsiderate: 'age_related',
};

/** Risk levels: medium 60%, high 2%; the rest standard. */
export const RISK_LEVEL_SHARES = { standard: 0.38, medium: 0.6, high: 0.02 } as const;

/** Repeat victims: 39% of victims. */
export const REPEAT_VICTIM_SHARE = 0.39;

/** Victims 55% female; perpetrators 73% male. */
export const VICTIM_GENDERS = { female: 55, male: 43, non_binary: 1, not_known: 1 } as const;
export const PERPETRATOR_GENDERS = { male: 73, female: 25, not_known: 2 } as const;

/** Perpetrators peak at ages 10-19 (the shares by band are ours). */
export const PERPETRATOR_AGE_BANDS: Record<string, number> = { '10-19': 38, '20-29': 23, '30-39': 17, '40-49': 11, '50-59': 7, '60-79': 4 };
/** Victims' ages (ours). */
export const VICTIM_AGE_BANDS: Record<string, number> = { '12-17': 3, '18-29': 15, '30-44': 27, '45-64': 33, '65-79': 15, '80-95': 7 };

/** Incidents by NPA: Charnwood 19%, Hinckley & Blaby 17%; the rest is ours. */
export const NPA_SHARES = { NL: 19, NH: 17, NC: 12, NN: 11, NE: 9, NW: 9, NA: 9, NS: 8, NM: 6 } as const;
export type NpaCode = keyof typeof NPA_SHARES;

/** Incidents by month of the year (January first): the peak is May, then June and July. */
export const MONTH_WEIGHTS = [0.74, 0.76, 0.86, 0.9, 1.42, 1.3, 1.2, 0.96, 0.92, 0.9, 0.84, 0.74];
/** Incidents by day of the week (Sunday first): more on weekdays. */
export const WEEKDAY_WEIGHTS = [0.82, 1.07, 1.07, 1.07, 1.07, 1.07, 0.9];
/** Incidents by hour of the day (ours): evenings. */
export const HOUR_WEIGHTS = [2, 1.4, 1, 0.6, 0.4, 0.3, 0.4, 0.7, 1.2, 1.6, 2, 2.2, 2.6, 2.8, 3, 3.6, 4.4, 5, 5.4, 5.6, 5.4, 4.8, 3.8, 2.8];
