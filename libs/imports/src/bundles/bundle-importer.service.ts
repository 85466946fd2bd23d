import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, Actor, DomainError, ErrorDetail, ExternalRef, ExternalRefEntity, externalRefKey, ExternalRefsRepository } from '@asb/core';
import { CasesService, IncidentsRepository, IncidentsService, PartiesRepository, PartiesService } from '@asb/cases';
import { PeopleService } from '@asb/people';
import { RiskAssessmentRepository, RiskAssessmentService } from '@asb/risk';
import { atRecord, bundleProblems } from '../rules/bundle-rules';
import { matchByRefs, RefMatch, refText } from '../rules/ref-match';
import { ImportBundleDto, ImportCaseDto, ImportIncidentDto, ImportPersonDto, ImportRiskAssessmentDto } from './import-bundle.dto';

/** What a bundle did, for the job's log. */
export interface BundleOutcome {
  caseId: string;
  created: number;
  updated: number;
  unchanged: number;
}

const NOUN: Record<ExternalRefEntity, string> = { case: 'case', person: 'person', incident: 'incident' };

/**
 * Writes one case bundle in the caller's transaction, through the services of
 * the endpoints (their validation, rules and audit), as the importing caller:
 *
 * - the case and each person: found by their external references and
 *   updated (the fields given, as PATCH; references they lack are added), or
 *   created; a reference held by a record the importer cannot see, or
 *   references naming two records, are 409 DUPLICATE_EXTERNAL_REF;
 * - each person linked to the case in their role, unless already;
 * - each incident: created unless one of its references names an incident of
 *   this case already (then left as it is, its new references added); its
 *   victims named by external reference must be victims on the case;
 * - each risk assessment: created unless the case has one of the same
 *   subject and person assessed at the same instant (then left as it is).
 *
 * Anything refused throws, naming the record (`people.1.person: ...`), and
 * the caller's transaction rolls the whole bundle back.
 */
@Injectable()
export class BundleImporter {
  constructor(
    private readonly cases: CasesService,
    private readonly people: PeopleService,
    private readonly parties: PartiesService,
    private readonly partiesRepo: PartiesRepository,
    private readonly incidents: IncidentsService,
    private readonly incidentsRepo: IncidentsRepository,
    private readonly assessments: RiskAssessmentService,
    private readonly assessmentsRepo: RiskAssessmentRepository,
    private readonly externalRefs: ExternalRefsRepository,
    private readonly access: AccessService,
  ) {}

  async importBundle(em: EntityManager, actor: Actor, bundle: ImportBundleDto, now: Date): Promise<BundleOutcome> {
    const problems = bundleProblems(bundle);
    if (problems.length) throw DomainError.validation(problems, 'The bundle is not consistent');
    const outcome: BundleOutcome = { caseId: '', created: 0, updated: 0, unchanged: 0 };
    const count = (what: 'created' | 'updated' | 'unchanged') => (outcome[what] += 1);

    outcome.caseId = await atPath('case', () => this.upsertCase(em, actor, bundle.case, now, count));
    const caseId = outcome.caseId;

    // Each person of the bundle by every reference it carries, for the incidents and assessments that name them.
    const personByRef = new Map<string, string>();
    for (const [i, entry] of (bundle.people ?? []).entries()) {
      const personId = await atPath(`people.${i}.person`, () => this.upsertPerson(em, actor, entry.person, count));
      for (const r of entry.person.externalRefs) personByRef.set(externalRefKey(r), personId);
      await atPath(`people.${i}`, async () => {
        if (await this.partiesRepo.hasParty(em, caseId, entry.role, personId)) return;
        await this.parties.linkIn(em, actor, caseId, entry.role, { personId }, now);
      });
    }

    for (const [i, incident] of (bundle.incidents ?? []).entries()) {
      await atPath(`incidents.${i}`, () => this.upsertIncident(em, actor, caseId, incident, personByRef, now, count));
    }
    for (const [i, assessment] of (bundle.riskAssessments ?? []).entries()) {
      await atPath(`riskAssessments.${i}`, () => this.upsertAssessment(em, actor, caseId, assessment, personByRef, now, count));
    }
    return outcome;
  }

  private async upsertCase(em: EntityManager, actor: Actor, dto: ImportCaseDto, now: Date, count: Counter): Promise<string> {
    const { externalRefs, openedAt: _openedAt, leadOrganisationId, ...fields } = dto;
    const match = await this.match(em, actor, 'case', externalRefs);
    if (match.kind === 'new') {
      count('created');
      return (await this.cases.openIn(em, actor, dto, now)).id;
    }
    // As when opening one: an import writes cases led by the importer's organisation.
    if (leadOrganisationId && leadOrganisationId.toLowerCase() !== actor.organisationId) {
      throw DomainError.forbidden('A case can only be imported with your own organisation as its lead');
    }
    // openedAt stays as first recorded: the review due dates run from it.
    await this.cases.updateIn(em, actor, match.id, { ...fields, cspCode: fields.cspCode ?? undefined }, now);
    await this.externalRefs.add(em, actor, 'case', match.id, match.missing);
    count('updated');
    return match.id;
  }

  private async upsertPerson(em: EntityManager, actor: Actor, dto: ImportPersonDto, count: Counter): Promise<string> {
    const { externalRefs, ...fields } = dto;
    const match = await this.match(em, actor, 'person', externalRefs);
    if (match.kind === 'new') {
      count('created');
      return this.people.createIn(em, actor, dto);
    }
    await this.people.updateIn(em, actor, match.id, fields);
    await this.externalRefs.add(em, actor, 'person', match.id, match.missing);
    count('updated');
    return match.id;
  }

