import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';
import { CHANGE_ACTIONS, FeedAudience, FeedPosition, PERSON_ENTITY, SHARE_ENTITY } from './rules/change-feed';

export interface ChangeRow {
  kind: 'item' | 'settled';
  xid: string;
  id: number;
  at: Date | null;
  entity_type: string | null;
  entity_id: string | null;
  case_id: string | null;
  action: string | null;
}

const IS_CHANGE = `e.action IN (${CHANGE_ACTIONS.map((a) => `'${a}'`).join(', ')})`;

/**
 * The change feed over the audit trail, in one statement so that the page and
 * the settled position come from one snapshot.
 *
 * Never skipping a change: an audit row's id is taken at INSERT, but rows
 * become visible at COMMIT, and transactions commit out of order, so a reader
 * that remembers "the last id I saw" can see id 11 commit before id 10 and then
 * pass 10 for ever. Each row records its transaction (`xid`, xid8), and a read
 * takes only rows whose transaction is older than the oldest transaction still
 * running (`pg_snapshot_xmin(pg_current_snapshot())`): those transactions have
 * all finished, and every transaction still to write gets a larger xid, so
 * nothing can appear below that horizon any more. Rows are served in (xid, id)
 * order and the cursor is the pair: with the id alone, a row of an older
 * transaction with a larger id would be passed. A long writing transaction
 * anywhere in the cluster (xids are cluster-wide) holds the feed back until it
 * ends; it delays, never loses.
 *
 * The same technique as Emmett's PostgreSQL event store (event-driven-io/emmett,
 * src/packages/emmett-postgresql/src/eventStore/schema/readMessagesBatch.ts and
 * readLastMessageGlobalPosition.ts: `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
 * ordered by transaction id then global position). Marten's async daemon
 * (JasperFx/marten, src/Marten/Events/Daemon/HighWater/HighWaterAgent.cs and
 * HighWaterDetector.DetectInSafeZone) instead looks for gaps in the event
 * sequence and, once the high water mark has been stale for its
 * StaleSequenceThreshold (3 s by default), skips the gap: a transaction that
 * commits later than that is passed. The xid horizon has no such window.
 *
 * Index: audit_events_changes_idx (xid, id) WHERE the action is a change, walked
 * forwards from the cursor for the page and backwards from the horizon for the
 * settled position. Visibility is checked per row by primary-key lookups.
 */
@Injectable()
export class ChangeFeedRepository {
  async page(em: EntityManager, organisationId: string, audience: FeedAudience, after: FeedPosition | undefined, limit: number): Promise<ChangeRow[]> {
    const params: unknown[] = [after?.xid ?? '0', after?.id ?? 0, limit];
    const visible = visibleSql(audience, () => {
      params.push(organisationId);
      return `$${params.length}::uuid`;
    });
    return em.query(
      `WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
            page AS (
              SELECT e.xid, e.id, e.at, e.entity_type, e.entity_id, e.case_id, e.action
                FROM audit_events e
               WHERE ${IS_CHANGE}
                 AND (e.xid, e.id) > ($1::xid8, $2::bigint)
                 AND e.xid < (SELECT xmin FROM horizon)
                 AND ${visible}
               ORDER BY e.xid, e.id
               LIMIT $3),
            settled AS (
              SELECT e.xid, e.id
                FROM audit_events e
               WHERE ${IS_CHANGE} AND e.xid < (SELECT xmin FROM horizon)
               ORDER BY e.xid DESC, e.id DESC
               LIMIT 1)
       SELECT 'item' AS kind, xid::text AS xid, id, at, entity_type, entity_id, case_id, action, xid AS sort_xid FROM page
       UNION ALL
       SELECT 'settled', xid::text, id, NULL, NULL, NULL, NULL, NULL, xid FROM settled
       ORDER BY kind, sort_xid, id`,
      params,
    );
  }
}

/** SQL condition on the audit row aliased `e`: the caller may see this change (`orgParam` adds the caller's organisation as a parameter). */
function visibleSql(audience: FeedAudience, orgParam: () => string): string {
  const any: string[] = [];
  if (audience.casework) {
    const org = orgParam();
    any.push(
      `(e.case_id IS NOT NULL AND EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id AND ${AccessService.caseVisibleSql('c', org)}))`,
      `(e.case_id IS NULL AND e.entity_type = '${PERSON_ENTITY}' AND EXISTS (SELECT 1 FROM people p WHERE p.id = e.entity_id AND ${AccessService.personVisibleSql('p', org)}))`,
      `(e.entity_type = '${SHARE_ENTITY}' AND e.entity_id = ${org})`,
    );
  }
  if (audience.administration) any.push(`(e.case_id IS NULL AND e.entity_type <> '${PERSON_ENTITY}')`);
  return any.length ? `(${any.join(' OR ')})` : 'false';
}
