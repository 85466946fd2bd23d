import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, Authenticated, CurrentActor, REPORT_ROLES, ReportFilterDto, sendCsv, wantsCsv } from '@asb/core';
import { COMPLIANCE_COLUMNS, complianceCsvRow, ComplianceService } from './compliance/compliance.service';
import { OVERDUE_REVIEW_COLUMNS, overdueCsvRow, OverdueReviewsQueryDto, OverdueReviewsService } from './overdue-reviews/overdue-reviews.service';
import { HOTSPOT_COLUMNS, HotspotsQueryDto, HotspotsService } from './hotspots/hotspots.service';
import { POSSIBLY_MISSED_COLUMNS, POSSIBLY_MISSED_NPA_COLUMNS, possiblyMissedCsvRow, PossiblyMissedService } from './repeat-victims/possibly-missed.service';
import { REPEAT_VICTIM_COLUMNS, REPEAT_VICTIM_NPA_COLUMNS, RepeatVictimsQueryDto, RepeatVictimsService } from './repeat-victims/repeat-victims.service';

/**
 * The compliance reports of DOMAIN.md section 11 (API.md "Reports"). A
 * supervisor sees the cases visible to their organisation; an analyst or an
 * admin the whole partnership. JSON, or CSV with `Accept: text/csv` or
 * `?format=csv`.
 */
@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly overdue: OverdueReviewsService,
    private readonly repeats: RepeatVictimsService,
    private readonly possiblyMissed: PossiblyMissedService,
    private readonly hotspots: HotspotsService,
  ) {}

  /**
   * Risk assessments, 28-day reviews, victim updates and Incremental Approach
   * adherence. Counts of open cases are as of now; the period selects the
   * review due dates of `dueInPeriod` and `doneOnTimeInPeriod`.
   */
  @Get('compliance') @Authenticated(...REPORT_ROLES)
  async complianceReport(@CurrentActor() actor: Actor, @Query() filter: ReportFilterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.compliance.report(actor, filter);
    if (wantsCsv(req)) return sendCsv(res, 'compliance.csv', [...COMPLIANCE_COLUMNS], [complianceCsvRow(report)]);
    return report;
  }

  /** Open cases past their supervisory review date, most overdue first; the period selects due dates. */
  @Get('supervisory-reviews/overdue') @Authenticated(...REPORT_ROLES)
  async overdueReviews(@CurrentActor() actor: Actor, @Query() q: OverdueReviewsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (wantsCsv(req)) return sendCsv(res, 'supervisory-reviews-overdue.csv', [...OVERDUE_REVIEW_COLUMNS], (await this.overdue.all(actor, q)).map(overdueCsvRow));
    return this.overdue.page(actor, q);
  }

  /**
   * Repeat victims at `asOf` (default now): 2 or more incidents in the 12
   * months up to it. Supervisors get the people (paginated); analysts and
   * admins the counts by NPA.
   */
  @Get('repeat-victims') @Authenticated(...REPORT_ROLES)
  async repeatVictims(@CurrentActor() actor: Actor, @Query() q: RepeatVictimsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const csv = wantsCsv(req);
    const report = await this.repeats.report(actor, q, csv);
    if (!csv) return report;
    if (report.items) return sendCsv(res, 'repeat-victims.csv', [...REPEAT_VICTIM_COLUMNS], report.items as unknown as Record<string, unknown>[]);
    return sendCsv(res, 'repeat-victims-by-npa.csv', [...REPEAT_VICTIM_NPA_COLUMNS], report.byNpa);
  }

  /**
   * People who are not repeat victims on their own at `asOf` but would be if
   * their likely duplicates were merged (DOMAIN.md section 5), each with those
   * duplicates. Supervisors get the people (paginated); analysts and admins
   * the counts by NPA.
   */
  @Get('repeat-victims/possibly-missed') @Authenticated(...REPORT_ROLES)
  async possiblyMissedRepeatVictims(@CurrentActor() actor: Actor, @Query() q: RepeatVictimsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const csv = wantsCsv(req);
    const report = await this.possiblyMissed.report(actor, q, csv);
    if (!csv) return report;
    if (report.items) return sendCsv(res, 'repeat-victims-possibly-missed.csv', [...POSSIBLY_MISSED_COLUMNS], report.items.map(possiblyMissedCsvRow));
    return sendCsv(res, 'repeat-victims-possibly-missed-by-npa.csv', [...POSSIBLY_MISSED_NPA_COLUMNS], report.byNpa);
  }

  /**
   * Incidents in the period counted by NPA, postcode district or sector, or
   * British National Grid cell (`cellMetres`, default 500): rows
   * `{ key, count }`; `format=geojson` (or `Accept: application/geo+json`) a
   * FeatureCollection a web map draws as it is.
   */
  @Get('hotspots') @Authenticated(...REPORT_ROLES)
  async hotspotsReport(@CurrentActor() actor: Actor, @Query() q: HotspotsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (q.format === 'geojson' || (q.format === undefined && /\bapplication\/geo\+json\b/.test(String(req.headers.accept ?? '')))) {
      res.setHeader('Content-Type', 'application/geo+json; charset=utf-8');
      // Returned, not res.send(): with passthrough Nest sends what the handler returns, and a returned
      // Response object was serialised after the answer had gone (a circular-structure error per call).
      return JSON.stringify(await this.hotspots.geoJson(actor, q));
    }
    const report = await this.hotspots.report(actor, q);
    if (wantsCsv(req)) return sendCsv(res, `hotspots-${report.groupBy}.csv`, [...HOTSPOT_COLUMNS], report.items as unknown as Record<string, unknown>[]);
    return report;
  }
}
