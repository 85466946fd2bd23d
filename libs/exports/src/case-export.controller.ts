import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, Authenticated, CurrentActor } from '@asb/core';
import { ExportCasesQueryDto } from './case-export.dto';
import { CaseExportService } from './case-export.service';
import { CASE_EXPORT_ROLES } from './rules/case-export-format';

@ApiTags('integration')
@Controller('api/v1/exports')
export class CaseExportController {
  constructor(private readonly exports: CaseExportService) {}

  /**
   * Every case in scope, one row each, streamed as CSV or NDJSON (usable as a
   * Power BI source). Supervisors, caseworkers and partner systems get the
   * cases their organisation can see, analysts and admins the partnership; the
   * report filters apply, the period selecting when cases were opened. No
   * names, addresses or free text.
   */
  @Get('cases') @Authenticated(...CASE_EXPORT_ROLES)
  @ApiProduces('text/csv', 'application/x-ndjson')
  cases(@CurrentActor() actor: Actor, @Query() q: ExportCasesQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.exports.export(actor, q, req, res);
  }
}
