/**
 * The British National Grid (EPSG:27700) for hotspot grid cells, after the
 * Ordnance Survey's "A guide to coordinate systems in Great Britain"
 * (annexes B and C): WGS84 latitude/longitude to OSGB36 by the 7-parameter
 * Helmert transformation, then the Transverse Mercator projection on the Airy
 * 1830 ellipsoid; and back. The Helmert step is good to about 5 m against
 * OSTN15 (the OS's rubber-sheet transformation, which needs a grid file),
 * ample for cells of 50 m and more. Pure: no Nest, no database.
 *
 * The forward direction is also written in SQL (`wgs84_to_bng` in migration
 * 1763900000900) so incidents are bucketed in one set-based query; a test
 * checks the two agree. This file turns cell corners back into the
 * longitude/latitude a web map draws.
 */

const AIRY_1830 = { a: 6377563.396, b: 6356256.909 };
const WGS84 = { a: 6378137.0, b: 6356752.314245 };

/** The National Grid's true origin and scale on the central meridian. */
const F0 = 0.9996012717;
const LAT0 = deg(49);
const LON0 = deg(-2);
const E0 = 400000;
const N0 = -100000;

/** WGS84 to OSGB36 (OS guide, table 6): translations in metres, scale in ppm, rotations in arc seconds. */
const HELMERT = { tx: -446.448, ty: 125.157, tz: -542.06, s: 20.4894, rx: -0.1502, ry: -0.247, rz: -0.8421 };

export interface LatLon {
  latitude: number;
  longitude: number;
}

export interface GridPoint {
  easting: number;
  northing: number;
}

function deg(d: number): number {
  return (d * Math.PI) / 180;
}

function toDeg(r: number): number {
  return (r * 180) / Math.PI;
}

interface Ellipsoid {
  a: number;
  b: number;
}

function eccentricitySquared(el: Ellipsoid): number {
  return 1 - (el.b * el.b) / (el.a * el.a);
}

/** Geodetic latitude/longitude (radians, height 0) to earth-centred cartesian coordinates. */
function toCartesian(lat: number, lon: number, el: Ellipsoid): [number, number, number] {
  const e2 = eccentricitySquared(el);
  const nu = el.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [nu * Math.cos(lat) * Math.cos(lon), nu * Math.cos(lat) * Math.sin(lon), (1 - e2) * nu * Math.sin(lat)];
}

/** Cartesian to geodetic latitude/longitude (radians), iterating latitude to well under a millimetre. */
function fromCartesian([x, y, z]: [number, number, number], el: Ellipsoid): [number, number] {
  const e2 = eccentricitySquared(el);
  const p = Math.sqrt(x * x + y * y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const nu = el.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    const next = Math.atan2(z + e2 * nu * Math.sin(lat), p);
    if (Math.abs(next - lat) < 1e-12) return [next, Math.atan2(y, x)];
    lat = next;
  }
  return [lat, Math.atan2(y, x)];
}

/** The Helmert transformation, forwards (WGS84 to OSGB36) or its inverse. */
function helmert([x, y, z]: [number, number, number], inverse: boolean): [number, number, number] {
  const k = inverse ? -1 : 1;
  const arcsec = Math.PI / (180 * 3600);
  const [tx, ty, tz] = [k * HELMERT.tx, k * HELMERT.ty, k * HELMERT.tz];
  const s = (k * HELMERT.s) / 1e6;
  const [rx, ry, rz] = [k * HELMERT.rx * arcsec, k * HELMERT.ry * arcsec, k * HELMERT.rz * arcsec];
  return [tx + (1 + s) * x - rz * y + ry * z, ty + rz * x + (1 + s) * y - rx * z, tz - ry * x + rx * y + (1 + s) * z];
}

/** The meridional arc from the true origin's latitude to `lat` (OS guide C.1, scaled by F0). */
function meridionalArc(lat: number): number {
  const { a, b } = AIRY_1830;
  const n = (a - b) / (a + b);
  const [n2, n3] = [n * n, n * n * n];
  const d = lat - LAT0;
  const s = lat + LAT0;
  return (
    b *
    F0 *
    ((1 + n + (5 / 4) * n2 + (5 / 4) * n3) * d -
      (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(d) * Math.cos(s) +
      ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * d) * Math.cos(2 * s) -
      (35 / 24) * n3 * Math.sin(3 * d) * Math.cos(3 * s))
  );
}

