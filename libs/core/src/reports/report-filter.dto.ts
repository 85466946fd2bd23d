import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { CODE_MESSAGE, CODE_PATTERN, IsDateOrTimestamp, parseDateOrTimestamp } from '../validation/fields';

/** The filters every report takes (API.md "Reports"), and `format=csv`. */
export class ReportFilterDto {
  /** Start of the period: a date (its start, UTC) or a timestamp. */
  @IsOptional() @IsDateOrTimestamp()
  from?: string;

  /** End of the period, inclusive. */
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

/** The period asked for; `from` after `to` is refused. */
export function periodOf(f: Pick<ReportFilterDto, 'from' | 'to'>): Period {
  const from = f.from ? parseDateOrTimestamp(f.from) : undefined;
  const to = f.to ? parseDateOrTimestamp(f.to) : undefined;
  if (from && to && from > to) throw DomainError.validation([{ field: 'from', message: 'from must not be after to' }]);
  return { from, to };
}
