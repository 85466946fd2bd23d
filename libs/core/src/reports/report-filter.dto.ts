import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { CODE_MESSAGE, CODE_PATTERN, IsDateOrTimestamp, ISO_DATE, parseDateOrTimestamp } from '../validation/fields';

/** The filters every report takes (API.md "Reports"), and `format=csv`. */
export class ReportFilterDto {
  /** Start of the period: a date (its start, UTC) or a timestamp. */
  @IsOptional() @IsDateOrTimestamp()
  from?: string;

  /** End of the period, inclusive: a date means the whole of that day (UTC), a timestamp that instant. */
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

/**
 * The period asked for, both ends inclusive; `from` after `to` is refused. A
 * date as `to` ends at the last millisecond of that day, so `to=2026-05-31`
 * includes the 31st.
 */
export function periodOf(f: Pick<ReportFilterDto, 'from' | 'to'>): Period {
  const from = f.from ? parseDateOrTimestamp(f.from) : undefined;
  const to = f.to ? (ISO_DATE.test(f.to) ? new Date(parseDateOrTimestamp(f.to).getTime() + LAST_MS_OF_DAY) : parseDateOrTimestamp(f.to)) : undefined;
  if (from && to && from > to) throw DomainError.validation([{ field: 'from', message: 'from must not be after to' }]);
  return { from, to };
}
