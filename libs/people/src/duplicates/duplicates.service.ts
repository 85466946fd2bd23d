import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AuditService, Clock, decodeKeyset, DEFAULT_LIMIT, DomainError, inTransaction, Page, PageQueryDto, toPage } from '@asb/core';
import { RepeatVictimRepository } from '../repeat-victim/repeat-victim.repository';
import { mapPerson, mapRestricted } from '../people/person.mapper';
import { PeopleRepository } from '../people/people.repository';
import { SearchHit } from '../people/people.service';
import { DuplicateReason, orderReasons } from './likely-duplicates';
import { DuplicateRow, DuplicatesRepository } from './duplicates.repository';

/** A likely duplicate: the person as the search shows it (whole, or restricted when the caller cannot see it) and why it matched. */
export type PossibleDuplicate = SearchHit & { reason: DuplicateReason; reasons: DuplicateReason[] };

/** Likely duplicates of a profile (DOMAIN.md section 3), shown as the partnership search shows people (section 12). */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly db: DataSource,
    private readonly people: PeopleRepository,
    private readonly duplicates: DuplicatesRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * One page of the profile's likely duplicates, strongest reason first. The
   * profile itself must be visible to the caller (404 otherwise) and not
   * merged (409 naming the profile it went to). The read is audited with the
   * ids shown.
   */
  async possibleDuplicates(actor: Actor, id: string, query: PageQueryDto): Promise<Page<PossibleDuplicate>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeKeyset(query.cursor, ['number', 'text', 'uuid'] as const);
    return inTransaction(this.db, async (em) => {
      const person = await this.people.findForOrganisation(em, id, actor.organisationId);
      if (!person || !person.visible) throw DomainError.notFound('Person');
      if (person.merged_into) {
        throw new DomainError('CONFLICT', `This profile was merged into ${person.merged_into}; ask that profile`, [{ field: 'id', message: 'merged', mergedInto: person.merged_into }]);
      }
      const rows = await this.duplicates.page(em, id, actor.organisationId, after, limit);
      const pageRows = rows.slice(0, limit);
      const repeat = await this.repeatVictims.statusAt(em, pageRows.map((r) => r.id), this.clock.now());
      await this.audit.record(em, actor, [
        { action: 'read', entityType: 'person', entityId: id, details: { possibleDuplicates: pageRows.map((r) => r.id) } },
      ]);
      return toPage(rows, limit, (r) => [r.rank, r.sort_name, r.id], (r: DuplicateRow): PossibleDuplicate => {
        const reasons = orderReasons(r.reasons);
        const hit: SearchHit = r.visible ? { ...mapPerson(r, repeat.get(r.id)), restricted: false as const } : mapRestricted(r, repeat.get(r.id));
        return { ...hit, reason: reasons[0], reasons };
      });
    });
  }
}
