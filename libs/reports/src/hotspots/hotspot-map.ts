/**
 * Hotspot rows as a map draws them (DOMAIN.md section 11): a GeoJSON
 * FeatureCollection (RFC 7946: WGS84 longitude, latitude) that Leaflet's
 * `L.geoJSON` or a MapLibre `geojson` source takes as it is. Pure: no Nest,
 * no database.
 *
 * - Grid: each cell is a polygon, its British National Grid corners turned
 *   back into longitude/latitude, with `count`.
 * - NPA and postcode groupings: a point at the mean position of the group's
 *   incidents that have coordinates, or a null geometry when none has (valid
 *   GeoJSON; maps skip such features, tables still show them).
 * - Incidents with no usable location for the grouping (key null) are a
 *   feature with a null geometry, so the counts always add up to the total.
 */
import { gridToWgs84 } from './british-national-grid';

export const HOTSPOT_GROUPINGS = ['npa', 'postcode_district', 'postcode_sector', 'grid'] as const;
export type HotspotGrouping = (typeof HOTSPOT_GROUPINGS)[number];

export const DEFAULT_CELL_METRES = 500;
export const MIN_CELL_METRES = 50;
export const MAX_CELL_METRES = 50000;

export interface HotspotRow {
  /** NPA code, postcode district ("LE11"), sector ("LE11 3") or grid cell ("easting:northing" of its south-west corner); null: no location for the grouping. */
  key: string | null;
  count: number;
  /** Mean position of the group's incidents with coordinates (NPA, postcode), or the cell's centre (grid); null when unknown. */
  latitude: number | null;
  longitude: number | null;
  /** Grid only: the cell's south-west corner in National Grid metres. */
  easting?: number;
  northing?: number;
}

type Position = [number, number];
type Geometry = { type: 'Point'; coordinates: Position } | { type: 'Polygon'; coordinates: Position[][] } | null;

export interface HotspotFeature {
  type: 'Feature';
  geometry: Geometry;
  properties: { key: string | null; count: number; easting?: number; northing?: number; cellMetres?: number };
}

export interface HotspotFeatureCollection {
  type: 'FeatureCollection';
  features: HotspotFeature[];
  [foreignMember: string]: unknown;
}

/** Six decimals of a degree: about 10 cm, as RFC 7946 advises. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function position(latitude: number, longitude: number): Position {
  return [round6(longitude), round6(latitude)];
}

/** A grid cell as a GeoJSON polygon: south-west, south-east, north-east, north-west and back (anticlockwise, RFC 7946's right-hand rule). */
export function cellPolygon(easting: number, northing: number, cellMetres: number): Position[][] {
  const corners = [
    [easting, northing],
    [easting + cellMetres, northing],
    [easting + cellMetres, northing + cellMetres],
    [easting, northing + cellMetres],
  ].map(([e, n]) => {
    const p = gridToWgs84({ easting: e, northing: n });
    return position(p.latitude, p.longitude);
  });
  return [[...corners, corners[0]]];
}

/** The centre of a grid cell in WGS84. */
export function cellCentre(easting: number, northing: number, cellMetres: number): { latitude: number; longitude: number } {
  const p = gridToWgs84({ easting: easting + cellMetres / 2, northing: northing + cellMetres / 2 });
  return { latitude: round6(p.latitude), longitude: round6(p.longitude) };
}

export function toFeatureCollection(rows: HotspotRow[], groupBy: HotspotGrouping, cellMetres: number | null, meta: Record<string, unknown> = {}): HotspotFeatureCollection {
  const features = rows.map((r): HotspotFeature => {
    if (groupBy === 'grid' && r.key !== null && r.easting !== undefined && r.northing !== undefined && cellMetres !== null) {
      return {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: cellPolygon(r.easting, r.northing, cellMetres) },
        properties: { key: r.key, count: r.count, easting: r.easting, northing: r.northing, cellMetres },
      };
    }
    const geometry: Geometry = r.key !== null && r.latitude !== null && r.longitude !== null ? { type: 'Point', coordinates: position(r.latitude, r.longitude) } : null;
    return { type: 'Feature', geometry, properties: { key: r.key, count: r.count } };
  });
  return { type: 'FeatureCollection', ...meta, features };
}
