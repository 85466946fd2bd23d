import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Actor, DomainError, ReportFilterDto } from '@asb/core';
import { ReportScopes } from '../scope/report-scope';
import {
  cellCentre,
  DEFAULT_CELL_METRES,
  HOTSPOT_GROUPINGS,
  HotspotFeatureCollection,
  HotspotGrouping,
  HotspotRow,
  MAX_CELL_METRES,
  MIN_CELL_METRES,
  toFeatureCollection,
} from './hotspot-map';
import { HotspotsRepository } from './hotspots.repository';

export class HotspotsQueryDto extends OmitType(ReportFilterDto, ['format'] as const) {
  /** How incidents are grouped: by the case's NPA, the postcode district ("LE11") or sector ("LE11 3"), or grid cells on the British National Grid. */
  @ApiPropertyOptional({ enum: HOTSPOT_GROUPINGS, default: 'npa' })
  @IsOptional() @IsIn(HOTSPOT_GROUPINGS)
  groupBy?: HotspotGrouping;

  /** Grid cell side in metres, 50 to 50,000 (default 500); only with groupBy=grid. */
  @ApiPropertyOptional({ minimum: MIN_CELL_METRES, maximum: MAX_CELL_METRES, default: DEFAULT_CELL_METRES })
  @IsOptional() @Type(() => Number) @IsInt() @Min(MIN_CELL_METRES) @Max(MAX_CELL_METRES)
  cellMetres?: number;

  /** `geojson` gives a FeatureCollection for a map; `csv` the rows as CSV. */
  @ApiPropertyOptional({ enum: ['json', 'csv', 'geojson'] })
  @IsOptional() @IsIn(['json', 'csv', 'geojson'])
  format?: 'json' | 'csv' | 'geojson';
}

export interface HotspotsReport {
  groupBy: HotspotGrouping;
  cellMetres: number | null;
  period: { from: string | null; to: string | null };
  /** Incidents counted: the sum of the rows' counts. */
  incidents: number;
  items: HotspotRow[];
}

export const HOTSPOT_COLUMNS = ['key', 'count', 'latitude', 'longitude'] as const;

/**
 * Hotspots (DOMAIN.md section 11): incidents in the period on cases in the
 * caller's scope, counted by NPA, postcode district or sector, or map grid
 * cell. Aggregates only, so supervisors, analysts and admins get the same
 * shape (a supervisor over the cases visible to their organisation).
 */
@Injectable()
export class HotspotsService {
  constructor(
    private readonly db: DataSource,
    private readonly scopes: ReportScopes,
    private readonly repo: HotspotsRepository,
  ) {}

  async report(actor: Actor, q: HotspotsQueryDto): Promise<HotspotsReport> {
    const groupBy = q.groupBy ?? 'npa';
    if (q.cellMetres !== undefined && groupBy !== 'grid') {
      throw DomainError.validation([{ field: 'cellMetres', message: 'cellMetres applies to groupBy=grid only' }]);
    }
    const cellMetres = groupBy === 'grid' ? (q.cellMetres ?? DEFAULT_CELL_METRES) : null;
    return this.db.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const scope = await this.scopes.resolve(em, actor, { ...q, format: undefined });
      const rows = await this.repo.count(em, scope, groupBy, cellMetres ?? DEFAULT_CELL_METRES);
      const items = rows.map((r): HotspotRow => {
        if (groupBy !== 'grid') return { key: r.key, count: r.count, latitude: r.latitude, longitude: r.longitude };
        if (r.easting === null || r.northing === null) return { key: null, count: r.count, latitude: null, longitude: null };
        const [easting, northing] = [Number(r.easting), Number(r.northing)];
        return { key: r.key, count: r.count, ...cellCentre(easting, northing, cellMetres!), easting, northing };
      });
      return {
        groupBy,
        cellMetres,
        period: { from: scope.from?.toISOString() ?? null, to: scope.to?.toISOString() ?? null },
        incidents: items.reduce((n, r) => n + r.count, 0),
        items,
      };
    });
  }

  /** The report as a GeoJSON FeatureCollection, the report's other fields as foreign members. */
  async geoJson(actor: Actor, q: HotspotsQueryDto): Promise<HotspotFeatureCollection> {
    const { items, ...meta } = await this.report(actor, q);
    return toFeatureCollection(items, meta.groupBy, meta.cellMetres, meta);
  }
}
