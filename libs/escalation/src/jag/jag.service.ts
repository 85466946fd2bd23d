import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  Actor,
  APP_CONFIG,
  AppConfig,
  AuditService,
  checkPastTime,
  Clock,
  decodeKeyset,
  DEFAULT_LIMIT,
  DomainError,
  ErrorDetail,
  inTransaction,
  Page,
  refuseIfClosed,
  toPage,
} from '@asb/core';
import { CasesRepository } from '@asb/cases';
import { RepeatVictimRepository } from '@asb/people';
import { RiskAssessmentRepository } from '@asb/risk';
import { JAG_CRITERIA, JagCriterion, JagFacts, jagEvidence, persistentWindow, unmetCriteria } from '../rules/jag-criteria';
import { addActionRefusal, closeActionRefusal, isSupervisor, JagRefusal, resolveRefusal } from '../rules/jag-referral';
import {
  CancelJagActionDto,
  CompleteJagActionDto,
  CreateJagActionDto,
  CreateJagMeetingDto,
  CreateJagReferralDto,
  ListJagReferralsQueryDto,
  ResolveJagReferralDto,
} from './jag.dto';
import { JagActionAnswer, JagMeetingAnswer, JagReferralAnswer, mapAction, mapMeeting, mapReferral } from './jag.mapper';
import { JagRepository } from './jag.repository';

/**
 * JAG escalation (DOMAIN.md section 10): referring a case to the JAG of its
 * CSP on criteria the service checks itself, actions assigned to partner
 * organisations, JAG meetings, and resolution once no action is open. Who
 * may do what is written in rules/jag-referral.ts.
 */
