import {
  AmountLimits,
  approvalRefusal,
  breachRecordingRefusal,
  decideNewIntervention,
  InterventionType,
  RecordedIntervention,
  serveRefusal,
} from '@asb/enforcement/incremental-approach';
import { DAY, HOUR, officeTime } from './calendar';
import type { DemoPerson } from './people';
import type { Rng } from './rng';
import type { InterventionBreachRow, InterventionRow } from './rows';
import type { OrganisationStaff } from './users';

/**
 * The Incremental Approach on the demo's perpetrators (DOMAIN.md section 9,
 * shapes ours): about half get something, mostly a level 1 or 2 step (a
 * warning, a letter, an ABC); some go on to a CPNW and, when it is not
 * heeded, a CPN proposed, approved by a supervisor and served; breaches are
 * rare and answered by a fixed penalty notice (the council's) or a
 * prosecution. A few steps skip a level, with a justification; a few are
 * withdrawn. Every step passes the rules of incremental-approach.ts.
 */
const ANY = 0.45;
const FIRST_STEP = { verbal_warning: 40, warning_letter: 35, support_referral: 15, mediation: 10 } as const;
const SECOND_STEP = { acceptable_behaviour_contract: 60, tenancy_warning: 40 } as const;
const REQUIREMENTS = [
  'Stop playing amplified music between 23:00 and 07:00',
  'Do not gather with others in the communal areas of the block',
  'Clear the rubbish from the front garden within 14 days',
  'Keep the dog under control and on a lead in public places',
  'Do not ride a motorcycle on the playing field',
  'Do not contact or approach the residents of the street',
];
const WITHDRAWAL_REASONS = ['Issued in error', 'Perpetrator moved out of the area', 'Superseded by a civil injunction application'];

export interface Issuer {
  staff: OrganisationStaff;
  kind: 'police' | 'local_authority';
}

export interface EnforcementInput {
  caseId: string;
  caseType: string;
  perpetrator: DemoPerson;
  /** When steps may be taken: from the perpetrator joining the case to its closing (or now). */
  from: number;
  to: number;
  lead: Issuer;
  /** The local authority of the area: it issues fixed penalty notices when the police lead. */
  authority: Issuer;
  limits: AmountLimits;
}

export interface EnforcementOutput {
  interventions: InterventionRow[];
  breaches: InterventionBreachRow[];
  /** Fixed penalty notices and prosecutions: they name a breach, so are written after the breaches. */
  breachAnswers: InterventionRow[];
  /** Organisation ids that issued something on the case (the case must be visible to them). */
  issuers: Set<string>;
}

