import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsBoolean, IsOptional } from 'class-validator';
import { Actor, Authenticated, CurrentActor, IsCalendarDate, REPORT_ROLES, ReportFilterDto, sendCsv, wantsCsv } from '@asb/core';
import { MissingRiskAssessmentsTrend, TREND_COLUMNS } from './missing-risk-assessments-trend.service';
import { NotificationJobs } from '../notification-jobs.producer';

export class RunMissingRiskAssessmentsDto {
  /** Any date in the week to send for (its Monday is used); this week when absent. */
  @IsOptional() @IsCalendarDate()
  weekOf?: string;

  /** Send again to NPAs that already had this week's e-mail. */
  @IsOptional() @IsBoolean()
  force?: boolean;
}

@ApiTags('jobs')
@Controller('api/v1')
export class MissingRiskAssessmentsController {
  constructor(
    private readonly jobs: NotificationJobs,
    private readonly trend: MissingRiskAssessmentsTrend,
  ) {}

  /** Runs the weekly missing-risk-assessment e-mail now. */
  @Post('jobs/missing-risk-assessments') @HttpCode(202) @Authenticated('admin')
  async run(@CurrentActor() actor: Actor, @Body() dto: RunMissingRiskAssessmentsDto) {
    return { jobId: await this.trend.trigger(actor, dto.weekOf, dto.force === true, this.jobs) };
  }

  /** One point per weekly run: open cases non-compliant, missing and overdue assessments. */
  @Get('reports/missing-risk-assessments/trend') @Authenticated(...REPORT_ROLES)
  async report(@Query() filter: ReportFilterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const items = await this.trend.weekly(filter);
    if (wantsCsv(req)) return sendCsv(res, 'missing-risk-assessments-trend.csv', [...TREND_COLUMNS], items);
    return { items };
  }
}
