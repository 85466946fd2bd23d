import { wgs84ToGrid } from './british-national-grid';
import { cellCentre, cellPolygon, toFeatureCollection } from './hotspot-map';

/** Twice the signed area of a ring (shoelace): positive when anticlockwise. */
function signedArea(ring: [number, number][]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a;
}

describe('hotspot map', () => {
  it('draws a grid cell as a closed anticlockwise ring whose corners are the cell corners on the National Grid', () => {
    const [ring] = cellPolygon(453500, 319500, 500);
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    expect(signedArea(ring)).toBeGreaterThan(0);
    const corners = [[453500, 319500], [454000, 319500], [454000, 320000], [453500, 320000]];
    ring.slice(0, 4).forEach(([longitude, latitude], i) => {
      const g = wgs84ToGrid({ latitude, longitude });
      // six decimals of a degree are within about 10 cm
      expect(Math.abs(g.easting - corners[i][0])).toBeLessThan(0.15);
      expect(Math.abs(g.northing - corners[i][1])).toBeLessThan(0.15);
    });
  });

  it('puts a cell centre half a cell in from its south-west corner', () => {
    const c = cellCentre(453500, 319500, 500);
    const g = wgs84ToGrid(c);
    expect(Math.abs(g.easting - 453750)).toBeLessThan(0.15);
    expect(Math.abs(g.northing - 319750)).toBeLessThan(0.15);
  });

  it('gives grid cells polygons, groups with coordinates points, and the rest null geometries, counts unchanged', () => {
    const grid = toFeatureCollection(
      [
        { key: '453500:319500', count: 3, latitude: 52.77, longitude: -1.2, easting: 453500, northing: 319500 },
        { key: null, count: 2, latitude: null, longitude: null },
      ],
      'grid',
      500,
      { groupBy: 'grid' },
    );
    expect(grid.type).toBe('FeatureCollection');
    expect(grid.groupBy).toBe('grid');
    expect(grid.features.map((f) => f.geometry?.type ?? null)).toEqual(['Polygon', null]);
    expect(grid.features.map((f) => f.properties.count)).toEqual([3, 2]);
    expect(grid.features[0].properties).toEqual({ key: '453500:319500', count: 3, easting: 453500, northing: 319500, cellMetres: 500 });

    const districts = toFeatureCollection(
      [
        { key: 'LE11', count: 4, latitude: 52.7721234567, longitude: -1.2062345678 },
        { key: 'LE12', count: 1, latitude: null, longitude: null },
      ],
      'postcode_district',
      null,
    );
    expect(districts.features[0].geometry).toEqual({ type: 'Point', coordinates: [-1.206235, 52.772123] });
    expect(districts.features[1].geometry).toBeNull();
  });
});
