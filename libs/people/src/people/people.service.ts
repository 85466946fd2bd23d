import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, AuditService, Clock, decodeKeyset, DEFAULT_LIMIT, DomainError, ExternalRefsRepository, inTransaction, Page, parseExternalRef, postcodePrefix, toPage } from '@asb/core';
import { RepeatVictimRepository } from '../repeat-victim/repeat-victim.repository';
import { CreatePersonDto, SearchPeopleQueryDto, UpdatePersonDto } from './person.dto';
import { mapMerged, mapPerson, mapRestricted, PersonResponse } from './person.mapper';
import { identityProblems, isDateAfterToday, PersonKind, searchTerms } from './person-rules';
import { PeopleRepository, PersonFields, PersonForCaller, SearchCriteria } from './people.repository';


export type RestrictedPersonResponse = ReturnType<typeof mapRestricted>;
export type SearchHit = (PersonResponse & { restricted: false }) | RestrictedPersonResponse;

/** Person profiles (DOMAIN.md sections 3, 5 and 12): create, read, change, search; every one audited in its transaction. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly db: DataSource,
    private readonly people: PeopleRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly externalRefs: ExternalRefsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreatePersonDto): Promise<PersonResponse> {
    return inTransaction(this.db, async (em) => this.load(em, await this.createIn(em, actor, dto), actor));
  }

  /** Creates the person in the caller's transaction (also used by imports); returns its id. */
  async createIn(em: EntityManager, actor: Actor, dto: CreatePersonDto): Promise<string> {
    const fields: PersonFields = {
      kind: dto.kind,
      firstName: dto.firstName ?? null,
      lastName: dto.lastName ?? null,
      organisationName: dto.organisationName ?? null,
      dateOfBirth: dto.dateOfBirth ?? null,
      gender: dto.gender ?? null,
      ethnicity: dto.ethnicity ?? null,
      addressLine1: dto.address?.line1 ?? null,
      addressLine2: dto.address?.line2 ?? null,
      town: dto.address?.town ?? null,
      postcode: dto.address?.postcode ?? null,
      phone: dto.phone ?? null,
      email: dto.email ?? null,
      vulnerabilities: dto.vulnerabilities ?? [],
    };
    this.check(fields);
    const id = await this.people.insert(em, fields, actor.organisationId);
    await this.externalRefs.add(em, actor, 'person', id, dto.externalRefs);
    await this.audit.record(em, actor, [{ action: 'create', entityType: 'person', entityId: id, details: { fields: presentFields(dto) } }]);
    return id;
  }

  /** The whole person, or `{ id, mergedInto }` for a merged profile; 404 when the caller cannot see it. */
  async get(actor: Actor, id: string): Promise<PersonResponse | ReturnType<typeof mapMerged>> {
    return inTransaction(this.db, async (em) => {
      const row = await this.people.findForOrganisation(em, id, actor.organisationId);
      if (!row) throw DomainError.notFound('Person');
      if (row.merged_into) {
        const kept = await this.people.findMergeTarget(em, id, actor.organisationId);
        if (!kept || !(row.visible || kept.visible)) throw DomainError.notFound('Person');
        await this.audit.record(em, actor, [{ action: 'read', entityType: 'person', entityId: id, details: { mergedInto: kept.id } }]);
        return mapMerged(id, kept.id);
      }
      if (!row.visible) throw DomainError.notFound('Person');
      const repeat = await this.repeatVictims.statusAt(em, [id], this.clock.now());
      await this.audit.record(em, actor, [{ action: 'read', entityType: 'person', entityId: id }]);
      return mapPerson(row, repeat.get(id));
    });
  }

  /** Changes the fields given; `externalRefs` replaces the person's references (a reference another person holds: 409, nothing written). */
  async update(actor: Actor, id: string, dto: UpdatePersonDto): Promise<PersonResponse> {
    return inTransaction(this.db, async (em) => {
      await this.updateIn(em, actor, id, dto);
      return this.load(em, id, actor);
    });
  }

  /** Changes a visible person in the caller's transaction (also used by imports). */
  async updateIn(em: EntityManager, actor: Actor, id: string, dto: UpdatePersonDto): Promise<void> {
    const changes = toChanges(dto);
    const changed = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
    if (changed.length === 0) throw DomainError.validation([{ message: 'Give at least one field to change' }]);
    const row = await this.people.findForOrganisation(em, id, actor.organisationId, { lock: true });
    if (!row || !row.visible) throw DomainError.notFound('Person');
    if (row.merged_into) throw new DomainError('CONFLICT', `This profile was merged into ${row.merged_into}; change that one`, [{ field: 'id', message: 'merged', mergedInto: row.merged_into }]);
    this.check({ ...fieldsOf(row), ...changes });
    await this.people.update(em, id, changes);
    const details: Record<string, unknown> = { fields: changed };
    if (dto.externalRefs !== undefined) {
      const refs = await this.externalRefs.replace(em, actor, 'person', id, dto.externalRefs);
      if (Object.keys(changes).length === 0) await this.people.touch(em, id);
      details.externalRefs = refs;
    }
    await this.audit.record(em, actor, [{ action: 'update', entityType: 'person', entityId: id, details }]);
  }

  /**
   * Partnership-wide search: one query for the page, one for the repeat
   * status of its people, one audit event naming the criteria and the ids found.
   */
  async search(actor: Actor, query: SearchPeopleQueryDto): Promise<Page<SearchHit>> {
    const criteria: SearchCriteria = {};
    const used: string[] = [];
    if (query.q !== undefined) {
      criteria.words = searchTerms(query.q);
      used.push('q');
    }
    if (query.postcode !== undefined) {
      const prefix = postcodePrefix(query.postcode);
      if (prefix === null) throw DomainError.validation([{ field: 'postcode', message: 'postcode must be a full or partial UK postcode, e.g. LE11, LE11 3 or LE11 3QF' }]);
      criteria.postcodePrefix = prefix;
      used.push('postcode');
    }
    if (query.dateOfBirth !== undefined) {
      criteria.dateOfBirth = query.dateOfBirth;
      used.push('dateOfBirth');
    }
    if (query.externalRef !== undefined) {
      criteria.externalRef = parseExternalRef(query.externalRef)!;
      used.push('externalRef');
    }
    if (used.length === 0) throw DomainError.validation([{ field: 'q', message: 'Give at least one of q, postcode, dateOfBirth, externalRef' }]);
    const after = decodeKeyset(query.cursor, ['text', 'uuid']);
    const limit = query.limit ?? DEFAULT_LIMIT;

    return inTransaction(this.db, async (em) => {
      const rows = await this.people.search(em, actor.organisationId, criteria, after, limit);
      const pageRows = rows.slice(0, limit);
      const repeat = await this.repeatVictims.statusAt(em, pageRows.map((r) => r.id), this.clock.now());
      await this.audit.record(em, actor, [{ action: 'search', entityType: 'person', details: { criteria: used, resultIds: pageRows.map((r) => r.id) } }]);
      return toPage(
        rows,
        limit,
        (r) => [r.sort_name, r.id],
        (r): SearchHit => (r.visible ? { ...mapPerson(r, repeat.get(r.id)), restricted: false as const } : mapRestricted(r, repeat.get(r.id))),
      );
    });
  }

  private async load(em: EntityManager, id: string, actor: Actor): Promise<PersonResponse> {
    const row = (await this.people.findForOrganisation(em, id, actor.organisationId))!;
    const repeat = await this.repeatVictims.statusAt(em, [id], this.clock.now());
    return mapPerson(row, repeat.get(id));
  }

  /** The profile's own rules: its kind's name, and a date of birth that has happened. */
  private check(fields: Pick<PersonFields, 'kind' | 'lastName' | 'organisationName' | 'dateOfBirth'>): void {
    const problems = identityProblems(fields);
    if (problems.length) throw DomainError.validation(problems.map((p) => ({ ...p })));
    if (fields.dateOfBirth && isDateAfterToday(fields.dateOfBirth, this.clock.now(), this.config.schedules.timeZone)) {
      throw new DomainError('TIME_IN_FUTURE', 'dateOfBirth is in the future', [{ field: 'dateOfBirth', message: 'dateOfBirth must not be in the future' }]);
    }
  }
}

