import { Injectable } from '@nestjs/common';
import { IntersectionType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { Actor, AuditService, Clock, decodeKeyset, DEFAULT_LIMIT, DomainError, endOf, IsDateOrTimestamp, PageQueryDto, ReportFilterDto, toPage } from '@asb/core';
import { ReportScopes, seesPartnership } from '../scope/report-scope';
import { RepeatVictimRow, RepeatVictimsRepository } from './repeat-victims.repository';

export class RepeatVictimsQueryDto extends IntersectionType(ReportFilterDto, PageQueryDto) {
  /** The instant the rule is applied at: a timestamp, or a date meaning the end of that day; now when absent (`to` may stand in for it). */
  @IsOptional() @IsDateOrTimestamp()
  asOf?: string;
}

export interface RepeatVictim {
  personId: string;
  displayName: string;
  incidentsLast12Months: number;
  lastIncidentAt: string;
  caseReferences: string[];
}

export interface RepeatVictimsReport {
  asOf: string;
  /** People who are repeat victims at `asOf` with an incident in the window on a case in scope. */
  repeatVictims: number;
  byNpa: { npaCode: string; repeatVictims: number }[];
  /** The people themselves: for supervisors only (analysts and admins see the partnership in aggregate). */
  items?: RepeatVictim[];
  nextCursor?: string | null;
}

export const REPEAT_VICTIM_COLUMNS = ['personId', 'displayName', 'incidentsLast12Months', 'lastIncidentAt', 'caseReferences'] as const;
export const REPEAT_VICTIM_NPA_COLUMNS = ['npaCode', 'repeatVictims'] as const;

@Injectable()
export class RepeatVictimsService {
  constructor(
    private readonly db: DataSource,
    private readonly scopes: ReportScopes,
    private readonly repo: RepeatVictimsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The report; `all` gives every person instead of a page (the CSV form). */
  async report(actor: Actor, q: RepeatVictimsQueryDto, all = false): Promise<RepeatVictimsReport> {
    const asOf = repeatReportAsOf(q, this.clock.now());
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const scope = await this.scopes.resolve(em, actor, { ...q, from: undefined, to: undefined });
      const counts = await this.repo.counts(em, asOf, scope);
      const report: RepeatVictimsReport = { asOf: asOf.toISOString(), repeatVictims: counts.total, byNpa: counts.byNpa };
      if (seesPartnership(actor)) return report;
      const limit = q.limit ?? DEFAULT_LIMIT;
      const after = decodeKeyset(q.cursor, ['number', 'text', 'uuid'] as const);
      const rows = await this.repo.list(em, asOf, scope, all ? {} : { limit, after });
      const page = all ? { items: rows.map(mapRepeatVictim), nextCursor: null } : toPage(rows, limit, (r) => [r.incidents, r.display_name, r.person_id], mapRepeatVictim);
      await this.audit.record(em, actor, [
        { action: 'list', entityType: 'person', details: { report: 'repeat-victims', asOf: report.asOf, resultIds: page.items.map((p) => p.personId) } },
      ]);
      return { ...report, ...page };
    });
  }
}

/**
 * The instant a repeat-victim report applies the rule at: `asOf`, or `to`
 * standing in for it, or now. The rule's window is fixed (12 months back from
 * it), so `from` has no meaning here and is refused rather than silently
 * ignored.
 */
export function repeatReportAsOf(q: Pick<RepeatVictimsQueryDto, 'asOf' | 'from' | 'to'>, now: Date): Date {
  const problems = [
    ...(q.from ? [{ field: 'from', message: 'the repeat-victim window is the 12 months up to asOf; give asOf (or to), not from' }] : []),
    ...(q.asOf && q.to ? [{ field: 'to', message: 'give asOf or to, not both' }] : []),
  ];
  if (problems.length) throw DomainError.validation(problems);
  const at = q.asOf ?? q.to;
  return at ? endOf(at) : now;
}

function mapRepeatVictim(r: RepeatVictimRow): RepeatVictim {
  return {
    personId: r.person_id,
    displayName: r.display_name,
    incidentsLast12Months: r.incidents,
    lastIncidentAt: r.last_incident_at.toISOString(),
    caseReferences: r.case_references,
  };
}