  private async upsertIncident(em: EntityManager, actor: Actor, caseId: string, dto: ImportIncidentDto, personByRef: Map<string, string>, now: Date, count: Counter): Promise<void> {
    const { externalRefs, victimExternalRefs, reportedByExternalRef, ...fields } = dto;
    const victimPersonIds = await this.peopleNamed(em, victimExternalRefs, personByRef, 'victimExternalRefs');
    const [reportedByPersonId] = reportedByExternalRef ? await this.peopleNamed(em, [reportedByExternalRef], personByRef, 'reportedByExternalRef') : [];
    const match = await this.match(em, actor, 'incident', externalRefs);
    if (match.kind === 'new') {
      await this.incidents.recordIn(em, actor, caseId, { ...fields, victimPersonIds, reportedByPersonId, externalRefs }, now);
      count('created');
      return;
    }
    if ((await this.incidentsRepo.caseOf(em, match.id)) !== caseId) {
      throw heldElsewhere('incident', heldOf(externalRefs, match), 'an incident of another case');
    }
    await this.externalRefs.add(em, actor, 'incident', match.id, match.missing);
    count('unchanged');
  }

  private async upsertAssessment(em: EntityManager, actor: Actor, caseId: string, dto: ImportRiskAssessmentDto, personByRef: Map<string, string>, now: Date, count: Counter): Promise<void> {
    const { personExternalRef, ...fields } = dto;
    const [personId] = personExternalRef ? await this.peopleNamed(em, [personExternalRef], personByRef, 'personExternalRef') : [];
    if (await this.assessmentsRepo.findAssessedAt(em, caseId, dto.subject, personId ?? null, new Date(dto.assessedAt))) {
      count('unchanged');
      return;
    }
    await this.assessments.createIn(em, actor, caseId, { ...fields, personId }, now);
    count('created');
  }

  /**
   * The record the references name, when the importer may write it. A record
   * the importer cannot see answers as a reference held elsewhere (409), never
   * naming it, as POST does.
   */
  private async match(em: EntityManager, actor: Actor, entityType: ExternalRefEntity, refs: ExternalRef[]): Promise<RefMatch & { kind: 'new' | 'existing' }> {
    const match = matchByRefs(refs, await this.externalRefs.holders(em, entityType, refs));
    if (match.kind === 'ambiguous') {
      throw new DomainError(
        'DUPLICATE_EXTERNAL_REF',
        `The ${NOUN[entityType]}'s external references name ${new Set(match.holders.map((h) => h.id)).size} different ${NOUN[entityType]} records`,
        match.holders.map((h) => ({ field: 'externalRefs', system: h.ref.system, value: h.ref.value, message: `${refText(h.ref)} names another ${NOUN[entityType]} than the other references` })),
      );
    }
    if (match.kind === 'existing' && entityType !== 'incident' && !(await this.visible(em, actor, entityType, match.id))) {
      throw heldElsewhere(entityType, heldOf(refs, match), `a ${NOUN[entityType]} your organisation cannot see`);
    }
    return match;
  }

  private async visible(em: EntityManager, actor: Actor, entityType: 'case' | 'person', id: string): Promise<boolean> {
    if (entityType === 'person') return this.access.canSeePerson(em, actor, id);
    try {
      await this.access.requireVisibleCase(em, actor, id);
      return true;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'NOT_FOUND') return false;
      throw e;
    }
  }

  /** The people these references name: people of the bundle first, then any already in the service. */
  private async peopleNamed(em: EntityManager, refs: ExternalRef[], personByRef: Map<string, string>, field: string): Promise<string[]> {
    const unknown = refs.filter((r) => !personByRef.has(externalRefKey(r)));
    const held = await this.externalRefs.holders(em, 'person', unknown);
    const missing = unknown.filter((r) => !held.has(externalRefKey(r)));
    if (missing.length) {
      throw DomainError.validation(
        missing.map((r) => ({ field, system: r.system, value: r.value, message: `${refText(r)} names no person of the bundle or of the service` })),
        'A person named by external reference is unknown',
      );
    }
    return [...new Set(refs.map((r) => personByRef.get(externalRefKey(r)) ?? held.get(externalRefKey(r))!))];
  }
}

type Counter = (what: 'created' | 'updated' | 'unchanged') => void;

/** The references of `refs` that the record found already holds. */
function heldOf(refs: ExternalRef[], match: { missing: ExternalRef[] }): ExternalRef[] {
  const missing = new Set(match.missing.map(externalRefKey));
  return refs.filter((r) => !missing.has(externalRefKey(r)));
}

function heldElsewhere(entityType: ExternalRefEntity, refs: ExternalRef[], holder: string): DomainError {
  const details: ErrorDetail[] = refs.map((r) => ({ field: 'externalRefs', system: r.system, value: r.value, message: `${refText(r)} already names ${holder}` }));
  return new DomainError('DUPLICATE_EXTERNAL_REF', `The ${NOUN[entityType]}'s external reference already names ${holder}`, details);
}

/** Runs one record's step, restating a refusal with the record's place in the bundle. */
async function atPath<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const { message, details } = atRecord(path, e.message, e.details);
    throw new DomainError(e.code, message, details);
  }
}
