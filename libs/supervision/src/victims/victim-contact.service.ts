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
  inTransaction,
  Page,
  PageQueryDto,
  refuseIfClosed,
  toPage,
} from '@asb/core';
import { CaseRow, CasesRepository, mapVictim, PartiesRepository, PartyRow, VictimEntry } from '@asb/cases';
import { RepeatVictimRepository } from '@asb/people';
import { CreateVictimFirstReferralDto, RecordVictimUpdateDto, UpdateVictimContactDto, UpdateVictimFirstReferralDto } from './victim-contact.dto';
import { mapVictimFirstReferral, mapVictimUpdate, VictimFirstReferralAnswer, VictimUpdateAnswer } from './victim-contact.mapper';
import { VictimContactChanges, VictimContactRepository } from './victim-contact.repository';


/**
 * Victim contact under the Victims' Code (DOMAIN.md section 8): the updates
 * given, the agreed frequency and method (or updates declined), and Victim
 * First referrals. Every write needs the case open and the person a victim on it.
 */
@Injectable()
export class VictimContactService {
  constructor(
    private readonly db: DataSource,
    private readonly contact: VictimContactRepository,
    private readonly cases: CasesRepository,
    private readonly parties: PartiesRepository,
    private readonly repeatVictims: RepeatVictimRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async recordUpdate(actor: Actor, caseId: string, personId: string, dto: RecordVictimUpdateDto): Promise<VictimUpdateAnswer> {
    const now = this.clock.now();
    const contactedAt = pastTime('contactedAt', dto.contactedAt, now);
    return inTransaction(this.db, async (em) => {
      const { row } = await this.openCaseVictim(em, actor, caseId, personId, 'recording an update to a victim');
      notBeforeOpening('contactedAt', contactedAt, row);
      const update = await this.contact.insertUpdate(em, { caseId, personId, contactedAt, method: dto.method, summary: dto.summary, by: actor }, now);
      await this.audit.record(em, actor, [
        { action: 'create', entityType: 'victim_update', entityId: update.id, caseId, details: { personId, method: update.method, contactedAt: contactedAt.toISOString() } },
      ]);
      return mapVictimUpdate(update);
    });
  }

  async listUpdates(actor: Actor, caseId: string, personId: string, query: PageQueryDto): Promise<Page<VictimUpdateAnswer>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeTimeIdCursor(query.cursor);
    return inTransaction(this.db, async (em) => {
      await this.requireVictimOrHistory(em, actor, caseId, personId);
      const rows = await this.contact.pageOfUpdates(em, caseId, personId, limit, after);
      const page = toPage(rows, limit, (r) => [r.contacted_at.toISOString(), r.id], mapVictimUpdate);
      await this.audit.record(em, actor, [{ action: 'list', entityType: 'victim_update', entityId: personId, caseId, details: { personId, updateIds: page.items.map((u) => u.id) } }]);
      return page;
    });
  }

  /** Agreed frequency, preferred method, declined: the victim entry as the case shows it. */
  async updateContact(actor: Actor, caseId: string, personId: string, dto: UpdateVictimContactDto): Promise<VictimEntry> {
    const now = this.clock.now();
    const changes: VictimContactChanges = { updateFrequencyDays: dto.updateFrequencyDays, updateMethod: dto.updateMethod, updatesDeclined: dto.updatesDeclined };
    const fields = Object.entries(changes).filter(([, v]) => v !== undefined).map(([k]) => k);
    return inTransaction(this.db, async (em) => {
      const { row } = await this.openCaseVictim(em, actor, caseId, personId, "changing a victim's contact arrangements");
      await this.contact.updateContact(em, caseId, personId, changes);
      await this.audit.record(em, actor, [
        fields.length
          ? { action: 'update', entityType: 'case_party', entityId: personId, caseId, details: { role: 'victim', changes } }
          : { action: 'read', entityType: 'case_party', entityId: personId, caseId, details: { role: 'victim' } },
      ]);
      const victim = (await this.parties.findVictim(em, caseId, personId))!;
      const repeat = await this.repeatVictims.statusAt(em, [personId], now);
      return mapVictim(victim, row.status, repeat.get(personId), this.config.policy.defaultVictimUpdateFrequencyDays, now);
    });
  }

