import type { AuditAction } from '@asb/core/audit/audit.service';
import type { Role } from '@asb/core/auth/roles';
import { DomainError } from '@asb/core/errors/domain-error';

/**
 * The audit actions that change something, and so make the change feed. Reads,
 * searches, lists, exports and sign-ins stay out. The partial index
 * audit_events_changes_idx names the same list (migration 1763900001000): a
 * new change action needs a migration that recreates it.
 */
export const CHANGE_ACTIONS = ['create', 'update', 'delete', 'link', 'unlink', 'share', 'unshare', 'merge', 'revoke'] as const satisfies readonly AuditAction[];
/**
 * The audit actions that change nothing ('replay': an Idempotency-Key answer given again; the change was recorded the first time),
 * or nothing a partner system syncs (sign-in security: wrong passwords, lock-outs, password changes and resets).
 */
export const NON_CHANGE_ACTIONS = ['read', 'search', 'list', 'export', 'login', 'replay', 'sign_in_failed', 'lock', 'password_change', 'password_reset'] as const satisfies readonly AuditAction[];
// Every audit action is one or the other: a new action does not compile until it is placed in a list.
type Unplaced = Exclude<AuditAction, (typeof CHANGE_ACTIONS)[number] | (typeof NON_CHANGE_ACTIONS)[number]>;
const _everyActionPlaced: [Unplaced] extends [never] ? true : Unplaced = true;

/** The audit rows of these entity types are changes to a person profile when they carry no case. */
export const PERSON_ENTITY = 'person';
/** A share or unshare names, as its entity, the organisation given or refused the case. */
export const SHARE_ENTITY = 'case_share';

/**
 * Which changes a caller is shown (API.md "Jobs, integration, audit"; DOMAIN.md
 * section 12), by role; the organisation's visibility is applied in SQL:
 *
 * - casework (caseworker, supervisor, partner system): every change with a case
 *   the caller's organisation can see now, every change to a person profile it
 *   can see now, and the shares and unshares that name the organisation (so a
 *   partner learns that it lost a case);
 * - administration (admin): the changes that belong to no case and no person:
 *   organisations, areas, users, API clients, jobs. An admin who is not also a
 *   caseworker cannot read cases, so is not shown their changes.
 */
export interface FeedAudience {
  casework: boolean;
  administration: boolean;
}

export const FEED_CASEWORK_ROLES: Role[] = ['caseworker', 'supervisor', 'partner_system'];
export const FEED_ROLES: Role[] = [...FEED_CASEWORK_ROLES, 'admin'];

export function feedAudience(roles: readonly Role[]): FeedAudience {
  return {
    casework: roles.some((r) => FEED_CASEWORK_ROLES.includes(r)),
    administration: roles.includes('admin'),
  };
}

/**
 * A position in the feed: the writing transaction (xid8, as decimal text:
 * 64 bits do not fit a JS number) and the audit row id. Opaque to clients.
 */
export interface FeedPosition {
  xid: string;
  id: number;
}

const XID8_MAX = 18446744073709551615n;

export function encodeFeedCursor(p: FeedPosition): string {
  return Buffer.from(JSON.stringify([p.xid, p.id])).toString('base64url');
}

/** The position a cursor names; anything this service did not give is a 400 naming `after`. */
export function decodeFeedCursor(cursor: string | undefined): FeedPosition | undefined {
  if (cursor === undefined) return undefined;
  const refuse = () => DomainError.validation([{ field: 'after', message: 'after is not a cursor this service gave' }]);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(key) || key.length !== 2) throw refuse();
  const [xid, id] = key as unknown[];
  if (typeof xid !== 'string' || !/^\d{1,20}$/.test(xid) || BigInt(xid) > XID8_MAX) throw refuse();
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw refuse();
  return { xid: String(BigInt(xid)), id };
}

/**
 * Where the caller resumes. A full page ends at its last item. A short page
 * means every settled change after `after` was looked at, so the cursor may
 * move on to the last settled change of all (`settled`), even one the caller
 * may not see: the next call then starts there instead of scanning the same
 * invisible rows again. Null only while there is nothing at all to resume from.
 */
export function nextFeedPosition(
  after: FeedPosition | undefined,
  items: FeedPosition[],
  limit: number,
  settled: FeedPosition | undefined,
): FeedPosition | undefined {
  const last = items.length ? items[items.length - 1] : after;
  if (items.length >= limit) return last;
  return maxPosition(last, settled);
}

export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  const x = BigInt(a.xid) - BigInt(b.xid);
  if (x !== 0n) return x < 0n ? -1 : 1;
  return a.id - b.id;
}

function maxPosition(a: FeedPosition | undefined, b: FeedPosition | undefined): FeedPosition | undefined {
  if (!a) return b;
  if (!b) return a;
  return comparePositions(a, b) >= 0 ? a : b;
}
