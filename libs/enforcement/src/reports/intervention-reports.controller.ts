import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, Authenticated, CurrentActor, REPORT_ROLES, sendCsv, wantsCsv } from '@asb/core';
import { INTERVENTIONS_REPORT_COLUMNS, InterventionReportsService, InterventionsReportQueryDto } from './intervention-reports.service';

@ApiTags('reports')
@Controller('api/v1/reports')
export class InterventionReportsController {
  constructor(private readonly reports: InterventionReportsService) {}

  /** Interventions issued in the period by NPA, issuing organisation or type; a supervisor's report covers the cases their organisation can see. */
  @Get('interventions') @Authenticated(...REPORT_ROLES)
  async interventions(@CurrentActor() actor: Actor, @Query() q: InterventionsReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const items = await this.reports.counts(actor, q);
    if (wantsCsv(req)) return sendCsv(res, `interventions-by-${q.groupBy ?? 'npa'}.csv`, [...INTERVENTIONS_REPORT_COLUMNS], items);
    return { items };
  }
}
