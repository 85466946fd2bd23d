import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AuditService, Clock, decodeKeyset, DEFAULT_LIMIT, toPage } from '@asb/core';
import { DuplicateReason, orderReasons } from '@asb/people';
import { ReportScopes, seesPartnership } from '../scope/report-scope';
import { PossiblyMissedRepository, PossiblyMissedRow } from './possibly-missed.repository';
import { repeatReportAsOf, RepeatVictimsQueryDto } from './repeat-victims.service';

export interface PossiblyMissedVictim {
  personId: string;
  displayName: string;
  /** The person's own incidents in the 12 months up to asOf (one: two would make a repeat victim). */
  incidentsLast12Months: number;
  /** Distinct incidents of the person and all their likely duplicates in the window. */
  combinedIncidentsLast12Months: number;
  lastIncidentAt: string;
  caseReferences: string[];
  possibleDuplicates: { personId: string; displayName: string; reason: DuplicateReason; reasons: DuplicateReason[]; incidentsLast12Months: number }[];
}

export interface PossiblyMissedReport {
  asOf: string;
  possiblyMissed: number;
  byNpa: { npaCode: string; possiblyMissed: number }[];
  /** The people: for supervisors only (analysts and admins see the partnership in aggregate). */
  items?: PossiblyMissedVictim[];
  nextCursor?: string | null;
}

export const POSSIBLY_MISSED_COLUMNS = [
  'personId', 'displayName', 'incidentsLast12Months', 'combinedIncidentsLast12Months', 'lastIncidentAt', 'caseReferences',
  'possibleDuplicateIds', 'possibleDuplicateNames', 'reasons',
] as const;
export const POSSIBLY_MISSED_NPA_COLUMNS = ['npaCode', 'possiblyMissed'] as const;

/**
 * The "possibly missed" repeat victims (DOMAIN.md section 5), for the audits
 * of missed repeats: same instant, filters and role split as the repeat-victim
 * report (supervisors the people of their visible cases, analysts and admins
 * the counts of the partnership).
 */
@Injectable()
export class PossiblyMissedService {
  constructor(
    private readonly db: DataSource,
    private readonly scopes: ReportScopes,
    private readonly repo: PossiblyMissedRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The report; `all` gives every person instead of a page (the CSV form). */
  async report(actor: Actor, q: RepeatVictimsQueryDto, all = false): Promise<PossiblyMissedReport> {
    const asOf = repeatReportAsOf(q, this.clock.now());
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const scope = await this.scopes.resolve(em, actor, { ...q, from: undefined, to: undefined });
      const counts = await this.repo.counts(em, asOf, scope);
      const report: PossiblyMissedReport = { asOf: asOf.toISOString(), possiblyMissed: counts.total, byNpa: counts.byNpa };
      if (seesPartnership(actor)) return report;
      const limit = q.limit ?? DEFAULT_LIMIT;
      const after = decodeKeyset(q.cursor, ['number', 'text', 'uuid'] as const);
      const rows = await this.repo.list(em, asOf, scope, all ? {} : { limit, after });
      const page = all ? { items: rows.map(mapPossiblyMissed), nextCursor: null } : toPage(rows, limit, (r) => [r.combined_incidents, r.display_name, r.person_id], mapPossiblyMissed);
      await this.audit.record(em, actor, [
        {
          action: 'list',
          entityType: 'person',
          details: {
            report: 'repeat-victims/possibly-missed',
            asOf: report.asOf,
            resultIds: page.items.map((p) => p.personId),
            duplicateIds: [...new Set(page.items.flatMap((p) => p.possibleDuplicates.map((d) => d.personId)))],
          },
        },
      ]);
      return { ...report, ...page };
    });
  }
}

function mapPossiblyMissed(r: PossiblyMissedRow): PossiblyMissedVictim {
  return {
    personId: r.person_id,
    displayName: r.display_name,
    incidentsLast12Months: r.incidents,
    combinedIncidentsLast12Months: r.combined_incidents,
    lastIncidentAt: r.last_incident_at.toISOString(),
    caseReferences: [r.case_reference],
    possibleDuplicates: r.duplicates.map((d) => {
      const reasons = orderReasons(d.reasons);
      return { personId: d.personId, displayName: d.displayName, reason: reasons[0], reasons, incidentsLast12Months: Number(d.incidentsLast12Months) };
    }),
  };
}

/** The flat CSV row: a person's duplicates joined with `;` in the list cells. */
export function possiblyMissedCsvRow(v: PossiblyMissedVictim): Record<(typeof POSSIBLY_MISSED_COLUMNS)[number], unknown> {
  return {
    personId: v.personId,
    displayName: v.displayName,
    incidentsLast12Months: v.incidentsLast12Months,
    combinedIncidentsLast12Months: v.combinedIncidentsLast12Months,
    lastIncidentAt: v.lastIncidentAt,
    caseReferences: v.caseReferences,
    possibleDuplicateIds: v.possibleDuplicates.map((d) => d.personId),
    possibleDuplicateNames: v.possibleDuplicates.map((d) => d.displayName),
    reasons: v.possibleDuplicates.map((d) => d.reason),
  };
}