export function enforcement(rng: Rng, e: EnforcementInput, out: EnforcementOutput): void {
  if (e.perpetrator.row.kind !== 'person' || !rng.chance(ANY)) return;
  const recorded: RecordedIntervention[] = [];
  const ladder: InterventionRow[] = [];
  const person = e.perpetrator.row;

  const issue = (type: InterventionType, at: number, issuer: Issuer, extra: Partial<InterventionRow> & { breach?: InterventionBreachRow; cpn?: InterventionRow } = {}): InterventionRow | null => {
    if (at > e.to) return null;
    const issuedAt = new Date(at);
    const facts = {
      type,
      caseId: e.caseId,
      personId: person.id,
      issuedAt,
      complianceDueAt: extra.compliance_due_at ?? undefined,
      requirements: extra.requirements ?? [],
      amount: extra.amount ?? undefined,
      breachIdGiven: extra.breach !== undefined,
      breach: extra.breach && extra.cpn
        ? { caseId: e.caseId, personId: person.id, occurredAt: extra.breach.occurred_at, intervention: { type: 'community_protection_notice' as const, status: extra.cpn.status } }
        : null,
      issuer: { kind: issuer.kind, canIssueCpn: true },
      recipient: { kind: 'person' as const, dateOfBirth: person.date_of_birth },
      recorded,
      limits: e.limits,
    };
    let decision = decideNewIntervention(facts);
    let justification: string | null = null;
    if (decision.refusal?.code === 'INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED') {
      justification = 'Serious and escalating behaviour: an earlier step would not protect the victims';
      decision = decideNewIntervention({ ...facts, justification });
    }
    if (decision.refusal !== null) return null;
    const row: InterventionRow = {
      id: rng.uuid(),
      case_id: e.caseId,
      person_id: person.id,
      type,
      level: decision.level,
      status: decision.status,
      out_of_sequence: decision.outOfSequence,
      justification,
      issuing_organisation_id: issuer.staff.organisationId,
      issued_at: issuedAt,
      compliance_due_at: extra.compliance_due_at ?? null,
      requirements: extra.requirements ?? [],
      amount: extra.amount ?? null,
      breach_id: extra.breach?.id ?? null,
      notes: null,
      recorded_by_id: rng.pick(issuer.staff.caseworkers),
      approved_by: null,
      approved_at: null,
      served_at: decision.status === 'served' ? issuedAt : null,
      withdrawn_at: null,
      withdrawal_reason: null,
      withdrawn_by_id: null,
      updated_at: issuedAt,
    };
    recorded.push({ type, level: row.level, status: row.status, complianceDueAt: row.compliance_due_at });
    (extra.breach ? out.breachAnswers : out.interventions).push(row);
    ladder.push(row);
    out.issuers.add(issuer.staff.organisationId);
    return row;
  };
  const later = (after: number, minDays: number, maxDays: number) => officeTime(rng, after + rng.int(minDays, maxDays) * DAY);

  // A first step: usually level 1; now and then straight to a written warning, justified.
  let last: InterventionRow | null;
  const start = later(e.from, 1, 21);
  if (rng.chance(0.05)) last = issue('community_protection_warning', start, e.lead, { compliance_due_at: new Date(start + rng.int(14, 28) * DAY) });
  else last = issue(rng.weighted(FIRST_STEP), start, e.lead);
  if (!last) return;
  if (last.level < 2 && rng.chance(0.35)) last = issue(rng.weighted(SECOND_STEP), later(last.issued_at.getTime(), 14, 60), e.lead) ?? last;
  if (last.level < 3 && rng.chance(last.level === 2 ? 0.35 : 0.05)) {
    const at = later(last.issued_at.getTime(), 14, 45);
    last = issue('community_protection_warning', at, e.lead, { compliance_due_at: new Date(at + rng.int(14, 28) * DAY) }) ?? last;
  }
  if (last.type === 'community_protection_warning' && rng.chance(0.45)) last = cpn(last) ?? last;

  // The last step of a ladder is now and then withdrawn (nothing after it rests on it).
  const final = ladder[ladder.length - 1];
  if (final.status === 'served' && final.level <= 3 && rng.chance(0.03)) {
    const at = Math.min(e.to, final.issued_at.getTime() + rng.int(1, 20) * DAY);
    if (at > final.issued_at.getTime()) {
      final.status = 'withdrawn';
      final.withdrawn_at = new Date(at);
      final.withdrawal_reason = rng.pick(WITHDRAWAL_REASONS);
      final.withdrawn_by_id = rng.pick(e.lead.staff.supervisors);
      final.updated_at = final.withdrawn_at;
    }
  }

  /** A CPN after an unheeded CPNW: proposed, approved by a supervisor, served; perhaps breached and answered. */
  function cpn(warning: InterventionRow): InterventionRow | null {
    const proposedAt = later(warning.compliance_due_at!.getTime(), 1, 20);
    const notice = issue('community_protection_notice', proposedAt, e.lead, { requirements: rng.subset(REQUIREMENTS, 0.3).slice(0, 2).concat(rng.pick(REQUIREMENTS)).filter((r, i, all) => all.indexOf(r) === i) });
    if (!notice) return null;
    const approvedAt = proposedAt + rng.between(HOUR, 4 * DAY);
    const approver = { kind: 'user' as const, id: rng.pick(e.lead.staff.supervisors), organisationId: e.lead.staff.organisationId, roles: ['supervisor'] };
    if (approvedAt > e.to || approvalRefusal({ type: notice.type, status: notice.status, issuingOrganisationId: notice.issuing_organisation_id, recordedBy: { kind: 'user', id: notice.recorded_by_id } }, approver)) return notice;
    Object.assign(notice, { status: 'approved', approved_by: approver.id, approved_at: new Date(approvedAt), updated_at: new Date(approvedAt) });
    recorded[recorded.length - 1].status = 'approved';
    const servedAt = approvedAt + rng.between(HOUR, 5 * DAY);
    const dueAt = new Date(servedAt + rng.int(14, 28) * DAY);
    if (servedAt > e.to || serveRefusal({ type: notice.type, status: 'approved', issuedAt: notice.issued_at, complianceDueAt: null, servedAt: new Date(servedAt), newComplianceDueAt: dueAt, recorded })) return notice;
    Object.assign(notice, { status: 'served', served_at: new Date(servedAt), compliance_due_at: dueAt, updated_at: new Date(servedAt) });
    recorded[recorded.length - 1].status = 'served';
    recorded[recorded.length - 1].complianceDueAt = dueAt;

    if (e.caseType === 'drug_dealing' && rng.chance(0.1)) issue('closure_notice', later(servedAt, 10, 40), e.lead);
    if (!rng.chance(0.2)) return notice;
    const occurredAt = servedAt + rng.int(7, 60) * DAY + rng.int(0, 23) * HOUR;
    if (occurredAt > e.to || breachRecordingRefusal({ type: notice.type, status: notice.status, servedAt: notice.served_at }, new Date(occurredAt))) return notice;
    const breach: InterventionBreachRow = {
      id: rng.uuid(),
      intervention_id: notice.id,
      occurred_at: new Date(occurredAt),
      description: 'Requirements of the CPN not met: the behaviour continued',
      recorded_by_id: rng.pick(e.lead.staff.caseworkers),
    };
    out.breaches.push(breach);
    const answerAt = later(occurredAt, 3, 30);
    if (rng.chance(0.6)) issue('fixed_penalty_notice', answerAt, e.authority, { amount: e.limits.fpnMaxAmount, breach, cpn: notice });
    else issue('prosecution', answerAt, e.lead, { amount: rng.chance(0.7) ? rng.int(2, 25) * 100 : undefined, breach, cpn: notice });
    return notice;
  }
}
