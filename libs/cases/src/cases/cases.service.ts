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
  ExternalRefsRepository,
  inTransaction,
  Page,
  parseExternalRef,
  postcodePrefix,
  refuseIfClosed,
  toPage,
} from '@asb/core';
import { RepeatVictimRepository } from '@asb/people';
import { PartiesRepository } from '../parties/parties.repository';
import { caseReferenceYear, formatCaseReference } from '../rules/case-reference';
import { missingRiskAssessments, RiskAssessmentRepository } from '@asb/risk';
import { firstReviewDueAt } from '../rules/review-due';
import { CreateCaseDto, ListCasesQueryDto, UpdateCaseDto } from './case.dto';
import { CaseAnswer, mapCase, mapCaseSummary, CaseSummary } from './case.mapper';
import { CaseChanges, CaseListFilters, CaseRow, CasesRepository } from './cases.repository';


/** Opening, reading, changing and listing cases (DOMAIN.md sections 4, 7, 12). */
@Injectable()
export class CasesService {
  constructor(
    private readonly db: DataSource,
    private readonly cases: CasesRepository,
    private readonly parties: PartiesRepository,
    private readonly externalRefs: ExternalRefsRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly riskAssessments: RiskAssessmentRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreateCaseDto): Promise<CaseAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => this.answer(em, await this.openIn(em, actor, dto, now), now));
  }

  /** Opens a case in the caller's transaction (also used by imports). */
  async openIn(em: EntityManager, actor: Actor, dto: CreateCaseDto, now: Date): Promise<CaseRow> {
    const openedAt = dto.openedAt ? new Date(dto.openedAt) : now;
    checkPastTime('openedAt', openedAt, now);
    const leadOrganisationId = (dto.leadOrganisationId ?? actor.organisationId).toLowerCase();
    if (leadOrganisationId !== actor.organisationId) {
      throw DomainError.forbidden('A case can only be opened with your own organisation as its lead');
    }
    const problems: ErrorDetail[] = [];
    const cspCode = await this.resolveCsp(em, dto.npaCode, dto.cspCode ?? undefined, problems);
    const officerInChargeId = dto.officerInChargeId?.toLowerCase() ?? null;
    if (officerInChargeId) await this.checkOfficer(em, officerInChargeId, leadOrganisationId, problems);
    if (problems.length) throw DomainError.validation(problems);

    const year = caseReferenceYear(openedAt);
    const reference = formatCaseReference(year, await this.cases.nextReferenceSequence(em, year));
    const row = await this.cases.insertCase(
      em,
      {
        reference,
        title: dto.title,
        description: dto.description ?? null,
        category: dto.category,
        type: dto.type,
        aggravatingFactors: dto.aggravatingFactors ?? [],
        address: dto.location.address ?? null,
        postcode: dto.location.postcode ?? null,
        latitude: dto.location.latitude ?? null,
        longitude: dto.location.longitude ?? null,
        npaCode: dto.npaCode,
        cspCode: cspCode!,
        leadOrganisationId,
        officerInChargeId,
        openedAt,
        reviewDueAt: firstReviewDueAt(openedAt, this.config.policy.supervisoryReviewDays),
      },
      now,
    );
    await this.externalRefs.add(em, actor, 'case', row.id, dto.externalRefs);
    await this.audit.record(em, actor, [{ action: 'create', entityType: 'case', entityId: row.id, caseId: row.id, details: { reference } }]);
    return row;
  }

  async get(actor: Actor, id: string): Promise<CaseAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, id);
      const row = (await this.cases.findById(em, id))!;
      await this.audit.record(em, actor, [{ action: 'read', entityType: 'case', entityId: id, caseId: id }]);
      return this.answer(em, row, now);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateCaseDto): Promise<CaseAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => this.answer(em, await this.updateIn(em, actor, id, dto, now), now));
  }

  /** Changes a visible, open case in the caller's transaction (also used by imports); returns the case as it now is. */
  async updateIn(em: EntityManager, actor: Actor, id: string, dto: UpdateCaseDto, now: Date): Promise<CaseRow> {
    await this.access.requireVisibleCase(em, actor, id, { lock: true });
    const current = (await this.cases.findById(em, id))!;
    refuseIfClosed(current.status, 'changing it');
    const problems: ErrorDetail[] = [];
    const changes: CaseChanges = {
      title: dto.title,
      description: dto.description === undefined ? undefined : dto.description || null,
      category: dto.category,
      type: dto.type,
      aggravatingFactors: dto.aggravatingFactors,
    };
    if (dto.location) {
      changes.address = dto.location.address === undefined ? undefined : dto.location.address || null;
      changes.postcode = dto.location.postcode;
      changes.latitude = dto.location.latitude;
      changes.longitude = dto.location.longitude;
    }
    if (dto.npaCode !== undefined || dto.cspCode !== undefined) {
      const npaCode = dto.npaCode ?? current.npa_code;
      // A case moved to another NPA follows that NPA's default CSP unless a CSP is named.
      const cspCode = dto.cspCode ?? (npaCode === current.npa_code ? current.csp_code : undefined);
      changes.npaCode = dto.npaCode;
      changes.cspCode = await this.resolveCsp(em, npaCode, cspCode, problems);
    }
    if (dto.officerInChargeId !== undefined) {
      const officer = dto.officerInChargeId?.toLowerCase() ?? null;
      if (officer) await this.checkOfficer(em, officer, current.lead_organisation_id, problems);
      changes.officerInChargeId = officer;
    }
    if (problems.length) throw DomainError.validation(problems);

    const fields = Object.entries(changes).filter(([, v]) => v !== undefined).map(([k]) => k);
    const details: Record<string, unknown> = { fields };
    if (dto.externalRefs !== undefined) {
      const refs = await this.externalRefs.replace(em, actor, 'case', id, dto.externalRefs);
      if (refs.added.length || refs.removed.length) {
        fields.push('externalRefs');
        details.externalRefs = refs;
      }
    }
    if (fields.length === 0) {
      await this.audit.record(em, actor, [{ action: 'read', entityType: 'case', entityId: id, caseId: id }]);
      return current;
    }
    const row = await this.cases.update(em, id, changes, now);
    await this.audit.record(em, actor, [{ action: 'update', entityType: 'case', entityId: id, caseId: id, details }]);
    return row;
  }

  async list(actor: Actor, query: ListCasesQueryDto): Promise<Page<CaseSummary>> {
    const now = this.clock.now();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = this.decodeListCursor(query.cursor);
    const filters: CaseListFilters = {
      status: query.status,
      npaCode: query.npaCode,
      cspCode: query.cspCode,
      organisationId: query.organisationId,
      officerInChargeId: query.officerInChargeId,
      reviewOverdue: query.reviewOverdue,
      repeatVictim: query.repeatVictim,
      missingRiskAssessment: query.missingRiskAssessment,
      q: query.q,
      postcodePrefix: query.postcode === undefined ? undefined : postcodePrefix(query.postcode)!,
      externalRef: query.externalRef === undefined ? undefined : parseExternalRef(query.externalRef)!,
    };
    return inTransaction(this.db, async (em) => {
      const rows = await this.cases.listVisible(em, actor.organisationId, filters, now, limit, after);
      const page = toPage(rows, limit, (r) => [r.cursor_opened_at, r.id], (r) => mapCaseSummary(r, now));
      const { limit: _l, cursor: _c, ...given } = query;
      // The search itself, then one entry per case shown, so "who has seen this case" finds list reads too.
      await this.audit.record(em, actor, [
        { action: 'search', entityType: 'case', details: { filters: given, results: page.items.length } },
        ...page.items.map((c) => ({ action: 'list' as const, entityType: 'case', entityId: c.id, caseId: c.id })),
      ]);
      return page;
    });
  }

  /** The full case answer: parties, repeat status now, shares and references in a handful of batched queries. */
  async answer(em: EntityManager, row: CaseRow, now: Date): Promise<CaseAnswer> {
    const parties = await this.parties.ofCase(em, row.id);
    const victimIds = parties.filter((p) => p.role === 'victim').map((p) => p.person_id);
    const perpetratorIds = parties.filter((p) => p.role === 'perpetrator').map((p) => p.person_id);
    const [repeat, sharedWith, refs, assessments] = [
      await this.repeatVictims.statusAt(em, victimIds, now),
      await this.cases.sharedWith(em, row.id),
      await this.externalRefs.forEntities(em, 'case', [row.id]),
      await this.riskAssessments.findCurrentForCases(em, [row.id]),
    ];
    const current = assessments.map((a) => ({ subject: a.subject, personId: a.person_id, reviewDueAt: a.review_due_at }));
    return mapCase(
      row,
      {
        parties,
        repeat,
        sharedWith,
        externalRefs: refs.get(row.id) ?? [],
        missingRiskAssessments: missingRiskAssessments(row.status, victimIds, perpetratorIds, current, now),
        riskLevel: assessments.find((a) => a.subject === 'case')?.level ?? null,
        defaultFrequencyDays: this.config.policy.defaultVictimUpdateFrequencyDays,
      },
      now,
    );
  }

  /** The CSP the case belongs to: the one named, else the NPA's default. Unknown codes are named in `problems`. */
  private async resolveCsp(em: EntityManager, npaCode: string, cspCode: string | undefined, problems: ErrorDetail[]): Promise<string | undefined> {
    const defaultCsp = await this.cases.npaDefaultCsp(em, npaCode);
    if (!defaultCsp) problems.push({ field: 'npaCode', message: `There is no NPA ${npaCode}` });
    if (cspCode === undefined) return defaultCsp ?? undefined;
    if (!(await this.cases.cspExists(em, cspCode))) problems.push({ field: 'cspCode', message: `There is no CSP ${cspCode}` });
    return cspCode;
  }

  private async checkOfficer(em: EntityManager, userId: string, leadOrganisationId: string, problems: ErrorDetail[]): Promise<void> {
    if (!(await this.cases.isActiveUserOf(em, userId, leadOrganisationId))) {
      problems.push({ field: 'officerInChargeId', message: 'officerInChargeId must be an active user of the lead organisation' });
    }
  }

  private decodeListCursor(cursor: string | undefined): { openedAt: string; id: string } | undefined {
    const key = decodeKeyset(cursor, ['timestamp', 'uuid']);
    return key && { openedAt: key[0], id: key[1] };
  }
}
