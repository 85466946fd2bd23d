import type { ErrorCode } from '@asb/core/errors/domain-error';
import { ageOn } from '@asb/risk/rules';

/**
 * The Incremental Approach (DOMAIN.md section 9): partners use tools and
 * powers proportionately, stepping up one level at a time, and each condition
 * the 2014 Act puts on Community Protection Notices is checked here. Every
 * function is pure: the service gathers the facts, these decide.
 */

/** Each tool or power and its level on the ladder. */
export const INTERVENTION_LEVELS = {
  verbal_warning: 1,
  warning_letter: 1,
  mediation: 1,
  support_referral: 1,
  acceptable_behaviour_contract: 2,
  tenancy_warning: 2,
  community_protection_warning: 3,
  community_protection_notice: 4,
  fixed_penalty_notice: 5,
  prosecution: 5,
  civil_injunction: 5,
  criminal_behaviour_order: 5,
  closure_notice: 5,
  closure_order: 5,
} as const;

export type InterventionType = keyof typeof INTERVENTION_LEVELS;
export type InterventionLevel = (typeof INTERVENTION_LEVELS)[InterventionType];
export const INTERVENTION_TYPES = Object.keys(INTERVENTION_LEVELS) as InterventionType[];

/** What a caseworker calls each one, for messages and reports. */
export const INTERVENTION_NAMES: Record<InterventionType, string> = {
  verbal_warning: 'verbal warning',
  warning_letter: 'warning letter',
  mediation: 'mediation',
  support_referral: 'support or diversion referral',
  acceptable_behaviour_contract: 'acceptable behaviour contract (ABC)',
  tenancy_warning: 'tenancy warning',
  community_protection_warning: 'Community Protection Notice Warning (CPNW)',
  community_protection_notice: 'Community Protection Notice (CPN)',
  fixed_penalty_notice: 'fixed penalty notice',
  prosecution: 'prosecution',
  civil_injunction: 'civil injunction',
  criminal_behaviour_order: 'criminal behaviour order',
  closure_notice: 'closure notice',
  closure_order: 'closure order',
};

