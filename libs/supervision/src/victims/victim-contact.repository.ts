import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface VictimUpdateRow {
  id: string;
  case_id: string;
  person_id: string;
  contacted_at: Date;
  method: string;
  summary: string;
  recorded_by_kind: string;
  recorded_by_id: string;
  created_at: Date;
}

export interface VictimFirstReferralRow {
  id: string;
  case_id: string;
  person_id: string;
  referred_at: Date;
  consent: boolean;
  taken_up: boolean | null;
  recorded_by_kind: string;
  recorded_by_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface VictimContactChanges {
  updateFrequencyDays?: number;
  updateMethod?: string | null;
  updatesDeclined?: boolean;
}

const UPDATE_COLUMNS = `id, case_id, person_id, contacted_at, method, summary, recorded_by_kind, recorded_by_id, created_at`;
const REFERRAL_COLUMNS = `id, case_id, person_id, referred_at, consent, taken_up, recorded_by_kind, recorded_by_id, created_at, updated_at`;
const CONTACT_COLUMNS = { updateFrequencyDays: 'update_frequency_days', updateMethod: 'update_method', updatesDeclined: 'updates_declined' } as const;

/** Updates given to victims, their contact preferences and Victim First referrals (DOMAIN.md section 8). */
@Injectable()
export class VictimContactRepository {
  async insertUpdate(
    em: EntityManager,
    u: { caseId: string; personId: string; contactedAt: Date; method: string; summary: string; by: { kind: string; id: string } },
    now: Date,
  ): Promise<VictimUpdateRow> {
    const rows: VictimUpdateRow[] = await em.query(
      `INSERT INTO victim_updates (case_id, person_id, contacted_at, method, summary, recorded_by_kind, recorded_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${UPDATE_COLUMNS}`,
      [u.caseId, u.personId, u.contactedAt, u.method, u.summary, u.by.kind, u.by.id, now],
    );
    return rows[0];
  }

  /** One page of a victim's updates on a case, newest contact first (index victim_updates_case_person_contacted_idx). */
  async pageOfUpdates(em: EntityManager, caseId: string, personId: string, limit: number, after?: { at: string; id: string }): Promise<VictimUpdateRow[]> {
    const values: unknown[] = [caseId, personId, limit + 1];
    let keyset = '';
    if (after) {
      values.push(after.at, after.id);
      keyset = `AND (contacted_at, id) < ($4::timestamptz, $5::uuid)`;
    }
    return em.query(
      `SELECT ${UPDATE_COLUMNS} FROM victim_updates WHERE case_id = $1 AND person_id = $2 ${keyset} ORDER BY contacted_at DESC, id DESC LIMIT $3`,
      values,
    );
  }

  async updateContact(em: EntityManager, caseId: string, personId: string, changes: VictimContactChanges): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [caseId, personId];
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${CONTACT_COLUMNS[key as keyof typeof CONTACT_COLUMNS]} = $${values.length}`);
    }
    if (sets.length === 0) return;
    await em.query(
      `WITH u AS (UPDATE case_parties SET ${sets.join(', ')} WHERE case_id = $1 AND person_id = $2 AND role = 'victim' RETURNING 1) SELECT count(*) FROM u`,
      values,
    );
  }

  async insertReferral(
    em: EntityManager,
    r: { caseId: string; personId: string; referredAt: Date; consent: boolean; takenUp: boolean | null; by: { kind: string; id: string } },
    now: Date,
  ): Promise<VictimFirstReferralRow> {
    const rows: VictimFirstReferralRow[] = await em.query(
      `INSERT INTO victim_first_referrals (case_id, person_id, referred_at, consent, taken_up, recorded_by_kind, recorded_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${REFERRAL_COLUMNS}`,
      [r.caseId, r.personId, r.referredAt, r.consent, r.takenUp, r.by.kind, r.by.id, now],
    );
    return rows[0];
  }

  /** Whether the person was ever a victim on the case as far as contact goes: an update or a referral recorded (kept when the victim is removed). */
  async hasContactHistory(em: EntityManager, caseId: string, personId: string): Promise<boolean> {
    const [row]: { found: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM victim_updates WHERE case_id = $1 AND person_id = $2)
           OR EXISTS (SELECT 1 FROM victim_first_referrals WHERE case_id = $1 AND person_id = $2) AS found`,
      [caseId, personId],
    );
    return row.found;
  }

  async referralsOf(em: EntityManager, caseId: string, personId: string): Promise<VictimFirstReferralRow[]> {
    return em.query(
      `SELECT ${REFERRAL_COLUMNS} FROM victim_first_referrals WHERE case_id = $1 AND person_id = $2 ORDER BY referred_at DESC, id DESC`,
      [caseId, personId],
    );
  }

  /** Sets whether the referral was taken up; null when there is no such referral of this victim on this case. */
  async setTakenUp(em: EntityManager, caseId: string, personId: string, referralId: string, takenUp: boolean, now: Date): Promise<VictimFirstReferralRow | null> {
    const rows: VictimFirstReferralRow[] = await em.query(
      `WITH u AS (UPDATE victim_first_referrals SET taken_up = $4, updated_at = $5 WHERE id = $3 AND case_id = $1 AND person_id = $2 RETURNING *)
       SELECT ${REFERRAL_COLUMNS} FROM u`,
      [caseId, personId, referralId, takenUp, now],
    );
    return rows[0] ?? null;
  }
}
