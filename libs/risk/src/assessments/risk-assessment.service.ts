import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Actor, AuditService, checkPastTime, Clock, decodeKeyset, DEFAULT_LIMIT, DomainError, inTransaction, Page, refuseIfClosed, toPage } from '@asb/core';
import { RepeatVictimRepository } from '@asb/people';
import { MissingRiskAssessmentRow, MissingRiskAssessmentsRepository } from '../missing/missing-risk-assessments.repository';
import { RiskTemplateRepository } from '../templates/risk-template.repository';
import { assessmentReviewDueAt, decideLevel, RiskSubject, scoreAssessment } from '../rules/risk-score';
import { ServiceFacts, serviceAnswers } from '../rules/service-answers';
import { CreateRiskAssessmentDto } from './risk-assessment.dto';
import { RiskAssessmentRepository, RiskAssessmentRow } from './risk-assessment.repository';

export function mapRiskAssessment(r: RiskAssessmentRow) {
  return {
    id: r.id,
    caseId: r.case_id,
    subject: r.subject,
    personId: r.person_id,
    templateVersion: r.template_version,
    answers: r.answers,
    score: r.score,
    computedLevel: r.computed_level,
    level: r.level,
    overrideReason: r.override_reason,
    assessedAt: r.assessed_at.toISOString(),
    assessedBy: { kind: r.assessed_by_kind, id: r.assessed_by_id },
    reviewDueAt: r.review_due_at.toISOString(),
    isCurrent: r.is_current,
  };
}

@Injectable()
export class RiskAssessmentService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly templates: RiskTemplateRepository,
    private readonly assessments: RiskAssessmentRepository,
    private readonly missing: MissingRiskAssessmentsRepository,
    private readonly repeatVictims: RepeatVictimRepository,
  ) {}

  currentTemplates() {
    return this.templates.findCurrentTemplates(this.db.manager);
  }

  async create(actor: Actor, caseId: string, dto: CreateRiskAssessmentDto) {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => mapRiskAssessment(await this.createIn(em, actor, caseId, dto, now)));
  }

  /** Records the assessment on a visible, open case in the caller's transaction (also used by imports). */
  async createIn(em: EntityManager, actor: Actor, caseId: string, dto: CreateRiskAssessmentDto, now: Date): Promise<RiskAssessmentRow> {
    const assessedAt = dto.assessedAt ? new Date(dto.assessedAt) : now;
    checkPastTime('assessedAt', assessedAt, now);
    if (dto.subject === 'case' && dto.personId) throw DomainError.validation([{ field: 'personId', message: 'a case assessment names no person' }]);
    if (dto.subject !== 'case' && !dto.personId) throw DomainError.validation([{ field: 'personId', message: `a ${dto.subject} assessment needs personId` }]);

    await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
    const [c]: { status: 'open' | 'closed' }[] = await em.query(`SELECT status FROM cases WHERE id = $1`, [caseId]);
    refuseIfClosed(c.status, 'recording an assessment');
    if (dto.personId) {
      const onCase = await em.query(`SELECT 1 FROM case_parties WHERE case_id = $1 AND person_id = $2 AND role = $3`, [caseId, dto.personId, dto.subject]);
      if (onCase.length === 0) {
        throw new DomainError('PERSON_NOT_ON_CASE', `That person is not a ${dto.subject} on this case`, [{ field: 'personId', message: `not a ${dto.subject} on the case` }]);
      }
    }
    const template = await this.templates.findCurrentTemplate(em, dto.subject);
    const facts = await this.facts(em, caseId, dto.subject, dto.personId, assessedAt);
    const scored = scoreAssessment(template, dto.answers, serviceAnswers(dto.subject, facts, assessedAt));
    if (!scored.ok) {
      throw new DomainError(scored.code, scored.message, scored.questions.map((q) => ({ field: `answers.${q}`, message: scored.code === 'RISK_ANSWERS_INCOMPLETE' ? 'not answered' : 'not a question of this template' })));
    }
    const decided = decideLevel(scored.computedLevel, dto.level, dto.overrideReason);
    if (!decided.ok) {
      throw new DomainError(decided.code, decided.message, [{ field: decided.code === 'VALIDATION_FAILED' ? 'overrideReason' : 'level', message: decided.message }]);
    }
    const row = await this.assessments.insert(em, {
      case_id: caseId,
      subject: dto.subject,
      person_id: dto.personId ?? null,
      template_version: template.version,
      answers: scored.answers,
      score: scored.score,
      computed_level: scored.computedLevel,
      level: decided.level,
      override_reason: decided.overrideReason,
      assessed_at: assessedAt,
      assessed_by_kind: actor.kind,
      assessed_by_id: actor.id,
      review_due_at: assessmentReviewDueAt(decided.level, assessedAt),
    });
    await this.audit.record(em, actor, [{ action: 'create', entityType: 'risk_assessment', entityId: row.id, caseId, details: { subject: row.subject, personId: row.person_id, level: row.level } }]);
    return row;
  }

  async history(actor: Actor, caseId: string, limit = DEFAULT_LIMIT, cursor?: string) {
    const after = decodeKeyset(cursor, ['timestamp', 'uuid']);
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId);
      const rows = await this.assessments.findHistoryForCase(em, caseId, limit, after);
      await this.audit.record(em, actor, [{ action: 'list', entityType: 'risk_assessment', caseId }]);
      return toPage(rows, limit, (r) => [r.assessed_at.toISOString(), r.id], mapRiskAssessment);
    });
  }

  /** The missing and review-overdue assessments on the open cases the caller can see. */
  async listMissing(actor: Actor, npaCode: string | undefined, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<MissingRiskAssessmentRow>> {
    const after = decodeKeyset(cursor, ['text', 'text', 'uuid']);
    return inTransaction(this.db, async (em) => {
      const rows = await this.missing.findRows(em, { now: this.clock.now(), npaCode, visibleToOrganisationId: actor.organisationId, limit, after });
      await this.audit.record(em, actor, [{ action: 'list', entityType: 'risk_assessment', details: { report: 'missing', npaCode: npaCode ?? null, rows: Math.min(rows.length, limit) } }]);
      return toPage(rows, limit, (r) => [r.caseReference, r.subject, r.personId ?? '00000000-0000-0000-0000-000000000000'], (r) => r);
    });
  }

  /** What the service knows for V5, P6 and C5, as of the assessment. */
  private async facts(em: EntityManager, caseId: string, subject: RiskSubject, personId: string | undefined, at: Date): Promise<ServiceFacts> {
    if (subject === 'victim') {
      const status = await this.repeatVictims.statusAt(em, [personId!], at);
      return { victimIsRepeat: status.get(personId!)?.isRepeat ?? false };
    }
    if (subject === 'perpetrator') {
      const [p]: { date_of_birth: string | null }[] = await em.query(`SELECT date_of_birth FROM people WHERE id = $1`, [personId]);
      return { perpetratorDateOfBirth: p?.date_of_birth ?? null };
    }
    const victims: { person_id: string; vulnerable: boolean }[] = await em.query(
      `SELECT cp.person_id, cardinality(p.vulnerabilities) > 0 AS vulnerable
         FROM case_parties cp JOIN people p ON p.id = cp.person_id WHERE cp.case_id = $1 AND cp.role = 'victim'`,
      [caseId],
    );
    if (victims.some((v) => v.vulnerable)) return { anyVictimRepeatOrVulnerable: true };
    const statuses = await this.repeatVictims.statusAt(em, victims.map((v) => v.person_id), at);
    return { anyVictimRepeatOrVulnerable: [...statuses.values()].some((s) => s.isRepeat) };
  }
}
