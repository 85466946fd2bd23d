import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReportFilterDto } from '@asb/core';
import type { ExportFormat } from './rules/case-export-format';

/** The report filters (the period selects when cases were opened), and the format. */
export class ExportCasesQueryDto extends OmitType(ReportFilterDto, ['format'] as const) {
  /** `csv` or `ndjson`; without it, the Accept header decides (`text/csv`, `application/x-ndjson`), else CSV. */
  @ApiPropertyOptional({ enum: ['csv', 'ndjson'] })
  @IsOptional() @IsIn(['csv', 'ndjson'])
  format?: ExportFormat;
}
