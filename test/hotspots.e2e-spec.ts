import { wgs84ToGrid } from '@asb/reports/hotspots/british-national-grid';
import { createCase, daysAgo, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

/** GET /api/v1/reports/hotspots (DOMAIN.md section 11): incidents counted by NPA, postcode district or sector, or map grid cell. */
describe('hotspots', () => {
  let t: TestApp;
  let cw: TestUser;
  let sup: TestUser;
  let blabyCw: TestUser;
  let blabySup: TestUser;
  let analyst: TestUser;
  const auth = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const URL = '/api/v1/reports/hotspots';
  const FROM = daysAgo(90);

  // Loughborough town centre, 900 m north of it, and Enderby (Blaby)
  const A1 = { latitude: 52.7721, longitude: -1.2062 };
  const A2 = { latitude: 52.78, longitude: -1.21 };
  const C1 = { latitude: 52.58, longitude: -1.2 };
  /** Where each incident in the period is counted (its own location, or its case's when it has none). */
  const LOCATED = [A1, A1, A2, C1];
  const UNLOCATED_ON_GRID = 3;

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'warn' });
    cw = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    sup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    blabyCw = await t.createUser('BLABY-DC', ['caseworker']);
    blabySup = await t.createUser('BLABY-DC', ['supervisor']);
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);

    const a = await createCase(t, cw.token, { location: { postcode: 'LE11 3QF', ...A1 } });
    const b = await createCase(t, cw.token, { location: { postcode: 'le11 2tq' } });
    const c = await createCase(t, blabyCw.token, { npaCode: 'NH', cspCode: 'BLABY', location: { postcode: 'LE19 1AA', ...C1 } });
    const incident = (caseId: string, days: number, location?: Record<string, unknown>, u = cw) =>
      recordIncident(t, u.token, caseId, { occurredAt: daysAgo(days), victimPersonIds: [], ...(location ? { location } : {}) });
    await incident(a.id, 10, { postcode: 'LE11 3QF', ...A1 }); // own postcode and point
    await incident(a.id, 11); // none: the case's postcode and point
    await incident(a.id, 12, { ...A2 }); // own point, no postcode: no postcode grouping (a location is taken whole)
    await incident(a.id, 400, { postcode: 'LE11 3QF', ...A1 }); // before the period
    await incident(b.id, 13); // none: the case's postcode, no point
    await incident(b.id, 14, { postcode: 'LE12 9AB' }); // own postcode, no point
    await incident(b.id, 15, { latitude: 52.7 }); // half a point: own location, but no coordinates and no postcode
    await incident(c.id, 16, undefined, blabyCw); // none: Blaby's case postcode and point
  });
  afterAll(() => t.close());

  const rows = (res: { body: { items: { key: string | null; count: number }[] } }) => res.body.items.map((r) => ({ key: r.key, count: r.count }));

  it('counts incidents in the period by NPA, with the mean position of those with coordinates', async () => {
    const res = await t.http().get(URL).query({ groupBy: 'npa', from: FROM }).set(auth(analyst)).expect(200);
    expect(res.body).toMatchObject({ groupBy: 'npa', cellMetres: null, period: { from: new Date(FROM).toISOString(), to: null }, incidents: 7 });
    expect(rows(res)).toEqual([{ key: 'NL', count: 6 }, { key: 'NH', count: 1 }]);
    const nl = res.body.items[0];
    expect(nl.latitude).toBeCloseTo((2 * A1.latitude + A2.latitude) / 3, 9);
    expect(nl.longitude).toBeCloseTo((2 * A1.longitude + A2.longitude) / 3, 9);
    expect(res.body.items[1]).toMatchObject(C1);
    // no period: every incident, the one 400 days ago too
    expect(rows(await t.http().get(URL).set(auth(analyst)).expect(200))).toEqual([{ key: 'NL', count: 7 }, { key: 'NH', count: 1 }]);
  });

  it('counts by postcode district and sector; incidents without a postcode come last with key null', async () => {
    const district = await t.http().get(URL).query({ groupBy: 'postcode_district', from: FROM }).set(auth(analyst)).expect(200);
    expect(rows(district)).toEqual([{ key: 'LE11', count: 3 }, { key: 'LE12', count: 1 }, { key: 'LE19', count: 1 }, { key: null, count: 2 }]);
    const sector = await t.http().get(URL).query({ groupBy: 'postcode_sector', from: FROM }).set(auth(analyst)).expect(200);
    expect(rows(sector)).toEqual([{ key: 'LE11 3', count: 2 }, { key: 'LE11 2', count: 1 }, { key: 'LE12 9', count: 1 }, { key: 'LE19 1', count: 1 }, { key: null, count: 2 }]);
    expect(sector.body.items[0]).toMatchObject(A1);
    expect(sector.body.items[1]).toMatchObject({ latitude: null, longitude: null });
  });

  it('counts by British National Grid cell, keyed by the cell\'s south-west corner', async () => {
    for (const cellMetres of [500, 50, 50000]) {
      const expected = new Map<string, number>();
      for (const p of LOCATED) {
        const g = wgs84ToGrid(p);
        const key = `${Math.floor(g.easting / cellMetres) * cellMetres}:${Math.floor(g.northing / cellMetres) * cellMetres}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const res = await t.http().get(URL).query({ groupBy: 'grid', cellMetres, from: FROM }).set(auth(analyst)).expect(200);
      expect(res.body).toMatchObject({ groupBy: 'grid', cellMetres, incidents: 7 });
      const got = rows(res);
      expect(got[got.length - 1]).toEqual({ key: null, count: UNLOCATED_ON_GRID });
      expect(new Map(got.slice(0, -1).map((r) => [r.key, r.count]))).toEqual(expected);
    }
    // 500 m cells: the two Loughborough points are in different cells; the default is 500
    const res = await t.http().get(URL).query({ groupBy: 'grid', from: FROM }).set(auth(analyst)).expect(200);
    expect(res.body.cellMetres).toBe(500);
    expect(rows(res).map((r) => r.count)).toEqual([2, 1, 1, 3]);
    const g = wgs84ToGrid(A1);
    expect(res.body.items[0]).toMatchObject({ key: `${Math.floor(g.easting / 500) * 500}:${Math.floor(g.northing / 500) * 500}`, easting: Math.floor(g.easting / 500) * 500 });
  });

  it('projects in SQL (wgs84_to_bng, which buckets the incidents) exactly as the tested TypeScript does', async () => {
    for (const p of [A1, A2, C1, { latitude: 50.066, longitude: -5.715 }, { latitude: 58.64, longitude: -3.07 }, { latitude: 51.5007, longitude: -0.1246 }]) {
      const { rows: [sql] } = await t.db.query(`SELECT easting, northing FROM wgs84_to_bng($1, $2)`, [p.latitude, p.longitude]);
      const ts = wgs84ToGrid(p);
      expect(Math.abs(sql.easting - ts.easting)).toBeLessThan(0.001);
      expect(Math.abs(sql.northing - ts.northing)).toBeLessThan(0.001);
    }
  });

  it('gives a GeoJSON FeatureCollection of cell polygons whose counts match the incidents in them', async () => {
    const res = await t.http().get(URL).query({ groupBy: 'grid', cellMetres: 500, from: FROM, format: 'geojson' }).set(auth(analyst)).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = JSON.parse(res.text);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.reduce((n: number, f: { properties: { count: number } }) => n + f.properties.count, 0)).toBe(7);
    const polygons = fc.features.filter((f: { geometry: unknown }) => f.geometry !== null);
    expect(polygons).toHaveLength(3);
    expect(fc.features.filter((f: { geometry: unknown }) => f.geometry === null)).toEqual([{ type: 'Feature', geometry: null, properties: { key: null, count: 3 } }]);
    for (const f of polygons) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Polygon');
      const ring: [number, number][] = f.geometry.coordinates[0];
      expect(ring).toHaveLength(5);
      expect(ring[4]).toEqual(ring[0]);
      // the incidents inside the cell's ring (longitude, latitude) are the cell's count
      const lons = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      const inside = LOCATED.filter((p) => p.longitude > Math.min(...lons) && p.longitude < Math.max(...lons) && p.latitude > Math.min(...lats) && p.latitude < Math.max(...lats));
      expect(inside.length).toBe(f.properties.count);
      // a 500 m cell is about 0.0045 degrees of latitude tall
      expect(Math.max(...lats) - Math.min(...lats)).toBeGreaterThan(0.004);
      expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(0.005);
      expect(f.properties).toEqual({ key: expect.stringMatching(/^\d+:\d+$/), count: expect.any(Number), easting: expect.any(Number), northing: expect.any(Number), cellMetres: 500 });
    }
    // Accept: application/geo+json asks for the same
    const viaAccept = await t.http().get(URL).query({ groupBy: 'grid', from: FROM }).set({ ...auth(analyst), Accept: 'application/geo+json' }).expect(200);
    expect(JSON.parse(viaAccept.text).features).toEqual(fc.features);
  });

  it('logs no error after a GeoJSON answer (it once serialised the response object: "Converting circular structure to JSON")', async () => {
    for (const format of ['geojson', 'json', 'csv']) await t.http().get(URL).query({ groupBy: 'npa', from: FROM, format }).set(auth(analyst)).expect(200);
    await t.http().get(URL).query({ groupBy: 'npa', from: FROM }).set({ ...auth(analyst), Accept: 'application/geo+json' }).expect(200);
    // the error came after the answer: let the API finish writing what it logs
    await t.http().get('/health/live').expect(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(t.apiOutput()).not.toMatch(/circular/i);
    const errors = t.apiOutput().split('\n').filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toEqual([]);
  });

  it('gives NPA and postcode groupings as points at the mean position, or null geometry without coordinates', async () => {
    const res = await t.http().get(URL).query({ groupBy: 'postcode_sector', from: FROM, format: 'geojson' }).set(auth(analyst)).expect(200);
    const fc = JSON.parse(res.text);
    expect(fc).toMatchObject({ type: 'FeatureCollection', groupBy: 'postcode_sector', incidents: 7 });
    expect(fc.features).toEqual([
      { type: 'Feature', geometry: { type: 'Point', coordinates: [A1.longitude, A1.latitude] }, properties: { key: 'LE11 3', count: 2 } },
      { type: 'Feature', geometry: null, properties: { key: 'LE11 2', count: 1 } },
      { type: 'Feature', geometry: null, properties: { key: 'LE12 9', count: 1 } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [C1.longitude, C1.latitude] }, properties: { key: 'LE19 1', count: 1 } },
      { type: 'Feature', geometry: null, properties: { key: null, count: 2 } },
    ]);
  });

  it('gives CSV', async () => {
    const res = await t.http().get(URL).query({ groupBy: 'postcode_district', from: FROM, format: 'csv' }).set(auth(analyst)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('key,count,latitude,longitude');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['LE11,3', 'LE12,1', 'LE19,1', ',2']);
    const grid = await t.http().get(URL).query({ groupBy: 'grid', from: FROM }).set({ ...auth(analyst), Accept: 'text/csv' }).expect(200);
    expect(grid.text.trim().split('\r\n').slice(1).map((l) => Number(l.split(',')[1]))).toEqual([2, 1, 1, 3]);
  });

  it('counts only the cases a supervisor\'s organisation can see, and applies the NPA filter', async () => {
    expect(rows(await t.http().get(URL).query({ from: FROM }).set(auth(sup)).expect(200))).toEqual([{ key: 'NL', count: 6 }]);
    expect(rows(await t.http().get(URL).query({ from: FROM }).set(auth(blabySup)).expect(200))).toEqual([{ key: 'NH', count: 1 }]);
    expect(rows(await t.http().get(URL).query({ from: FROM, npaCode: 'NH', groupBy: 'postcode_sector' }).set(auth(analyst)).expect(200))).toEqual([{ key: 'LE19 1', count: 1 }]);
    expect(rows(await t.http().get(URL).query({ from: daysAgo(12), to: daysAgo(11) }).set(auth(analyst)).expect(200))).toEqual([{ key: 'NL', count: 1 }]);
  });

  it('refuses cell sizes outside 50 to 50,000 metres and other bad parameters with 400; caseworkers with 403', async () => {
    for (const query of [
      { groupBy: 'grid', cellMetres: 49 },
      { groupBy: 'grid', cellMetres: 50001 },
      { groupBy: 'grid', cellMetres: 'abc' },
      { groupBy: 'grid', cellMetres: 120.5 },
      { groupBy: 'npa', cellMetres: 500 },
      { groupBy: 'county' },
      { format: 'xml' },
      { npaCode: 'XX' },
      { from: daysAgo(1), to: daysAgo(2) },
    ]) {
      const res = await t.http().get(URL).query(query).set(auth(analyst));
      expectError(res, 400, 'VALIDATION_FAILED');
    }
    const bad = await t.http().get(URL).query({ groupBy: 'grid', cellMetres: 49 }).set(auth(analyst));
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['cellMetres']);
    expectError(await t.http().get(URL).set(auth(cw)), 403, 'FORBIDDEN');
  });
});
