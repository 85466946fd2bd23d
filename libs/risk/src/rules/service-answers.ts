import { Answers, RiskSubject } from './risk-score';

/** Whole years of age on `at` (UTC), from a YYYY-MM-DD date of birth. */
export function ageOn(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const ay = at.getUTCFullYear();
  const am = at.getUTCMonth() + 1;
  const ad = at.getUTCDate();
  return ay - y - (am < m || (am === m && ad < d) ? 1 : 0);
}

export interface ServiceFacts {
  /** V5: the victim is a repeat victim at the time of the assessment. */
  victimIsRepeat?: boolean;
  /** P6: the perpetrator's date of birth, when known. */
  perpetratorDateOfBirth?: string | null;
  /** C5: some victim on the case is a repeat victim or has a vulnerability marker. */
  anyVictimRepeatOrVulnerable?: boolean;
}

/**
 * The questions the service answers itself (DOMAIN.md section 6): V5 repeat
 * victim, P6 under 18 (only when the date of birth is known), C5 a repeat or
 * vulnerable victim on the case.
 */
export function serviceAnswers(subject: RiskSubject, facts: ServiceFacts, at: Date): Answers {
  switch (subject) {
    case 'victim':
      return { V5: facts.victimIsRepeat === true };
    case 'perpetrator':
      return facts.perpetratorDateOfBirth ? { P6: ageOn(facts.perpetratorDateOfBirth, at) < 18 } : {};
    case 'case':
      return { C5: facts.anyVictimRepeatOrVulnerable === true };
  }
}
