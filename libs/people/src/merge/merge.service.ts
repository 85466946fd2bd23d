import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AuditService, Clock, DomainError, hasRole, inTransaction } from '@asb/core';
import { RepeatVictimRepository } from '../repeat-victim/repeat-victim.repository';
import { mapPerson, PersonResponse } from '../people/person.mapper';
import { PeopleRepository } from '../people/people.repository';
import { fieldsToFill, mergeProblem } from './merge-rules';
import { MergePeopleDto } from './merge.dto';
import { MergeRepository } from './merge.repository';

/**
 * Merging a duplicate profile into the one kept (DOMAIN.md section 3), in one
 * transaction: every link of the merged profile moves to the kept one, the
 * kept one fills its blanks from the merged one, the merged one keeps
 * `merged_into` (its id answers with `mergedInto`), and the merge is audited
 * on both profiles and on every case whose parties changed.
 */
@Injectable()
export class MergeService {
  constructor(
    private readonly db: DataSource,
    private readonly people: PeopleRepository,
    private readonly merges: MergeRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async merge(actor: Actor, keptId: string, dto: MergePeopleDto): Promise<PersonResponse> {
    const kept = keptId.toLowerCase();
    const merged = dto.mergeId.toLowerCase();
    return inTransaction(this.db, async (em) => {
      // An admin merges across the partnership (duplicates held by different organisations); a supervisor
      // merges profiles their organisation can see (its own, or on a case it can see), whoever holds them.
      const anyOrganisation = hasRole(actor, 'admin');
      const keptRow = await this.people.findForOrganisation(em, kept, actor.organisationId);
      if (!keptRow || !(anyOrganisation || keptRow.visible)) throw DomainError.notFound('Person');
      const mergedRow = await this.people.findForOrganisation(em, merged, actor.organisationId);
      if (!mergedRow || !(anyOrganisation || mergedRow.visible)) throw new DomainError('NOT_FOUND', 'Person to merge not found', [{ field: 'mergeId', message: 'no such profile visible to you' }]);
      this.refuse(mergeProblem(keptRow, mergedRow));

      // Cases first, then the two people, each in id order: the order every writer of a case uses.
      const caseIds = await this.merges.casesOf(em, [kept, merged]);
      await this.merges.lockCases(em, caseIds);
      const locked = await this.merges.lockPeople(em, [kept, merged]);
      const k = locked.find((p) => p.id === kept)!;
      const m = locked.find((p) => p.id === merged)!;
      // Another merge may have finished while this one waited for the locks.
      this.refuse(mergeProblem(k, m));
      const caseIdsNow = await this.merges.casesOf(em, [kept, merged]);
      if (caseIdsNow.some((id) => !caseIds.includes(id))) {
        throw new DomainError('CONFLICT', 'A profile was linked to another case while merging; try the merge again');
      }

      const moved: Record<string, number> = {
        case_parties: await this.merges.moveCaseParties(em, merged, kept),
        incident_victims: await this.merges.moveIncidentVictims(em, merged, kept),
        'incidents.reported_by_person_id': await this.merges.moveIncidentReporters(em, merged, kept),
        risk_assessments: await this.merges.moveRiskAssessments(em, merged, kept),
        victim_updates: await this.merges.moveVictimUpdates(em, merged, kept),
        victim_first_referrals: await this.merges.moveVictimFirstReferrals(em, merged, kept),
        interventions: await this.merges.moveInterventions(em, merged, kept),
        external_refs: await this.merges.moveExternalRefs(em, merged, kept),
        'people.merged_into': await this.merges.repointMergedProfiles(em, merged, kept),
        ...(await this.merges.moveOtherReferences(em, merged, kept)),
      };
      const filled = fieldsToFill(k, m);
      await this.merges.fill(em, kept, filled);
      await this.merges.markMerged(em, merged, kept);

      await this.audit.record(em, actor, [
        { action: 'merge', entityType: 'person', entityId: kept, details: { mergedId: merged, moved, filledFields: Object.keys(filled) } },
        { action: 'merge', entityType: 'person', entityId: merged, details: { mergedInto: kept } },
        ...caseIds.map((caseId) => ({ action: 'merge' as const, entityType: 'case_party', entityId: kept, caseId, details: { mergedId: merged } })),
      ]);

      const row = (await this.people.findForOrganisation(em, kept, actor.organisationId))!;
      const repeat = await this.repeatVictims.statusAt(em, [kept], this.clock.now());
      return mapPerson(row, repeat.get(kept));
    });
  }

  private refuse(problem: ReturnType<typeof mergeProblem>): void {
    if (problem) throw new DomainError(problem.code, problem.message, problem.details);
  }
}
