import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, Authenticated, CurrentActor, REPORT_ROLES, ReportFilterDto, sendCsv, wantsCsv } from '@asb/core';
import { CASE_REVIEW_REPORT_COLUMNS, EscalationReportsService, JAG_REPORT_COLUMNS } from './escalation-reports.service';

/** Supervisors see the cases their organisation can see; analysts and admins the whole partnership. */
@ApiTags('reports')
@Controller('api/v1/reports')
export class EscalationReportsController {
  constructor(private readonly reports: EscalationReportsService) {}

  /** JAG referrals by CSP: made and resolved in the period, open at its end. */
  @Get('jag') @Authenticated(...REPORT_ROLES)
  async jag(@CurrentActor() actor: Actor, @Query() filter: ReportFilterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const items = await this.reports.jag(actor, filter);
    if (wantsCsv(req)) return sendCsv(res, 'jag.csv', [...JAG_REPORT_COLUMNS], items);
    return { items };
  }

  /** ASB Case Review applications made in the period, by the organisation that took them: thresholds met and outcomes. */
  @Get('case-reviews') @Authenticated(...REPORT_ROLES)
  async caseReviews(@CurrentActor() actor: Actor, @Query() filter: ReportFilterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const items = await this.reports.caseReviews(actor, filter);
    if (wantsCsv(req)) return sendCsv(res, 'case-reviews.csv', [...CASE_REVIEW_REPORT_COLUMNS], items);
    return { items };
  }
}
