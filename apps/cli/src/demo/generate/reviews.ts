import { firstReviewDueAt, nextReviewDueAt, reviewDueAfterReopening } from '@asb/cases/rules/review-due';
import { DAY, HOUR } from './calendar';
import { recurring, Upkeep } from './recurring';
import type { Rng } from './rng';
import type { CaseReopeningRow, CaseReviewRow } from './rows';
import { closeSummary, nextActions, reopenReason, reviewSummary } from './texts';
import type { Timeline } from './timeline';

const CLOSE_OUTCOMES = { resolved: 58, no_further_action: 20, unable_to_contact: 8, transferred: 6, other: 8 } as const;

export interface SupervisionInput {
  caseId: string;
  timeline: Timeline;
  now: number;
  reviewDays: number;
  supervisors: readonly string[];
  /** For an open case: how far past its review date it is now (ms), or null when reviews are up to date. */
  overdueBy: number | null;
}

export interface Supervision {
  reviews: CaseReviewRow[];
  reopening: CaseReopeningRow | null;
  /** The case's review_due_at: the last review (or the opening, or reopening) plus the period. */
  reviewDueAt: number;
  closeOutcome: string | null;
}

/**
 * The 28-day supervisory reviews of a case (DOMAIN.md section 7), by
 * supervisors of the lead organisation: each due the period after the
 * previous review, or after the opening or reopening; most made a little
 * early, some late; a closure is a review with decision "close". An open
 * case is either up to date or `overdueBy` past its due date now.
 */
export function supervision(rng: Rng, s: SupervisionInput): Supervision {
  const days = s.reviewDays;
  const period = days * DAY;
  const reviews: CaseReviewRow[] = [];
  let reopening: CaseReopeningRow | null = null;
  let dueAt = 0;
  let closeOutcome: string | null = null;
  s.timeline.segments.forEach((seg, i) => {
    const anchor = seg.start;
    dueAt = (i === 0 ? firstReviewDueAt(new Date(anchor), days) : reviewDueAfterReopening(new Date(anchor), days)).getTime();
    if (i > 0) {
      reopening = {
        id: rng.uuid(),
        case_id: s.caseId,
        reopened_at: new Date(seg.start),
        reason: reopenReason(rng),
        previous_closed_at: new Date(s.timeline.segments[i - 1].end),
        previous_outcome: closeOutcome!,
        reopened_by_id: rng.pick(s.supervisors),
      };
      closeOutcome = null;
    }
    const upkeep: Upkeep = seg.closed ? { mode: 'history' } : s.overdueBy !== null ? { mode: 'overdue', overdueBy: s.overdueBy } : { mode: 'keep_up' };
    const end = seg.closed ? seg.end - HOUR : s.now;
    const chain = recurring(rng, anchor, end, () => period, 0.86, upkeep);
    for (const at of chain.times) {
      reviews.push(review(rng, s, at, dueAt, 'continue', null));
      dueAt = nextReviewDueAt(new Date(at), days).getTime();
    }
    if (seg.closed) {
      closeOutcome = rng.weighted(CLOSE_OUTCOMES);
      reviews.push(review(rng, s, seg.end, dueAt, 'close', closeOutcome));
    }
  });
  return { reviews, reopening, reviewDueAt: dueAt, closeOutcome };
}

function review(rng: Rng, s: SupervisionInput, at: number, dueAt: number, decision: CaseReviewRow['decision'], outcome: string | null): CaseReviewRow {
  return {
    id: rng.uuid(),
    case_id: s.caseId,
    reviewer_id: rng.pick(s.supervisors),
    reviewed_at: new Date(at),
    summary: outcome ? closeSummary(rng, outcome) : reviewSummary(rng),
    decision,
    outcome,
    risk_assessments_checked: rng.chance(0.85),
    next_actions: outcome ? null : nextActions(rng),
    due_at: new Date(dueAt),
  };
}
