import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { CODE_MESSAGE, CODE_PATTERN, IsDateOrTimestamp, ISO_DATE, parseDateOrTimestamp } from '../validation/fields';

/** The filters every report takes (API.md "Reports"), and `format=csv`. */
export class ReportFilterDto {
  /** Start of the period: a date (its start, UTC) or a timestamp. */
  @IsOptional() @IsDateOrTimestamp()
  from?: string;

  /** End of the period, inclusive: a date means the whole of that day (UTC). */
  @IsOptional() @IsDateOrTimestamp()
  to?: string;

  @IsOptional() @Matches(CODE_PATTERN, { message: `npaCode ${CODE_MESSAGE}` })
  npaCode?: string;

  @IsOptional() @Matches(CODE_PATTERN, { message: `cspCode ${CODE_MESSAGE}` })
  cspCode?: string;

  @IsOptional() @IsUUID()
  organisationId?: string;

  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export interface Period {
  from?: Date;
  to?: Date;
}

const LAST_MS_OF_DAY = 24 * 60 * 60 * 1000 - 1;

/** A timestamp as given, or the last millisecond of a date (UTC): "as of 30 November" includes all of it. */
export function endOf(dateOrTimestamp: string): Date {
  return new Date(parseDateOrTimestamp(dateOrTimestamp).getTime() + (ISO_DATE.test(dateOrTimestamp) ? LAST_MS_OF_DAY : 0));
}

/**
 * The period asked for, both ends inclusive; `from` after `to` is refused. A
 * date `to` runs to the last millisecond of that day, so `to=2026-11-30`
 * includes the whole of 30 November.
 */
export function periodOf(f: Pick<ReportFilterDto, 'from' | 'to'>): Period {
  const from = f.from ? parseDateOrTimestamp(f.from) : undefined;
  const to = f.to ? endOf(f.to) : undefined;
  if (from && to && from > to) throw DomainError.validation([{ field: 'from', message: 'from must not be after to' }], 'The period is not valid: from must not be after to');
  return { from, to };
}
