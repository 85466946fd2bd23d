import { gridToOsgb36, gridToWgs84, osgb36ToGrid, wgs84ToGrid, wgs84ToOsgb36 } from './british-national-grid';

const dms = (d: number, m: number, s: number) => d + m / 60 + s / 3600;

/** The worked example of the OS guide (annex C): a point near Caister, Norfolk, on OSGB36. */
const OS_EXAMPLE = { latitude: dms(52, 39, 27.2531), longitude: dms(1, 43, 4.5177) };
const OS_EXAMPLE_GRID = { easting: 651409.903, northing: 313177.27 };
/** The same point on WGS84, as published with the OS Helmert parameters (C. Veness, "Convert between Lat/Long & OS Grid Ref"). */
const OS_EXAMPLE_WGS84 = { latitude: dms(52, 39, 28.723), longitude: dms(1, 42, 57.787) };

/** One metre of latitude is about 9e-6 degrees. */
const MM_IN_DEGREES = 9e-9;

describe('British National Grid', () => {
  it('projects the OS worked example to its published easting and northing, to the millimetre', () => {
    const p = osgb36ToGrid(OS_EXAMPLE);
    expect(Math.abs(p.easting - OS_EXAMPLE_GRID.easting)).toBeLessThan(0.001);
    expect(Math.abs(p.northing - OS_EXAMPLE_GRID.northing)).toBeLessThan(0.001);
  });

  it('inverts the OS worked example back to its latitude and longitude', () => {
    const p = gridToOsgb36(OS_EXAMPLE_GRID);
    expect(Math.abs(p.latitude - OS_EXAMPLE.latitude)).toBeLessThan(MM_IN_DEGREES);
    expect(Math.abs(p.longitude - OS_EXAMPLE.longitude)).toBeLessThan(2 * MM_IN_DEGREES);
  });

  it('moves a WGS84 point to OSGB36 with the OS Helmert parameters (the published pair agrees to a centimetre)', () => {
    const p = wgs84ToOsgb36(OS_EXAMPLE_WGS84);
    expect(Math.abs(p.latitude - OS_EXAMPLE.latitude)).toBeLessThan(10 * MM_IN_DEGREES);
    expect(Math.abs(p.longitude - OS_EXAMPLE.longitude)).toBeLessThan(20 * MM_IN_DEGREES);
    const g = wgs84ToGrid(OS_EXAMPLE_WGS84);
    expect(Math.abs(g.easting - OS_EXAMPLE_GRID.easting)).toBeLessThan(0.01);
    expect(Math.abs(g.northing - OS_EXAMPLE_GRID.northing)).toBeLessThan(0.01);
  });

  it('puts Loughborough town centre in grid square SK 5 1 (easting 45xxxx, northing 31xxxx)', () => {
    const g = wgs84ToGrid({ latitude: 52.7721, longitude: -1.2062 });
    expect(Math.floor(g.easting / 10000)).toBe(45);
    expect(Math.floor(g.northing / 10000)).toBe(31);
  });

  it('goes from WGS84 to the grid and back within a few millimetres anywhere in Great Britain', () => {
    for (const p of [
      { latitude: 50.066, longitude: -5.715 }, // Land's End
      { latitude: 58.64, longitude: -3.07 }, // John o' Groats
      { latitude: 52.6369, longitude: -1.1398 }, // Leicester
      { latitude: 51.5007, longitude: -0.1246 }, // Westminster
    ]) {
      const back = gridToWgs84(wgs84ToGrid(p));
      expect(Math.abs(back.latitude - p.latitude)).toBeLessThan(5 * MM_IN_DEGREES);
      expect(Math.abs(back.longitude - p.longitude)).toBeLessThan(10 * MM_IN_DEGREES);
    }
  });
});
