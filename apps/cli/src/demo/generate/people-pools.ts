import { DAY } from './calendar';
import type { DemoPerson } from './people';
import type { Rng } from './rng';

interface PooledVictim {
  person: DemoPerson;
  /** The closing of the case they were a victim on: their new case starts after it. */
  availableFrom: number;
}

/** A victim comes back on a new case at most this long after their last incident, so they are a repeat victim. */
const RETURN_WITHIN = 330 * DAY;
/** Victims per NPA kept as candidates to come back before the first pruning. */
const PRUNE_FROM = 4000;

/**
 * People who come back: victims of a closed case who report again within the
 * year on a new case (repeat victims across cases, as the service must find
 * them: section 5), and perpetrators who turn up on several cases. Kept per
 * NPA; victims are taken from the pool once.
 */
export class PeoplePools {
  private readonly victims = new Map<string, PooledVictim[]>();
  private readonly pruneAt = new Map<string, number>();
  private readonly perpetrators = new Map<string, DemoPerson[]>();

  /** A one-time victim of a closed case in the NPA whose last incident was within the year before `firstIncidentAt`. */
  takeReturningVictim(rng: Rng, npaCode: string, openedAt: number, firstIncidentAt: number): DemoPerson | null {
    const pool = this.victims.get(npaCode);
    if (!pool?.length) return null;
    for (let tries = 0; tries < 6; tries++) {
      const i = Math.floor(rng.next() * pool.length);
      const entry = pool[i];
      const last = entry.person.incidentTimes[entry.person.incidentTimes.length - 1];
      if (entry.availableFrom <= openedAt && last < firstIncidentAt && last >= firstIncidentAt - RETURN_WITHIN) {
        pool[i] = pool[pool.length - 1];
        pool.pop();
        return entry.person;
      }
    }
    return null;
  }

  /** `openedAt`: of the case being generated (cases come in order of opening), to forget victims too old to return. */
  addOneTimeVictim(npaCode: string, person: DemoPerson, caseClosedAt: number, openedAt: number): void {
    let pool = this.victims.get(npaCode);
    if (!pool) this.victims.set(npaCode, (pool = []));
    pool.push({ person, availableFrom: caseClosedAt });
    if (pool.length > (this.pruneAt.get(npaCode) ?? PRUNE_FROM)) {
      // Forget those too old to come back; prune again when the pool has doubled (linear time overall).
      const keepAfter = openedAt - RETURN_WITHIN;
      const kept = pool.filter((e) => e.person.incidentTimes[e.person.incidentTimes.length - 1] >= keepAfter);
      this.victims.set(npaCode, kept);
      this.pruneAt.set(npaCode, Math.max(PRUNE_FROM, 2 * kept.length));
    }
  }

  /** A perpetrator already known in the NPA, or null. */
  knownPerpetrator(rng: Rng, npaCode: string, exclude: ReadonlySet<string>): DemoPerson | null {
    const pool = this.perpetrators.get(npaCode);
    if (!pool?.length) return null;
    const p = rng.pick(pool);
    return exclude.has(p.row.id) ? null : p;
  }

  addPerpetrator(npaCode: string, person: DemoPerson): void {
    let pool = this.perpetrators.get(npaCode);
    if (!pool) this.perpetrators.set(npaCode, (pool = []));
    pool.push(person);
    if (pool.length > 2000) pool.splice(0, 500);
  }
}
