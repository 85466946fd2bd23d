import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { Actor, ReportFilterDto } from '@asb/core';
import { ReportScopes } from '@asb/reports';
import { adherencePercent, INTERVENTION_NAMES, InterventionType } from '../incremental-approach';
import { InterventionReportsRepository, REPORT_GROUPS, ReportGroup } from './intervention-reports.repository';

export class InterventionsReportQueryDto extends ReportFilterDto {
  /** One row per NPA of the case (the default), per issuing organisation, or per type. */
  @ApiPropertyOptional({ enum: REPORT_GROUPS, default: 'npa' })
  @IsOptional() @IsIn(REPORT_GROUPS)
  groupBy?: ReportGroup;
}

export const INTERVENTIONS_REPORT_COLUMNS = [
  'key', 'name', 'interventions', 'cpnw', 'cpn', 'cpnAwaitingService', 'fpn', 'prosecution', 'outOfSequence', 'adherencePercent', 'withdrawn',
] as const;

/** Usage of tools and powers by NPA, organisation or type in a period: the board's CPNW and CPN table (001:371, 001:414-415). */
@Injectable()
export class InterventionReportsService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: InterventionReportsRepository,
    private readonly scopes: ReportScopes,
  ) {}

  /** A supervisor counts the cases their organisation can see; an analyst or an admin the whole partnership (ReportScopes). */
  async counts(actor: Actor, q: InterventionsReportQueryDto) {
    const group = q.groupBy ?? 'npa';
    const em = this.db.manager;
    const rows = await this.reports.countsBy(em, await this.scopes.resolve(em, actor, q), group);
    return rows.map((r) => ({
      key: r.key,
      name: group === 'type' ? INTERVENTION_NAMES[r.key as InterventionType] : r.name,
      interventions: r.interventions,
      cpnw: r.cpnw,
      cpn: r.cpn,
      cpnAwaitingService: r.cpn_awaiting_service,
      fpn: r.fpn,
      prosecution: r.prosecution,
      outOfSequence: r.out_of_sequence,
      adherencePercent: adherencePercent(r.interventions, r.out_of_sequence),
      withdrawn: r.withdrawn,
    }));
  }
}
