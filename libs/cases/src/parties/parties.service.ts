import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Actor, APP_CONFIG, AppConfig, AuditService, Clock, DomainError, inTransaction, refuseIfClosed } from '@asb/core';
import { RepeatVictimRepository } from '@asb/people';
import { mapParty, mapVictim, PartyEntry, VictimEntry } from '../cases/case.mapper';
import { CasesRepository } from '../cases/cases.repository';
import { AddVictimDto } from './party.dto';
import { PartiesRepository, PartyRole, PartyRow } from './parties.repository';

/**
 * Victims, perpetrators and witnesses on a case. Linking a profile the caller
 * cannot see yet is allowed (DOMAIN.md section 12: that is how a profile found
 * by partnership search becomes visible through the case).
 */
@Injectable()
export class PartiesService {
  constructor(
    private readonly db: DataSource,
    private readonly cases: CasesRepository,
    private readonly parties: PartiesRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  addVictim(actor: Actor, caseId: string, dto: AddVictimDto): Promise<VictimEntry> {
    return this.add(actor, caseId, 'victim', dto) as Promise<VictimEntry>;
  }

  addPerpetrator(actor: Actor, caseId: string, personId: string): Promise<PartyEntry> {
    return this.add(actor, caseId, 'perpetrator', { personId });
  }

  addWitness(actor: Actor, caseId: string, personId: string): Promise<PartyEntry> {
    return this.add(actor, caseId, 'witness', { personId });
  }

  private async add(actor: Actor, caseId: string, role: PartyRole, dto: AddVictimDto): Promise<VictimEntry | PartyEntry> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      const { party, caseStatus } = await this.linkIn(em, actor, caseId, role, dto, now);
      if (role !== 'victim') return mapParty(party);
      const repeat = await this.repeatVictims.statusAt(em, [party.person_id], now);
      return mapVictim(party, caseStatus, repeat.get(party.person_id), this.config.policy.defaultVictimUpdateFrequencyDays, now);
    });
  }

  /**
   * Links the person to a visible, open case in the role, in the caller's
   * transaction (also used by imports). 409 when the person already has the role.
   */
  async linkIn(em: EntityManager, actor: Actor, caseId: string, role: PartyRole, dto: AddVictimDto, now: Date): Promise<{ party: PartyRow; caseStatus: 'open' | 'closed' }> {
    const personId = dto.personId.toLowerCase();
    await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
    const row = (await this.cases.findById(em, caseId))!;
    refuseIfClosed(row.status, `adding a ${role}`);
    const person = await this.parties.findPerson(em, personId);
    if (!person) throw DomainError.notFound('Person');
    if (person.merged_into) {
      throw new DomainError('CONFLICT', `This profile was merged into ${person.merged_into}; link that profile instead`, [
        { field: 'personId', message: 'the profile was merged', mergedInto: person.merged_into },
      ]);
    }
    const party = await this.parties.add(
      em,
      {
        caseId,
        personId,
        role,
        updateFrequencyDays: role === 'victim' ? (dto.updateFrequencyDays ?? this.config.policy.defaultVictimUpdateFrequencyDays) : null,
        updateMethod: role === 'victim' ? (dto.updateMethod ?? null) : null,
        updatesDeclined: role === 'victim' ? (dto.updatesDeclined ?? false) : false,
      },
      now,
    );
    if (!party) throw new DomainError('CONFLICT', `This person is already a ${role} on the case`, [{ field: 'personId', message: `already a ${role}` }]);
    await this.audit.record(em, actor, [{ action: 'link', entityType: 'case_party', entityId: personId, caseId, details: { role } }]);
    return { party, caseStatus: row.status };
  }

  /** Removes the person from the role. A victim named on incidents of the case, or a perpetrator with interventions on it, stays: those records need them. */
  async remove(actor: Actor, caseId: string, role: PartyRole, personId: string): Promise<void> {
    const id = personId.toLowerCase();
    await inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
      refuseIfClosed((await this.cases.findById(em, caseId))!.status, `removing a ${role}`);
      if (role === 'victim') {
        const named = await this.parties.incidentsNamingVictim(em, caseId, id);
        if (named > 0) {
          throw new DomainError('CONFLICT', `This victim is named on ${named} incident(s) of the case and cannot be removed`, [
            { field: 'personId', message: 'named on incidents', incidents: named },
          ]);
        }
      }
      if (role === 'perpetrator') {
        const recorded = await this.parties.interventionsOnPerpetrator(em, caseId, id);
        if (recorded > 0) {
          throw new DomainError('CONFLICT', `This perpetrator has ${recorded} intervention(s) recorded on the case and cannot be removed`, [
            { field: 'personId', message: 'has interventions', interventions: recorded },
          ]);
        }
      }
      if (!(await this.parties.remove(em, caseId, role, id))) throw DomainError.notFound(`${role[0].toUpperCase()}${role.slice(1)} on this case`);
      await this.audit.record(em, actor, [{ action: 'unlink', entityType: 'case_party', entityId: id, caseId, details: { role } }]);
    });
  }
}