@Injectable()
export class JagService {
  constructor(
    private readonly db: DataSource,
    private readonly jag: JagRepository,
    private readonly cases: CasesRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly riskAssessments: RiskAssessmentRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async refer(actor: Actor, caseId: string, dto: CreateJagReferralDto): Promise<JagReferralAnswer> {
    const now = this.clock.now();
    const reasons = JAG_CRITERIA.filter((c) => dto.reasons.includes(c));
    const complexReason = dto.complexReason ?? null;
    if (reasons.includes('complex') && !complexReason) {
      throw DomainError.validation([{ field: 'complexReason', message: "complex needs the supervisor's written reason in complexReason" }]);
    }
    if (!reasons.includes('complex') && complexReason) {
      throw DomainError.validation([{ field: 'complexReason', message: 'complexReason is given only with the complex criterion' }]);
    }
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
      const c = (await this.cases.findById(em, caseId))!;
      refuseIfClosed(c.status, 'referring it to the JAG');
      const open = await this.jag.openReferralOfCase(em, caseId);
      if (open) throw alreadyOpen(open);

      const facts = await this.factsOf(em, actor, caseId, reasons, now);
      const unmet = unmetCriteria(reasons, facts);
      if (unmet.length) {
        throw new DomainError(
          'JAG_CRITERION_NOT_MET',
          `The case does not meet the JAG criteria claimed: ${unmet.map((u) => u.criterion).join(', ')}`,
          unmet.map((u) => ({ field: 'reasons', criterion: u.criterion, message: u.message })),
        );
      }
      const evidence = jagEvidence(reasons, facts, complexReason);
      const id = await this.jag.insertReferral(
        em,
        { caseId, cspCode: c.csp_code, reasons, complexReason, evidence, summary: dto.summary, referredAt: now, referredByKind: actor.kind, referredById: actor.id },
        now,
      );
      if (!id) throw alreadyOpen((await this.jag.openReferralOfCase(em, caseId))!);
      await this.audit.record(em, actor, [{ action: 'create', entityType: 'jag_referral', entityId: id, caseId, details: { cspCode: c.csp_code, reasons, evidence } }]);
      return mapReferral((await this.jag.findReferral(em, id))!);
    });
  }

  async get(actor: Actor, id: string): Promise<JagReferralAnswer> {
    return inTransaction(this.db, async (em) => {
      const [state] = await this.jag.referralsFor(em, [id], actor.organisationId);
      if (!state?.visible) throw DomainError.notFound('JAG referral');
      await this.audit.record(em, actor, [{ action: 'read', entityType: 'jag_referral', entityId: id, caseId: state.case_id }]);
      return mapReferral((await this.jag.findReferral(em, id))!);
    });
  }

  async list(actor: Actor, query: ListJagReferralsQueryDto): Promise<Page<JagReferralAnswer>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const after = key && { referredAt: key[0], id: key[1] };
    return inTransaction(this.db, async (em) => {
      const rows = await this.jag.pageVisible(em, actor.organisationId, { cspCode: query.cspCode, status: query.status }, limit, after);
      const page = toPage(rows, limit, (r) => [r.cursor_referred_at, r.id], mapReferral);
      await this.audit.record(em, actor, [
        { action: 'list', entityType: 'jag_referral', details: { cspCode: query.cspCode ?? null, status: query.status ?? null, referralIds: page.items.map((r) => r.id) } },
      ]);
      return page;
    });
  }

  async resolve(actor: Actor, id: string, dto: ResolveJagReferralDto): Promise<JagReferralAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const state = await this.jag.lockReferral(em, id, actor.organisationId);
      if (!state?.visible) throw DomainError.notFound('JAG referral');
      refuse(resolveRefusal(actor, { status: state.status, openActions: await this.jag.openActionCount(em, id) }));
      await this.jag.resolve(em, id, dto.outcome, actor.id, now);
      await this.audit.record(em, actor, [{ action: 'update', entityType: 'jag_referral', entityId: id, caseId: state.case_id, details: { change: 'resolve', outcome: dto.outcome } }]);
      return mapReferral((await this.jag.findReferral(em, id))!);
    });
  }

  async addAction(actor: Actor, referralId: string, dto: CreateJagActionDto): Promise<JagActionAnswer> {
    const now = this.clock.now();
    const dueAt = new Date(dto.dueAt);
    return inTransaction(this.db, async (em) => {
      const state = await this.jag.lockReferral(em, referralId, actor.organisationId);
      if (!state?.visible) throw DomainError.notFound('JAG referral');
      refuseIfClosed(state.case_status, 'adding actions to its JAG referral');
      refuse(addActionRefusal(state));
      const problems: ErrorDetail[] = [];
      if (!(await this.jag.organisationsAmong(em, [dto.organisationId])).has(dto.organisationId)) {
        problems.push({ field: 'organisationId', message: 'there is no such organisation' });
      }
      if (dueAt.getTime() < state.referred_at.getTime()) {
        problems.push({ field: 'dueAt', message: `dueAt may not be before the referral was made (${state.referred_at.toISOString()})` });
      }
      if (problems.length) throw DomainError.validation(problems);
      const row = await this.jag.insertAction(
        em,
        { referralId, organisationId: dto.organisationId, description: dto.description, dueAt, byKind: actor.kind, byId: actor.id },
        now,
      );
      await this.audit.record(em, actor, [
        { action: 'create', entityType: 'jag_action', entityId: row.id, caseId: state.case_id, details: { referralId, organisationId: dto.organisationId, dueAt: dueAt.toISOString() } },
      ]);
      return mapAction(row);
    });
  }

  /** The assigned organisation may complete its action even when it cannot see the case. */
  completeAction(actor: Actor, actionId: string, dto: CompleteJagActionDto): Promise<JagActionAnswer> {
    return this.closeAction(actor, actionId, 'completed', dto.note);
  }

  /** Cancelling is for those who can see the case. */
  cancelAction(actor: Actor, actionId: string, dto: CancelJagActionDto): Promise<JagActionAnswer> {
    return this.closeAction(actor, actionId, 'cancelled', dto.reason);
  }

  async recordMeeting(actor: Actor, dto: CreateJagMeetingDto): Promise<JagMeetingAnswer> {
    const now = this.clock.now();
    const heldAt = new Date(dto.heldAt);
    checkPastTime('heldAt', heldAt, now);
    return inTransaction(this.db, async (em) => {
      const problems: ErrorDetail[] = [];
      if (!(await this.jag.cspExists(em, dto.cspCode))) problems.push({ field: 'cspCode', message: `there is no CSP ${dto.cspCode}` });
      const orgs = await this.jag.organisationsAmong(em, dto.attendingOrganisationIds);
      for (const id of dto.attendingOrganisationIds) {
        if (!orgs.has(id)) problems.push({ field: 'attendingOrganisationIds', organisationId: id, message: `there is no organisation ${id}` });
      }
      if (problems.length) throw DomainError.validation(problems);

      const referrals = new Map((await this.jag.referralsFor(em, dto.referralIds, actor.organisationId)).map((r) => [r.id, r]));
      const unknown = dto.referralIds.filter((id) => !referrals.get(id)?.visible);
      if (unknown.length) {
        throw new DomainError('NOT_FOUND', 'JAG referral not found', unknown.map((referralId) => ({ field: 'referralIds', referralId, message: `JAG referral ${referralId} not found` })));
      }
      for (const id of dto.referralIds) {
        const r = referrals.get(id)!;
        if (r.csp_code !== dto.cspCode) problems.push({ field: 'referralIds', referralId: id, message: `JAG referral ${id} is for the JAG of CSP ${r.csp_code}` });
        else if (heldAt.getTime() < r.referred_at.getTime()) problems.push({ field: 'heldAt', referralId: id, message: `the meeting was held before JAG referral ${id} was made` });
      }
      if (problems.length) throw DomainError.validation(problems);

      const meeting = await this.jag.insertMeeting(
        em,
        { cspCode: dto.cspCode, heldAt, organisationIds: dto.attendingOrganisationIds, referralIds: dto.referralIds, byKind: actor.kind, byId: actor.id },
        now,
      );
      await this.audit.record(em, actor, [
        {
          action: 'create',
          entityType: 'jag_meeting',
          entityId: meeting.id,
          details: { cspCode: dto.cspCode, heldAt: heldAt.toISOString(), attendingOrganisationIds: dto.attendingOrganisationIds, referralIds: dto.referralIds },
        },
        ...dto.referralIds.map((id) => ({ action: 'link' as const, entityType: 'jag_referral', entityId: id, caseId: referrals.get(id)!.case_id, details: { meetingId: meeting.id } })),
      ]);
      return mapMeeting(meeting, dto.attendingOrganisationIds, dto.referralIds);
    });
  }

  private async closeAction(actor: Actor, actionId: string, status: 'completed' | 'cancelled', text: string): Promise<JagActionAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const state = await this.jag.lockAction(em, actionId, actor.organisationId);
      const mayAct = state && (state.case_visible || (status === 'completed' && state.organisation_id === actor.organisationId));
      if (!state || !mayAct) throw DomainError.notFound('JAG action');
      refuse(closeActionRefusal(state));
      const row = await this.jag.closeAction(em, actionId, { status, text, byKind: actor.kind, byId: actor.id }, now);
      await this.audit.record(em, actor, [
        { action: 'update', entityType: 'jag_action', entityId: actionId, caseId: state.case_id, details: { change: status === 'completed' ? 'complete' : 'cancel', referralId: state.referral_id } },
      ]);
      return mapAction(row);
    });
  }

  /** What the service knows of the case for each claimed criterion, now; criteria not claimed are not looked up. */
  private async factsOf(em: EntityManager, actor: Actor, caseId: string, claimed: JagCriterion[], now: Date): Promise<JagFacts> {
    const persistentDays = this.config.policy.persistentIncidentDays;
    const facts: JagFacts = { repeatVictimIds: [], highRiskAssessmentIds: [], vulnerableVictimIds: [], incidentsInWindow: 0, persistentDays, bySupervisor: isSupervisor(actor) };
    if (claimed.includes('repeat_victim') || claimed.includes('vulnerable_victim')) {
      const victims = await this.jag.victimsOfCase(em, caseId);
      facts.vulnerableVictimIds = victims.filter((v) => v.vulnerable).map((v) => v.person_id);
      if (claimed.includes('repeat_victim')) {
        const status = await this.repeatVictims.statusAt(em, victims.map((v) => v.person_id), now);
        facts.repeatVictimIds = victims.filter((v) => status.get(v.person_id)?.isRepeat).map((v) => v.person_id);
      }
    }
    if (claimed.includes('high_risk')) {
      facts.highRiskAssessmentIds = (await this.riskAssessments.findCurrentForCases(em, [caseId])).filter((a) => a.level === 'high').map((a) => a.id);
    }
    if (claimed.includes('persistent')) {
      const { from, to } = persistentWindow(now, persistentDays);
      facts.incidentsInWindow = await this.jag.incidentsBetween(em, caseId, from, to);
    }
    return facts;
  }
}

function alreadyOpen(referralId: string): DomainError {
  return new DomainError('JAG_REFERRAL_ALREADY_OPEN', 'The case already has an open JAG referral', [{ field: 'caseId', referralId, message: `JAG referral ${referralId} is open` }]);
}

function refuse(refusal: JagRefusal | null): void {
  if (refusal) throw new DomainError(refusal.code, refusal.message);
}
