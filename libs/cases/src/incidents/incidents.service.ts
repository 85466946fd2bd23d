import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Actor, AuditService, checkPastTime, Clock, decodeKeyset, DEFAULT_LIMIT, distinctRefs, DomainError, ExternalRefsRepository, inTransaction, Page, parseExternalRef, refuseIfClosed, toPage } from '@asb/core';
import { caseReviewInfoDue, RepeatVictimRepository } from '@asb/people';
import { CasesRepository } from '../cases/cases.repository';
import { PartiesRepository } from '../parties/parties.repository';
import { CreateIncidentDto, ListIncidentsQueryDto } from './incident.dto';
import { IncidentAnswer, mapIncident, RecordedIncidentAnswer } from './incident.mapper';
import { IncidentsRepository } from './incidents.repository';


/**
 * Incidents on a case (DOMAIN.md section 4). Recording one flags repeat victims
 * at first point of contact (section 5, T = occurredAt, the new incident
 * counting) and the victims who must be told about the ASB Case Review
 * (section 10).
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly cases: CasesRepository,
    private readonly parties: PartiesRepository,
    private readonly externalRefs: ExternalRefsRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, caseId: string, dto: CreateIncidentDto): Promise<RecordedIncidentAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => this.recordIn(em, actor, caseId, dto, now));
  }

  /** Records the incident on a visible, open case in the caller's transaction (also used by imports). */
  async recordIn(em: EntityManager, actor: Actor, caseId: string, dto: CreateIncidentDto, now: Date): Promise<RecordedIncidentAnswer> {
    const occurredAt = new Date(dto.occurredAt);
    checkPastTime('occurredAt', occurredAt, now);
    // Defaults to now; occurredAt may be up to a minute ahead of our clock (drift), and a report never precedes what it reports.
    const reportedAt = dto.reportedAt ? new Date(dto.reportedAt) : new Date(Math.max(now.getTime(), occurredAt.getTime()));
    checkPastTime('reportedAt', reportedAt, now);
    if (reportedAt.getTime() < occurredAt.getTime()) {
      throw DomainError.validation([{ field: 'reportedAt', message: 'reportedAt may not be before occurredAt' }]);
    }
    const victimIds = dto.victimPersonIds.map((id) => id.toLowerCase());
    const reportedBy = dto.reportedByPersonId?.toLowerCase() ?? null;

    await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
    refuseIfClosed((await this.cases.findById(em, caseId))!.status, 'recording an incident');
    const onCase = await this.parties.victimsAmong(em, caseId, victimIds);
    const notOnCase = victimIds.filter((id) => !onCase.has(id));
    if (notOnCase.length) {
      throw new DomainError(
        'PERSON_NOT_ON_CASE',
        'Every victim of an incident must be a victim on the case',
        notOnCase.map((personId) => ({ field: 'victimPersonIds', personId, message: `${personId} is not a victim on this case` })),
      );
    }
    if (reportedBy) {
      const person = await this.parties.findPerson(em, reportedBy);
      if (!person || person.merged_into) {
        throw DomainError.validation([{ field: 'reportedByPersonId', message: person ? `the profile was merged into ${person.merged_into}` : 'there is no such person' }]);
      }
    }
    // Two reports for one person recorded at once (on any cases) must each count the other.
    await this.incidents.lockVictimsForCounting(em, victimIds);
    const row = await this.incidents.insert(
      em,
      {
        caseId,
        occurredAt,
        reportedAt,
        description: dto.description,
        reportedByPersonId: reportedBy,
        address: dto.location?.address ?? null,
        postcode: dto.location?.postcode ?? null,
        latitude: dto.location?.latitude ?? null,
        longitude: dto.location?.longitude ?? null,
        recordedByKind: actor.kind,
        recordedById: actor.id,
      },
      now,
    );
    await this.incidents.addVictims(em, row.id, victimIds, occurredAt);
    await this.externalRefs.add(em, actor, 'incident', row.id, dto.externalRefs);

    const repeat = await this.repeatVictims.statusAt(em, victimIds, occurredAt);
    const reports = await this.repeatVictims.reportsForCaseReview(em, victimIds, occurredAt);
    const repeatVictims = victimIds.filter((id) => repeat.get(id)?.isRepeat);
    const infoDue = victimIds.filter((id) => caseReviewInfoDue(reports.get(id) ?? 0));

    await this.audit.record(em, actor, [
      { action: 'create', entityType: 'incident', entityId: row.id, caseId, details: { victimPersonIds: victimIds, repeatVictims, caseReviewInfoDue: infoDue } },
    ]);
    const refs = distinctRefs(dto.externalRefs ?? []).sort((a, b) => a.system.localeCompare(b.system) || a.value.localeCompare(b.value));
    return { ...mapIncident(row, victimIds, refs), repeatVictims, caseReviewInfoDue: infoDue };
  }

  async list(actor: Actor, caseId: string, query: ListIncidentsQueryDto): Promise<Page<IncidentAnswer>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const after = key && { occurredAt: key[0], id: key[1] };
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId);
      const externalRef = query.externalRef === undefined ? undefined : parseExternalRef(query.externalRef)!;
      const rows = await this.incidents.pageForCase(em, caseId, limit, after, externalRef);
      const page = toPage(rows, limit, (r) => [r.cursor_occurred_at, r.id], (r) => mapIncident(r, r.victim_person_ids, r.external_refs));
      await this.audit.record(em, actor, [{ action: 'list', entityType: 'incident', caseId, details: { incidentIds: page.items.map((i) => i.id) } }]);
      return page;
    });
  }
}
