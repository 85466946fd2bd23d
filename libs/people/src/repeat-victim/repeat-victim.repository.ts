import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CASE_REVIEW_INFO_WINDOW_MONTHS, REPEAT_VICTIM_WINDOW_MONTHS, repeatVictimStatus, RepeatVictimStatus } from './repeat-victim';

/**
 * The repeat-victim counts in SQL, one indexed query for any number of people
 * (incident_victims (person_id, occurred_at)). The window is the rule's:
 * [T - 12 months, T], both ends inclusive, every case, every organisation.
 */
@Injectable()
export class RepeatVictimRepository {
  async statusAt(em: EntityManager, personIds: string[], at: Date): Promise<Map<string, RepeatVictimStatus>> {
    const counts = await this.countsInWindow(em, personIds, at, REPEAT_VICTIM_WINDOW_MONTHS);
    return new Map([...counts].map(([id, n]) => [id, repeatVictimStatus(n)]));
  }

  /** Reports in the 6 months up to `at`, for the Case Review information rule. */
  reportsForCaseReview(em: EntityManager, personIds: string[], at: Date): Promise<Map<string, number>> {
    return this.countsInWindow(em, personIds, at, CASE_REVIEW_INFO_WINDOW_MONTHS);
  }

  private async countsInWindow(em: EntityManager, personIds: string[], at: Date, months: number): Promise<Map<string, number>> {
    if (personIds.length === 0) return new Map();
    const rows: { person_id: string; n: number }[] = await em.query(
      `SELECT p.id AS person_id,
              (SELECT count(*) FROM incident_victims iv
                WHERE iv.person_id = p.id
                  AND iv.occurred_at >= $2::timestamptz - make_interval(months => $3)
                  AND iv.occurred_at <= $2::timestamptz)::int AS n
         FROM unnest($1::uuid[]) AS p(id)`,
      [[...new Set(personIds)], at.toISOString(), months],
    );
    return new Map(rows.map((r) => [r.person_id, r.n]));
  }
}