function presentFields(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => k);
}

function fieldsOf(row: PersonForCaller): PersonFields {
  return {
    kind: row.kind as PersonKind,
    firstName: row.first_name,
    lastName: row.last_name,
    organisationName: row.organisation_name,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    ethnicity: row.ethnicity,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    town: row.town,
    postcode: row.postcode,
    phone: row.phone,
    email: row.email,
    vulnerabilities: row.vulnerabilities,
  };
}

/** A PATCH body as column changes: undefined leaves a field alone, null clears it, an address is replaced whole. */
function toChanges(dto: UpdatePersonDto): Partial<PersonFields> {
  const c: Partial<PersonFields> = {
    kind: dto.kind,
    firstName: dto.firstName,
    lastName: dto.lastName,
    organisationName: dto.organisationName,
    dateOfBirth: dto.dateOfBirth,
    gender: dto.gender,
    ethnicity: dto.ethnicity,
    phone: dto.phone,
    email: dto.email,
    vulnerabilities: dto.vulnerabilities,
  };
  if (dto.address !== undefined) {
    c.addressLine1 = dto.address?.line1 ?? null;
    c.addressLine2 = dto.address?.line2 ?? null;
    c.town = dto.address?.town ?? null;
    c.postcode = dto.address?.postcode ?? null;
  }
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Partial<PersonFields>;
}
