import type { CaseType } from '@asb/cases/cases/case.enums';
import type { Rng } from './rng';

/** Words of the demo casework: short, plausible, and the same for the same seed. */
const TITLES: Record<CaseType, string[]> = {
  neighbour_verbal_abuse_intimidation_harassment: ['Intimidation by neighbours', 'Verbal abuse from neighbour', 'Harassment of resident', 'Threats from next door'],
  noisy_neighbours: ['Loud music from neighbouring flat', 'Late-night parties', 'Persistent noise from neighbours'],
  youth_rowdy_inconsiderate: ['Youths gathering and causing nuisance', 'Rowdy groups at the shops', 'Youths throwing stones'],
  off_road_bikes: ['Off-road bikes on the estate', 'Motorbikes on the playing field', 'Quad bikes on footpaths'],
  e_scooters: ['E-scooters ridden on pavements', 'E-scooter nuisance at the precinct'],
  drug_taking: ['Drug use in stairwell', 'Cannabis smoking and discarded needles', 'Drug use in the park'],
  drug_dealing: ['Suspected drug dealing from address', 'Dealing near the school', 'Cuckooing concerns'],
  street_drinking: ['Street drinking outside shops', 'Drinking and abuse in the square'],
  vehicle_nuisance: ['Car meets and racing', 'Abandoned vehicles', 'Vehicle revving late at night'],
  criminal_damage_vandalism: ['Damage to cars', 'Vandalism of bus shelter', 'Windows broken'],
  graffiti: ['Graffiti on shop shutters', 'Tagging on underpass', 'Offensive graffiti'],
  fly_tipping_littering: ['Fly-tipping in back alley', 'Rubbish dumped on verge', 'Fly-tipping behind garages'],
  inconsiderate_parking: ['Obstructive parking', 'Parking across driveways'],
  begging: ['Aggressive begging at cash machine', 'Begging outside station'],
  other: ['Nuisance at the park', 'Dog fouling and nuisance', 'Fireworks set off in street'],
};

const INCIDENTS: Record<CaseType, string[]> = {
  neighbour_verbal_abuse_intimidation_harassment: ['Shouting and swearing at the door', 'Threats made over the fence', 'Followed to the car and abused', 'Banging on the wall and shouting', 'Abusive notes left on the car'],
  noisy_neighbours: ['Loud music until 3am', 'Party with shouting in the garden', 'Dog barking all night', 'Loud arguments heard through the wall'],
  youth_rowdy_inconsiderate: ['Group of about ten youths shouting and kicking doors', 'Youths throwing eggs at windows', 'Youths climbing on shop roof', 'Group blocking the pavement and abusing passers-by'],
  off_road_bikes: ['Two off-road bikes riding across the field', 'Motorbike wheelies on the footpath', 'Quad bike on the playing field'],
  e_scooters: ['E-scooter ridden at speed on the pavement', 'Near miss with a pedestrian on an e-scooter'],
  drug_taking: ['Cannabis smell and people using in the stairwell', 'Needles found by the play area', 'People injecting in the garages'],
  drug_dealing: ['Short visits to the address all evening', 'Suspected deal in a car outside', 'Young people seen carrying packages'],
  street_drinking: ['Group drinking and shouting outside the shop', 'Empty cans and urination in the doorway'],
  vehicle_nuisance: ['Cars racing on the industrial estate', 'Vehicle revving and horns at midnight', 'Car left with windows smashed'],
  criminal_damage_vandalism: ['Car tyres slashed', 'Bus shelter glass smashed', 'Fence pulled down'],
  graffiti: ['New tags sprayed on the shutters', 'Offensive words painted on the wall'],
  fly_tipping_littering: ['Mattress and bags dumped in the alley', 'Builders rubble tipped on the verge', 'Fridge left behind the garages'],
  inconsiderate_parking: ['Van parked across the driveway', 'Cars blocking the dropped kerb'],
  begging: ['Man begging aggressively at the cash machine', 'Begging and following shoppers'],
  other: ['Fireworks thrown at passers-by', 'Dog off lead and threatening', 'Nuisance in the park after dark'],
};

export function caseTitle(rng: Rng, type: CaseType, street: string): string {
  return `${rng.pick(TITLES[type])}, ${street}`;
}

export function caseDescription(rng: Rng, type: CaseType, town: string): string {
  return `${rng.pick(INCIDENTS[type])}; reports from residents in ${town}.`;
}

export function incidentDescription(rng: Rng, type: CaseType): string {
  return rng.pick(INCIDENTS[type]);
}

const REVIEW_SUMMARIES = [
  'Case reviewed; actions on track.',
  'Reviewed with the officer in charge; victim contact up to date.',
  'Reviewed; awaiting partner update.',
  'Incidents continuing; actions reviewed.',
  'Reviewed; risk assessments checked and current.',
  'Reviewed; no new incidents since the last review.',
];
const NEXT_ACTIONS = [
  'Visit the perpetrator and issue a warning letter.',
  'Patrol plan for the area at peak times.',
  'Refer to mediation.',
  'Share with the housing provider.',
  'Contact the victim weekly.',
  'Request CCTV.',
  null,
];
const CLOSE_SUMMARIES: Record<string, string[]> = {
  resolved: ['No further incidents; victim satisfied.', 'Behaviour has stopped after intervention.'],
  no_further_action: ['No evidence to proceed; victim advised.', 'Insufficient information for further action.'],
  transferred: ['Transferred to the housing provider.', 'Transferred to the neighbouring force.'],
  unable_to_contact: ['Victim not contactable after several attempts.'],
  other: ['Closed after discussion with partners.'],
};
const UPDATE_SUMMARIES = ['Update on progress given.', 'Told about the patrol plan.', 'Discussed the latest incident.', 'Advised on diary sheets.', 'Update on action taken with the perpetrator.'];
const REOPEN_REASONS = ['New incidents reported.', 'Behaviour has resumed.', 'Victim reported further harassment.'];

export const reviewSummary = (rng: Rng) => rng.pick(REVIEW_SUMMARIES);
export const nextActions = (rng: Rng) => rng.pick(NEXT_ACTIONS);
export const closeSummary = (rng: Rng, outcome: string) => rng.pick(CLOSE_SUMMARIES[outcome]);
export const updateSummary = (rng: Rng) => rng.pick(UPDATE_SUMMARIES);
export const reopenReason = (rng: Rng) => rng.pick(REOPEN_REASONS);