function radii(lat: number): { nu: number; rho: number; eta2: number } {
  const { a } = AIRY_1830;
  const e2 = eccentricitySquared(AIRY_1830);
  const w = 1 - e2 * Math.sin(lat) ** 2;
  const nu = (a * F0) / Math.sqrt(w);
  const rho = (a * F0 * (1 - e2)) / w ** 1.5;
  return { nu, rho, eta2: nu / rho - 1 };
}

/** OSGB36 latitude/longitude (degrees) to National Grid easting/northing (OS guide C.1). */
export function osgb36ToGrid({ latitude, longitude }: LatLon): GridPoint {
  const lat = deg(latitude);
  const { nu, rho, eta2 } = radii(lat);
  const [sin, cos, tan] = [Math.sin(lat), Math.cos(lat), Math.tan(lat)];
  const tan2 = tan * tan;
  const I = meridionalArc(lat) + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos ** 3 * (5 - tan2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos ** 5 * (61 - 58 * tan2 + tan2 * tan2);
  const IV = nu * cos;
  const V = (nu / 6) * cos ** 3 * (nu / rho - tan2);
  const VI = (nu / 120) * cos ** 5 * (5 - 18 * tan2 + tan2 * tan2 + 14 * eta2 - 58 * tan2 * eta2);
  const l = deg(longitude) - LON0;
  return {
    easting: E0 + IV * l + V * l ** 3 + VI * l ** 5,
    northing: I + II * l ** 2 + III * l ** 4 + IIIA * l ** 6,
  };
}

/** National Grid easting/northing to OSGB36 latitude/longitude in degrees (OS guide C.2). */
export function gridToOsgb36({ easting, northing }: GridPoint): LatLon {
  const { a } = AIRY_1830;
  let lat = (northing - N0) / (a * F0) + LAT0;
  let m = meridionalArc(lat);
  for (let i = 0; i < 20 && Math.abs(northing - N0 - m) >= 0.00001; i++) {
    lat += (northing - N0 - m) / (a * F0);
    m = meridionalArc(lat);
  }
  const { nu, rho, eta2 } = radii(lat);
  const tan = Math.tan(lat);
  const [tan2, tan4, tan6] = [tan ** 2, tan ** 4, tan ** 6];
  const sec = 1 / Math.cos(lat);
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu ** 3)) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
  const IX = (tan / (720 * rho * nu ** 5)) * (61 + 90 * tan2 + 45 * tan4);
  const X = sec / nu;
  const XI = (sec / (6 * nu ** 3)) * (nu / rho + 2 * tan2);
  const XII = (sec / (120 * nu ** 5)) * (5 + 28 * tan2 + 24 * tan4);
  const XIIA = (sec / (5040 * nu ** 7)) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6);
  const d = easting - E0;
  return {
    latitude: toDeg(lat - VII * d ** 2 + VIII * d ** 4 - IX * d ** 6),
    longitude: toDeg(LON0 + X * d - XI * d ** 3 + XII * d ** 5 - XIIA * d ** 7),
  };
}

/** WGS84 (GPS, web maps) latitude/longitude to OSGB36 latitude/longitude, degrees. */
export function wgs84ToOsgb36(p: LatLon): LatLon {
  const [lat, lon] = fromCartesian(helmert(toCartesian(deg(p.latitude), deg(p.longitude), WGS84), false), AIRY_1830);
  return { latitude: toDeg(lat), longitude: toDeg(lon) };
}

export function osgb36ToWgs84(p: LatLon): LatLon {
  const [lat, lon] = fromCartesian(helmert(toCartesian(deg(p.latitude), deg(p.longitude), AIRY_1830), true), WGS84);
  return { latitude: toDeg(lat), longitude: toDeg(lon) };
}

/** WGS84 latitude/longitude to National Grid metres. */
export function wgs84ToGrid(p: LatLon): GridPoint {
  return osgb36ToGrid(wgs84ToOsgb36(p));
}

/** National Grid metres to WGS84 latitude/longitude. */
export function gridToWgs84(p: GridPoint): LatLon {
  return osgb36ToWgs84(gridToOsgb36(p));
}