  async refer(actor: Actor, caseId: string, personId: string, dto: CreateVictimFirstReferralDto): Promise<VictimFirstReferralAnswer> {
    const now = this.clock.now();
    if (!dto.consent) {
      throw DomainError.validation([{ field: 'consent', message: 'a victim is referred to Victim First only with their consent: consent must be true' }]);
    }
    const referredAt = pastTime('referredAt', dto.referredAt, now);
    return inTransaction(this.db, async (em) => {
      const { row } = await this.openCaseVictim(em, actor, caseId, personId, 'referring a victim');
      notBeforeOpening('referredAt', referredAt, row);
      const referral = await this.contact.insertReferral(em, { caseId, personId, referredAt, consent: true, takenUp: dto.takenUp ?? null, by: actor }, now);
      await this.audit.record(em, actor, [
        { action: 'create', entityType: 'victim_first_referral', entityId: referral.id, caseId, details: { personId, takenUp: referral.taken_up } },
      ]);
      return mapVictimFirstReferral(referral);
    });
  }

  async listReferrals(actor: Actor, caseId: string, personId: string): Promise<{ items: VictimFirstReferralAnswer[] }> {
    return inTransaction(this.db, async (em) => {
      await this.requireVictimOrHistory(em, actor, caseId, personId);
      const rows = await this.contact.referralsOf(em, caseId, personId);
      await this.audit.record(em, actor, [{ action: 'list', entityType: 'victim_first_referral', entityId: personId, caseId, details: { personId, referralIds: rows.map((r) => r.id) } }]);
      return { items: rows.map(mapVictimFirstReferral) };
    });
  }

  /** Records whether a referral was taken up; allowed on a closed case too (it completes a record, it adds no casework). */
  async setTakenUp(actor: Actor, caseId: string, personId: string, referralId: string, dto: UpdateVictimFirstReferralDto): Promise<VictimFirstReferralAnswer> {
    const now = this.clock.now();
    return inTransaction(this.db, async (em) => {
      await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
      const referral = await this.contact.setTakenUp(em, caseId, personId, referralId, dto.takenUp, now);
      if (!referral) throw DomainError.notFound('Victim First referral');
      await this.audit.record(em, actor, [{ action: 'update', entityType: 'victim_first_referral', entityId: referralId, caseId, details: { personId, takenUp: dto.takenUp } }]);
      return mapVictimFirstReferral(referral);
    });
  }

  /**
   * Reading a victim's updates or referrals: the case visible, and the person
   * a victim on it now or once (an update or referral recorded before they were
   * removed); anyone else is 404, as a sub-resource of a record that does not exist.
   */
  private async requireVictimOrHistory(em: EntityManager, actor: Actor, caseId: string, personId: string): Promise<void> {
    await this.access.requireVisibleCase(em, actor, caseId);
    if (await this.parties.findVictim(em, caseId, personId)) return;
    if (await this.contact.hasContactHistory(em, caseId, personId)) return;
    throw DomainError.notFound('Victim on this case');
  }

  /** The visible case, locked, open, with the person a victim on it. */
  private async openCaseVictim(em: EntityManager, actor: Actor, caseId: string, personId: string, what: string): Promise<{ row: CaseRow; victim: PartyRow }> {
    await this.access.requireVisibleCase(em, actor, caseId, { lock: true });
    const row = (await this.cases.findById(em, caseId))!;
    refuseIfClosed(row.status, what);
    const victim = await this.parties.findVictim(em, caseId, personId, { lock: true });
    if (!victim) throw new DomainError('PERSON_NOT_ON_CASE', 'That person is not a victim on this case', [{ field: 'personId', message: 'not a victim on the case' }]);
    return { row, victim };
  }
}

function pastTime(field: string, given: string | undefined, now: Date): Date {
  const at = given ? new Date(given) : now;
  checkPastTime(field, at, now);
  return at;
}

function notBeforeOpening(field: string, at: Date, row: CaseRow): void {
  if (at.getTime() < row.opened_at.getTime()) {
    throw DomainError.validation([{ field, message: `${field} may not be before the case was opened (${row.opened_at.toISOString()})` }]);
  }
}

function decodeTimeIdCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const key = decodeKeyset(cursor, ['timestamp', 'uuid']);
  return key && { at: key[0], id: key[1] };
}
