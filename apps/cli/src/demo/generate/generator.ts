import { DAY, HOUR, officeTime, startOfDay } from './calendar';
import { CaseContext, generateCase } from './case-bundle';
import { PeoplePools } from './people-pools';
import { MONTH_WEIGHTS, WEEKDAY_WEIGHTS } from './proportions';
import { Rng } from './rng';
import { DemoBatch, emptyBatch } from './rows';
import { DemoStaff, generateStaff } from './users';
import type { Vocabulary } from './vocabulary';
import type { AmountLimits } from '@asb/enforcement/incremental-approach';
import { AREAS } from './areas';
import { JagMeetings } from './jag-referrals';

export interface DemoOptions {
  seed: number;
  /** Exactly this many incidents. */
  incidents: number;
  /** Where the demo's history ends: nothing happens after it. */
  now: Date;
  /** Organisation ids by code (the LLR reference data). */
  organisations: Readonly<Record<string, string>>;
  vocabulary: Vocabulary;
  /** Incidents per batch (each batch is one transaction). */
  batchIncidents?: number;
  /** The supervisory review period (policy, SUPERVISORY_REVIEW_DAYS). */
  reviewDays?: number;
  /** FPN_MAX_AMOUNT and PROSECUTION_MAX_FINE (configuration). */
  limits?: AmountLimits;
  /** The JAG's `persistent` criterion window in days (policy). */
  persistentDays?: number;
}

/** Three years of history up to `now`. */
export const HISTORY_DAYS = 3 * 365;
/** Incidents follow a case's opening by some weeks: openings lead the seasonal curve by this much. */
const OPENING_LEAD_DAYS = 30;
export const DEFAULT_BATCH_INCIDENTS = 10_000;

/**
 * The demo partnership, deterministic for a seed: the demo staff first, then
 * cases in order of opening over three years, as many each day as keeps the
 * incidents on the seasonal and weekday curve, until exactly `incidents`
 * incidents exist; cut into batches of about `batchIncidents` incidents.
 */
export class DemoGenerator {
  readonly staff: DemoStaff;
  private readonly rng: Rng;

  constructor(private readonly opts: DemoOptions) {
    this.rng = new Rng(opts.seed);
    const start = startOfDay(opts.now.getTime()) - HISTORY_DAYS * DAY;
    this.staff = generateStaff(this.rng, opts.organisations, opts.vocabulary, new Date(start - 30 * DAY));
  }

  *batches(): Generator<DemoBatch> {
    for (const step of this.cases()) if (step) yield step;
  }

  /** Case by case: null after each case, the batch when it is full (the loader breathes between cases). */
  *cases(): Generator<DemoBatch | null> {
    const { rng, opts } = this;
    const now = opts.now.getTime();
    const perBatch = opts.batchIncidents ?? DEFAULT_BATCH_INCIDENTS;
    const first = startOfDay(now) - HISTORY_DAYS * DAY;
    const cumulative: number[] = [];
    let total = 0;
    for (let d = 0; d < HISTORY_DAYS; d++) {
      const day = first + d * DAY;
      total += MONTH_WEIGHTS[new Date(day + OPENING_LEAD_DAYS * DAY).getUTCMonth()] * WEEKDAY_WEIGHTS[new Date(day).getUTCDay()];
      cumulative.push(total);
    }
    let storm = 0;
    const ctx: CaseContext = {
      rng,
      vocabulary: opts.vocabulary,
      staff: this.staff,
      now,
      reviewDays: opts.reviewDays ?? 28,
      limits: opts.limits ?? { fpnMaxAmount: 100, prosecutionMaxFine: 2500 },
      persistentDays: opts.persistentDays ?? 90,
      meetings: jagMeetings(this.staff),
      pools: new PeoplePools(),
      nextStormNumber: () => ++storm,
    };
    let made = 0;
    let batch = emptyBatch(1);
    let inBatch = 0;
    for (let d = 0; d < HISTORY_DAYS && made < opts.incidents; d++) {
      const target = d === HISTORY_DAYS - 1 ? opts.incidents : (opts.incidents * cumulative[d]) / total;
      while (made < target) {
        const openedAt = Math.min(now - 3 * HOUR, officeTime(rng, first + d * DAY, false));
        const n = generateCase(ctx, openedAt, opts.incidents - made, batch);
        made += n;
        inBatch += n;
        yield null;
        if (inBatch >= perBatch) {
          yield batch;
          batch = emptyBatch(batch.index + 1);
          inBatch = 0;
        }
      }
    }
    if (batch.cases.length) yield batch;
  }
}

/** Each CSP's JAG: the police, the CSP's councils and, in the county, the county council; recorded by the council's first supervisor. */
function jagMeetings(staff: DemoStaff): JagMeetings {
  const councils = new Map<string, Set<string>>();
  for (const a of AREAS) councils.set(a.cspCode, (councils.get(a.cspCode) ?? new Set()).add(a.localAuthorityCode));
  const id = (code: string) => staff.byOrganisation.get(code)!.organisationId;
  return new JagMeetings(
    (csp) => [...new Set(['LEICS-POLICE', ...councils.get(csp)!, ...(csp === 'LEICESTER' || csp === 'RUTLAND' ? [] : ['LEICS-CC'])])].map(id),
    (csp) => staff.byOrganisation.get([...councils.get(csp)!][0])!.supervisors[0],
  );
}
