import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { caseScopeSql, periodSql, ReportScope } from '../scope/report-scope';
import { HotspotGrouping } from './hotspot-map';

export interface HotspotDbRow {
  key: string | null;
  count: number;
  latitude: number | null;
  longitude: number | null;
  easting: string | null;
  northing: string | null;
}

/**
 * Where an incident happened, for hotspots: its own location when it has one
 * (a postcode or coordinates), else its case's. The location is taken whole,
 * never a postcode from one and coordinates from the other. Coordinates count
 * only as a pair.
 */
const LOCATED = `
  SELECT c.npa_code, loc.postcode,
         CASE WHEN loc.latitude IS NOT NULL AND loc.longitude IS NOT NULL THEN loc.latitude END AS latitude,
         CASE WHEN loc.latitude IS NOT NULL AND loc.longitude IS NOT NULL THEN loc.longitude END AS longitude
    FROM incidents i
    JOIN cases c ON c.id = i.case_id
    CROSS JOIN LATERAL (
      SELECT i.postcode, i.latitude, i.longitude WHERE i.postcode IS NOT NULL OR i.latitude IS NOT NULL OR i.longitude IS NOT NULL
      UNION ALL
      SELECT c.postcode, c.latitude, c.longitude WHERE i.postcode IS NULL AND i.latitude IS NULL AND i.longitude IS NULL
    ) loc`;

/** The key of a postcode grouping; postcodes are stored normalised ("LE11 3QF"). */
const POSTCODE_KEY: Record<'postcode_district' | 'postcode_sector', string> = {
  postcode_district: `split_part(l.postcode, ' ', 1)`,
  postcode_sector: `left(l.postcode, length(l.postcode) - 2)`,
};

/** The National Grid's extent: coordinates projecting outside it are not in Great Britain and have no cell. */
const GRID_EXTENT = { easting: 700000, northing: 1300000 };

@Injectable()
export class HotspotsRepository {
  /**
   * Incidents in the period on cases in scope, counted by the grouping, in one
   * statement: the period is a range of incidents_occurred_idx, each incident's
   * case a primary-key lookup. Grid cells are squares of `cellMetres` on the
   * British National Grid (wgs84_to_bng), keyed by their south-west corner.
   * Most incidents first, then by key; the group without a location last.
   */
  async count(em: EntityManager, scope: ReportScope, groupBy: HotspotGrouping, cellMetres: number): Promise<HotspotDbRow[]> {
    const params: unknown[] = [];
    const where = `${periodSql('i.occurred_at', scope, params)} AND ${caseScopeSql('c', scope, params)}`;
    if (groupBy === 'grid') {
      params.push(cellMetres, GRID_EXTENT.easting, GRID_EXTENT.northing);
      const [cell, maxE, maxN] = [`$${params.length - 2}::int`, `$${params.length - 1}::int`, `$${params.length}::int`];
      return em.query(
        `WITH located AS (${LOCATED} WHERE ${where}),
         cells AS (
           SELECT CASE WHEN g.easting >= 0 AND g.easting < ${maxE} AND g.northing >= 0 AND g.northing < ${maxN}
                       THEN (floor(g.easting / ${cell}) * ${cell})::bigint END AS easting,
                  CASE WHEN g.easting >= 0 AND g.easting < ${maxE} AND g.northing >= 0 AND g.northing < ${maxN}
                       THEN (floor(g.northing / ${cell}) * ${cell})::bigint END AS northing
             FROM located l LEFT JOIN LATERAL wgs84_to_bng(l.latitude, l.longitude) g ON true)
         SELECT CASE WHEN easting IS NOT NULL THEN easting || ':' || northing END AS key, count(*)::int AS count,
                NULL::float8 AS latitude, NULL::float8 AS longitude, easting, northing
           FROM cells
          GROUP BY easting, northing
          ORDER BY (easting IS NULL), count(*) DESC, easting, northing`,
        params,
      );
    }
    const key = groupBy === 'npa' ? 'l.npa_code' : POSTCODE_KEY[groupBy];
    return em.query(
      `WITH located AS (${LOCATED} WHERE ${where})
       SELECT ${key} AS key, count(*)::int AS count, avg(l.latitude) AS latitude, avg(l.longitude) AS longitude, NULL AS easting, NULL AS northing
         FROM located l
        GROUP BY 1
        ORDER BY (${key} IS NULL), count(*) DESC, 1`,
      params,
    );
  }
}
