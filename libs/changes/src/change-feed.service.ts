import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DEFAULT_LIMIT } from '@asb/core';
import { ChangeFeedQueryDto, ChangePage } from './change-feed.dto';
import { ChangeFeedRepository, ChangeRow } from './change-feed.repository';
import { decodeFeedCursor, encodeFeedCursor, feedAudience, FeedPosition, nextFeedPosition } from './rules/change-feed';

/**
 * The change feed (API.md "Jobs, integration, audit"): every change the caller
 * may see, in order, resumable. Reading it is not itself audited: an item holds
 * ids, an action and a time, no personal data, and a partner system polling
 * every few seconds would fill the trail with its own reads; reading the
 * records it points to is audited as usual.
 */
@Injectable()
export class ChangeFeedService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: ChangeFeedRepository,
  ) {}

  async page(actor: Actor, q: ChangeFeedQueryDto): Promise<ChangePage> {
    const after = decodeFeedCursor(q.after);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const rows = await this.repo.page(this.db.manager, actor.organisationId, feedAudience(actor.roles), after, limit);
    const items = rows.filter((r) => r.kind === 'item');
    const settled = rows.find((r) => r.kind === 'settled');
    const next = nextFeedPosition(after, items.map(position), limit, settled && position(settled));
    return {
      items: items.map((r) => ({
        cursor: encodeFeedCursor(position(r)),
        at: r.at!.toISOString(),
        entityType: r.entity_type!,
        entityId: r.entity_id,
        caseId: r.case_id,
        action: r.action!,
      })),
      nextCursor: next ? encodeFeedCursor(next) : null,
    };
  }
}

const position = (r: ChangeRow): FeedPosition => ({ xid: r.xid, id: Number(r.id) });
