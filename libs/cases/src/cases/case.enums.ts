/** The enumerations of API.md for cases (DOMAIN.md section 4). */
export const CASE_CATEGORIES = ['personal', 'nuisance', 'environmental'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_TYPES = [
  'neighbour_verbal_abuse_intimidation_harassment',
  'noisy_neighbours',
  'youth_rowdy_inconsiderate',
  'off_road_bikes',
  'e_scooters',
  'drug_taking',
  'drug_dealing',
  'street_drinking',
  'vehicle_nuisance',
  'criminal_damage_vandalism',
  'graffiti',
  'fly_tipping_littering',
  'inconsiderate_parking',
  'begging',
  'other',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const AGGRAVATING_FACTORS = ['drugs', 'alcohol', 'mental_health', 'age_related'] as const;
export type AggravatingFactor = (typeof AGGRAVATING_FACTORS)[number];

export const CASE_STATUSES = ['open', 'closed'] as const;

export const UPDATE_METHODS = ['phone', 'email', 'letter', 'in_person', 'text_message'] as const;
export type UpdateMethod = (typeof UPDATE_METHODS)[number];