export const INTERVENTION_STATUSES = ['proposed', 'approved', 'served', 'withdrawn'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

const CPNW: InterventionType = 'community_protection_warning';
const CPN: InterventionType = 'community_protection_notice';
/** The written warning and the notice: the same issuers and the same minimum age (s.43, s.53). */
const NOTICES: ReadonlySet<InterventionType> = new Set([CPNW, CPN]);
/** What answers a breach of a served CPN (s.48, s.52). */
const BREACH_ANSWERS: ReadonlySet<InterventionType> = new Set<InterventionType>(['fixed_penalty_notice', 'prosecution']);

/** A CPN must be 16 or over on the day it is issued (s.43(1)); so must a CPNW. */
export const CPN_MINIMUM_AGE = 16;
/** "The day issued" is the day in England and Wales, where the 2014 Act applies. */
export const LEGAL_TIME_ZONE = 'Europe/London';

/** Why a request is refused: the code of API.md and a message a caseworker understands. */
export interface Refusal {
  code: ErrorCode;
  message: string;
  field?: string;
}

export function levelOf(type: InterventionType): InterventionLevel {
  return INTERVENTION_LEVELS[type];
}

/** A CPN is proposed and waits for approval; everything else takes effect when recorded (API.md). */
export function initialStatus(type: InterventionType): 'proposed' | 'served' {
  return type === CPN ? 'proposed' : 'served';
}

/** An intervention already recorded on the same perpetrator in the same case. */
export interface RecordedIntervention {
  type: InterventionType;
  level: number;
  status: InterventionStatus;
  complianceDueAt: Date | null;
}

// ---------------------------------------------------------------- sequence

/**
 * The highest level already used on the perpetrator in the case, 0 for none.
 * A withdrawn intervention was not used: it does not count.
 */
export function highestLevelUsed(recorded: Pick<RecordedIntervention, 'level' | 'status'>[]): number {
  return recorded.reduce((highest, r) => (r.status === 'withdrawn' ? highest : Math.max(highest, r.level)), 0);
}

/** Out of sequence: more than one level above the highest level already used. */
export function isOutOfSequence(level: number, highestUsed: number): boolean {
  return level > highestUsed + 1;
}

/** An out-of-sequence step needs a written justification (it is then recorded and flagged). */
export function sequenceRefusal(type: InterventionType, highestUsed: number, justification: string | undefined): Refusal | null {
  const level = levelOf(type);
  if (!isOutOfSequence(level, highestUsed) || justification) return null;
  const sofar = highestUsed === 0 ? 'nothing has been used yet' : `the highest level used so far is ${highestUsed}`;
  return {
    code: 'INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED',
    field: 'justification',
    message: `A ${INTERVENTION_NAMES[type]} is level ${level} of the Incremental Approach and ${sofar} with this perpetrator on this case: stepping up more than one level needs a written justification`,
  };
}

// ---------------------------------------------------------------- issuer

export interface IssuingOrganisation {
  kind: string;
  canIssueCpn: boolean;
}

/** Police and local authorities issue CPNWs and CPNs; anyone else only when designated (s.53). */
export function mayIssueNotices(org: IssuingOrganisation): boolean {
  return org.kind === 'police' || org.kind === 'local_authority' || org.canIssueCpn;
}

/**
 * Who may issue what: CPNWs and CPNs as above; a fixed penalty notice never by
 * the police (001:365-369) and otherwise only by an organisation that may
 * issue the notice it enforces.
 */
export function issuerRefusal(type: InterventionType, org: IssuingOrganisation): Refusal | null {
  if (type === 'fixed_penalty_notice' && org.kind === 'police') {
    return { code: 'FPN_NOT_BY_POLICE', message: 'The police do not issue fixed penalty notices for breach of a CPN: the local authority (or a designated organisation) issues them' };
  }
  if ((NOTICES.has(type) || type === 'fixed_penalty_notice') && !mayIssueNotices(org)) {
    return {
      code: 'ISSUER_NOT_AUTHORISED',
      message: `Your organisation may not issue a ${INTERVENTION_NAMES[type]}: only the police, local authorities and organisations designated to issue CPNs may`,
    };
  }
  return null;
}

// ---------------------------------------------------------------- recipient

export interface Recipient {
  /** A person, or a body (a business or other organisation), which may receive a CPN. */
  kind: 'person' | 'organisation';
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
}

/** The calendar day (YYYY-MM-DD) of an instant in England and Wales. */
export function legalDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: LEGAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Age in whole years on a calendar day. Someone born on 29 February turns a
 * year older on 1 March in a common year.
 */
export function ageOnDay(dateOfBirth: string, day: string): number {
  return ageOn(dateOfBirth, new Date(`${day}T00:00:00Z`));
}

/** A CPNW or CPN goes to a body, or to a person 16 or over on the day it is issued. */
export function recipientRefusal(type: InterventionType, recipient: Recipient, issuedAt: Date): Refusal | null {
  if (!NOTICES.has(type) || recipient.kind === 'organisation') return null;
  if (!recipient.dateOfBirth) {
    return {
      code: 'DATE_OF_BIRTH_REQUIRED',
      message: `A ${INTERVENTION_NAMES[type]} may only be issued to someone aged ${CPN_MINIMUM_AGE} or over: record the perpetrator's date of birth first`,
    };
  }
  const day = legalDay(issuedAt);
  const age = ageOnDay(recipient.dateOfBirth, day);
  if (age >= CPN_MINIMUM_AGE) return null;
  return {
    code: 'CPN_RECIPIENT_UNDER_16',
    message: `The perpetrator is ${age} on ${day}, the day it would be issued: a ${INTERVENTION_NAMES[type]} may only be issued to someone aged ${CPN_MINIMUM_AGE} or over`,
  };
}

// ---------------------------------------------------------------- the CPN's warning

/**
 * A CPN needs a CPNW served on the same perpetrator in the same case whose
 * compliance date has passed before the CPN is issued (s.43(5): the person
 * has had enough time to deal with the matter). "Passed" is strict: at the
 * compliance instant itself the time has not yet run out.
 */
export function cpnWarningRefusal(recorded: RecordedIntervention[], issuedAt: Date): Refusal | null {
  const warnings = recorded.filter((r) => r.type === CPNW && r.status === 'served');
  if (warnings.length === 0) {
    return { code: 'CPN_REQUIRES_WARNING', message: 'A CPN needs a Community Protection Notice Warning served on this perpetrator on this case first' };
  }
  if (warnings.some((w) => w.complianceDueAt !== null && w.complianceDueAt.getTime() < issuedAt.getTime())) return null;
  const due = warnings.map((w) => w.complianceDueAt?.getTime() ?? Infinity).reduce((a, b) => Math.min(a, b));
  return {
    code: 'CPN_WARNING_PERIOD_NOT_ELAPSED',
    message: `The CPNW's compliance date (${new Date(due).toISOString()}) has not passed: the perpetrator must have the time the warning gave before a CPN is issued`,
  };
}

// ---------------------------------------------------------------- breach, amount, dates

/** A breach as recorded, with the intervention it is a breach of. */
export interface BreachOnRecord {
  caseId: string;
  personId: string;
  occurredAt: Date;
  intervention: { type: InterventionType; status: InterventionStatus };
}

/**
 * A fixed penalty notice or a prosecution answers a recorded breach of a CPN
 * served on the same perpetrator in the same case; nothing else names a breach.
 * `breach` is null when breachId was not given or names no breach.
 */
export function breachRefusal(
  type: InterventionType,
  breachIdGiven: boolean,
  breach: BreachOnRecord | null,
  target: { caseId: string; personId: string; issuedAt: Date },
): Refusal | null {
  if (!BREACH_ANSWERS.has(type)) {
    return breachIdGiven ? { code: 'VALIDATION_FAILED', field: 'breachId', message: 'Only a fixed penalty notice or a prosecution names a breach' } : null;
  }
  const what = `A ${INTERVENTION_NAMES[type]} answers a recorded breach of a served CPN`;
  if (!breachIdGiven) return { code: 'BREACH_REQUIRED', field: 'breachId', message: `${what}: record the breach, then give its breachId` };
  if (!breach) return { code: 'BREACH_REQUIRED', field: 'breachId', message: `${what}: no breach with that breachId is recorded` };
  if (breach.caseId !== target.caseId || breach.personId !== target.personId) {
    return { code: 'BREACH_REQUIRED', field: 'breachId', message: `${what}: that breach is not of a notice served on this perpetrator on this case` };
  }
  if (breach.intervention.type !== CPN) {
    return { code: 'BREACH_REQUIRED', field: 'breachId', message: `${what}: that breach is of a ${INTERVENTION_NAMES[breach.intervention.type]}, not of a CPN` };
  }
  if (breach.intervention.status !== 'served') {
    return { code: 'BREACH_REQUIRED', field: 'breachId', message: `${what}: the CPN that breach is of has been ${breach.intervention.status}` };
  }
  if (target.issuedAt.getTime() < breach.occurredAt.getTime()) {
    return { code: 'VALIDATION_FAILED', field: 'issuedAt', message: `issuedAt may not be before the breach it answers (${breach.occurredAt.toISOString()})` };
  }
  return null;
}

export interface AmountLimits {
  fpnMaxAmount: number;
  prosecutionMaxFine: number;
}

const pounds = (n: number) => `£${n.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;

/**
 * Money (s.52, s.48): a fixed penalty notice states its amount, at most the
 * configured maximum; a prosecution may record the fine, at most the
 * configured maximum for an individual and with no cap for a body. Nothing
 * else carries an amount.
 */
export function amountRefusal(type: InterventionType, amount: number | undefined, recipient: Pick<Recipient, 'kind'>, limits: AmountLimits): Refusal | null {
  if (type === 'fixed_penalty_notice') {
    if (amount === undefined) return { code: 'VALIDATION_FAILED', field: 'amount', message: 'A fixed penalty notice states its amount' };
    if (amount > limits.fpnMaxAmount) {
      return { code: 'AMOUNT_OVER_LIMIT', field: 'amount', message: `A fixed penalty notice for breach of a CPN may be at most ${pounds(limits.fpnMaxAmount)}` };
    }
    return null;
  }
  if (type === 'prosecution') {
    if (amount !== undefined && recipient.kind === 'person' && amount > limits.prosecutionMaxFine) {
      return {
        code: 'AMOUNT_OVER_LIMIT',
        field: 'amount',
        message: `The fine on prosecution for breach of a CPN may be at most ${pounds(limits.prosecutionMaxFine)} for an individual (there is no cap for a body)`,
      };
    }
    return null;
  }
  return amount === undefined ? null : { code: 'VALIDATION_FAILED', field: 'amount', message: 'Only a fixed penalty notice or a prosecution (its fine) carries an amount' };
}

/** A CPNW is served with the date by which the behaviour must stop; any compliance date falls after the date it is given. */
export function complianceDateRefusal(type: InterventionType, from: Date, complianceDueAt: Date | undefined, fromField = 'issuedAt'): Refusal | null {
  if (complianceDueAt === undefined) {
    return type === CPNW
      ? { code: 'VALIDATION_FAILED', field: 'complianceDueAt', message: 'A CPNW is served with the date by which the behaviour must stop: give complianceDueAt' }
      : null;
  }
  if (complianceDueAt.getTime() <= from.getTime()) {
    return { code: 'VALIDATION_FAILED', field: 'complianceDueAt', message: `complianceDueAt must be after ${fromField}` };
  }
  return null;
}

/** A CPN imposes requirements: stop doing something, do something, take reasonable steps (s.43(3)). */
export function requirementsRefusal(type: InterventionType, requirements: readonly string[]): Refusal | null {
  if (type !== CPN || requirements.length > 0) return null;
  return { code: 'VALIDATION_FAILED', field: 'requirements', message: 'A CPN states its requirements: what the perpetrator must stop doing, do, or take reasonable steps to do' };
}

// ---------------------------------------------------------------- a new intervention

export interface NewInterventionFacts {
  type: InterventionType;
  caseId: string;
  personId: string;
  issuedAt: Date;
  complianceDueAt?: Date;
  requirements: readonly string[];
  amount?: number;
  breachIdGiven: boolean;
  breach: BreachOnRecord | null;
  justification?: string;
  issuer: IssuingOrganisation;
  recipient: Recipient;
  /** Everything already recorded on this perpetrator in this case. */
  recorded: RecordedIntervention[];
  limits: AmountLimits;
}

export type NewInterventionDecision =
  | { refusal: Refusal }
  | { refusal: null; level: InterventionLevel; status: 'proposed' | 'served'; outOfSequence: boolean };

/** Every condition on a new intervention, in the order a caseworker would want to hear of them. */
export function decideNewIntervention(f: NewInterventionFacts): NewInterventionDecision {
  const highest = highestLevelUsed(f.recorded);
  const refusal =
    complianceDateRefusal(f.type, f.issuedAt, f.complianceDueAt) ??
    requirementsRefusal(f.type, f.requirements) ??
    issuerRefusal(f.type, f.issuer) ??
    recipientRefusal(f.type, f.recipient, f.issuedAt) ??
    (f.type === CPN ? cpnWarningRefusal(f.recorded, f.issuedAt) : null) ??
    breachRefusal(f.type, f.breachIdGiven, f.breach, f) ??
    amountRefusal(f.type, f.amount, f.recipient, f.limits) ??
    sequenceRefusal(f.type, highest, f.justification);
  if (refusal) return { refusal };
  const level = levelOf(f.type);
  return { refusal: null, level, status: initialStatus(f.type), outOfSequence: isOutOfSequence(level, highest) };
}

// ---------------------------------------------------------------- approval, service, withdrawal, breach

export interface InterventionState {
  type: InterventionType;
  status: InterventionStatus;
  issuingOrganisationId: string;
  recordedBy: { kind: string; id: string };
}

export interface Approver {
  kind: 'user' | 'client';
  id: string;
  organisationId: string;
  roles: readonly string[];
}

/** A proposed CPN is approved by a supervisor of the issuing organisation who did not propose it (001:361). */
export function approvalRefusal(i: InterventionState, approver: Approver): Refusal | null {
  if (i.type !== CPN) return { code: 'CONFLICT', message: `Only a CPN is approved; a ${INTERVENTION_NAMES[i.type]} takes effect when it is recorded` };
  if (i.status !== 'proposed') return { code: 'CONFLICT', message: `This CPN is ${i.status}: only a proposed CPN is approved` };
  if (approver.kind !== 'user' || !approver.roles.includes('supervisor')) return { code: 'FORBIDDEN', message: 'Only a supervisor approves a CPN' };
  if (approver.organisationId !== i.issuingOrganisationId) {
    return { code: 'FORBIDDEN', message: 'Only a supervisor of the organisation issuing the CPN may approve it' };
  }
  if (approver.kind === i.recordedBy.kind && approver.id === i.recordedBy.id) {
    return { code: 'APPROVER_IS_PROPOSER', message: 'A CPN is approved by a supervisor other than the one who proposed it' };
  }
  return null;
}

export interface ServeFacts {
  type: InterventionType;
  status: InterventionStatus;
  issuedAt: Date;
  /** The compliance date given when it was proposed, if any. */
  complianceDueAt: Date | null;
  servedAt: Date;
  /** A compliance date given on service, replacing the proposed one. */
  newComplianceDueAt?: Date;
  /** Everything recorded on the perpetrator in the case: the CPNW must still be in force. */
  recorded: RecordedIntervention[];
}

/**
 * Only an approved CPN is served (everything else was served when recorded),
 * not before it was issued, with its compliance date still ahead, and only
 * while the CPNW it rests on is in force (not withdrawn since).
 */
export function serveRefusal(f: ServeFacts): Refusal | null {
  switch (f.status) {
    case 'proposed':
      return { code: 'CPN_NOT_APPROVED', message: 'This CPN has not been approved: a supervisor of the issuing organisation must approve it before it is served' };
    case 'served':
      return { code: 'CONFLICT', message: `This ${INTERVENTION_NAMES[f.type]} has already been served` };
    case 'withdrawn':
      return { code: 'CONFLICT', message: `This ${INTERVENTION_NAMES[f.type]} has been withdrawn` };
    case 'approved':
      break;
  }
  if (f.servedAt.getTime() < f.issuedAt.getTime()) {
    return { code: 'VALIDATION_FAILED', field: 'servedAt', message: `servedAt may not be before the CPN was issued (${f.issuedAt.toISOString()})` };
  }
  if (f.newComplianceDueAt) {
    const refusal = complianceDateRefusal(f.type, f.servedAt, f.newComplianceDueAt, 'servedAt');
    if (refusal) return refusal;
  } else if (f.complianceDueAt && f.complianceDueAt.getTime() <= f.servedAt.getTime()) {
    return {
      code: 'VALIDATION_FAILED',
      field: 'complianceDueAt',
      message: `The compliance date given when the CPN was proposed (${f.complianceDueAt.toISOString()}) is not after servedAt: give a new complianceDueAt`,
    };
  }
  return cpnWarningRefusal(f.recorded, f.issuedAt);
}

export function withdrawalRefusal(i: Pick<InterventionState, 'type' | 'status'>): Refusal | null {
  return i.status === 'withdrawn' ? { code: 'CONFLICT', message: `This ${INTERVENTION_NAMES[i.type]} has already been withdrawn` } : null;
}

/** A breach is of an intervention in force (served), and cannot happen before it was served. */
export function breachRecordingRefusal(i: Pick<InterventionState, 'type' | 'status'> & { servedAt: Date | null }, occurredAt: Date): Refusal | null {
  if (i.status !== 'served') {
    return { code: 'CONFLICT', message: `Only a served intervention can be breached; this ${INTERVENTION_NAMES[i.type]} is ${i.status}` };
  }
  if (i.servedAt && occurredAt.getTime() < i.servedAt.getTime()) {
    return { code: 'VALIDATION_FAILED', field: 'occurredAt', message: `A breach cannot happen before the ${INTERVENTION_NAMES[i.type]} was served (${i.servedAt.toISOString()})` };
  }
  return null;
}

// ---------------------------------------------------------------- adherence

/** Adherence to the Incremental Approach: a compliance figure, so it lives with the others (reports/rules/figures.ts). */
export { adherencePercent } from '@asb/reports/rules';
