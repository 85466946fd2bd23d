import type { Rng } from './rng';
import { NPA_SHARES, NpaCode } from './proportions';

/**
 * Where demo cases happen: each NPA of the LLR seed split into towns and
 * districts with their real postcode districts, centre points, CSP and local
 * authority, so postcode searches, hotspot maps and CSP filters look right.
 */
export interface Area {
  npaCode: NpaCode;
  town: string;
  /** Postcode district (outward code). */
  outward: string;
  cspCode: string;
  localAuthorityCode: string;
  lat: number;
  lon: number;
  /** How far cases spread around the centre (degrees of latitude; longitude is scaled). */
  spread: number;
  weight: number;
}

const a = (npaCode: NpaCode, town: string, outward: string, cspCode: string, localAuthorityCode: string, lat: number, lon: number, weight: number, spread = 0.012): Area => ({
  npaCode, town, outward, cspCode, localAuthorityCode, lat, lon, weight, spread,
});

export const AREAS: readonly Area[] = [
  a('NL', 'Loughborough', 'LE11', 'CHARNWOOD', 'CHARNWOOD-BC', 52.771, -1.206, 55),
  a('NL', 'Shepshed', 'LE12', 'CHARNWOOD', 'CHARNWOOD-BC', 52.767, -1.296, 12, 0.008),
  a('NL', 'Sileby', 'LE12', 'CHARNWOOD', 'CHARNWOOD-BC', 52.731, -1.110, 11, 0.008),
  a('NL', 'Syston', 'LE7', 'CHARNWOOD', 'CHARNWOOD-BC', 52.700, -1.075, 14, 0.008),
  a('NL', 'Birstall', 'LE4', 'CHARNWOOD', 'CHARNWOOD-BC', 52.676, -1.120, 8, 0.006),
  a('NN', 'Coalville', 'LE67', 'NWL', 'NWL-DC', 52.723, -1.370, 45),
  a('NN', 'Ashby-de-la-Zouch', 'LE65', 'NWL', 'NWL-DC', 52.746, -1.474, 25, 0.009),
  a('NN', 'Castle Donington', 'DE74', 'NWL', 'NWL-DC', 52.843, -1.338, 12, 0.007),
  a('NN', 'Ibstock', 'LE67', 'NWL', 'NWL-DC', 52.688, -1.398, 10, 0.006),
  a('NN', 'Measham', 'DE12', 'NWL', 'NWL-DC', 52.705, -1.508, 8, 0.006),
  a('NE', 'Leicester', 'LE5', 'LEICESTER', 'LEICESTER-CC', 52.638, -1.085, 55, 0.010),
  a('NE', 'Leicester', 'LE4', 'LEICESTER', 'LEICESTER-CC', 52.662, -1.110, 45, 0.009),
  a('NS', 'Leicester', 'LE2', 'LEICESTER', 'LEICESTER-CC', 52.608, -1.122, 70, 0.010),
  a('NS', 'Leicester', 'LE3', 'LEICESTER', 'LEICESTER-CC', 52.611, -1.162, 30, 0.008),
  a('NW', 'Leicester', 'LE3', 'LEICESTER', 'LEICESTER-CC', 52.630, -1.180, 60, 0.010),
  a('NW', 'Leicester', 'LE4', 'LEICESTER', 'LEICESTER-CC', 52.670, -1.165, 40, 0.008),
  a('NC', 'Leicester', 'LE1', 'LEICESTER', 'LEICESTER-CC', 52.635, -1.133, 55, 0.006),
  a('NC', 'Leicester', 'LE2', 'LEICESTER', 'LEICESTER-CC', 52.626, -1.112, 45, 0.007),
  a('NA', 'Market Harborough', 'LE16', 'HARBOROUGH', 'HARBOROUGH-DC', 52.477, -0.921, 30, 0.010),
  a('NA', 'Lutterworth', 'LE17', 'HARBOROUGH', 'HARBOROUGH-DC', 52.455, -1.200, 15, 0.008),
  a('NA', 'Oadby', 'LE2', 'OADBY-WIGSTON', 'OADBY-WIGSTON-BC', 52.600, -1.080, 25, 0.007),
  a('NA', 'Wigston', 'LE18', 'OADBY-WIGSTON', 'OADBY-WIGSTON-BC', 52.585, -1.105, 30, 0.007),
  a('NH', 'Hinckley', 'LE10', 'HINCKLEY', 'HINCKLEY-BBC', 52.541, -1.373, 38),
  a('NH', 'Earl Shilton', 'LE9', 'HINCKLEY', 'HINCKLEY-BBC', 52.573, -1.310, 16, 0.008),
  a('NH', 'Market Bosworth', 'CV13', 'HINCKLEY', 'HINCKLEY-BBC', 52.625, -1.400, 6, 0.008),
  a('NH', 'Whetstone', 'LE8', 'BLABY', 'BLABY-DC', 52.567, -1.165, 14, 0.008),
  a('NH', 'Enderby', 'LE19', 'BLABY', 'BLABY-DC', 52.590, -1.205, 16, 0.008),
  a('NH', 'Glenfield', 'LE3', 'BLABY', 'BLABY-DC', 52.647, -1.210, 10, 0.006),
  a('NM', 'Melton Mowbray', 'LE13', 'MELTON', 'MELTON-BC', 52.765, -0.887, 50, 0.010),
  a('NM', 'Asfordby', 'LE14', 'MELTON', 'MELTON-BC', 52.772, -0.950, 12, 0.010),
  a('NM', 'Oakham', 'LE15', 'RUTLAND', 'RUTLAND-CC', 52.670, -0.727, 20, 0.008),
  a('NM', 'Uppingham', 'LE15', 'RUTLAND', 'RUTLAND-CC', 52.588, -0.721, 8, 0.006),
  a('NM', 'Ketton', 'PE9', 'RUTLAND', 'RUTLAND-CC', 52.628, -0.553, 10, 0.008),
];

/** Leicester, Leicestershire and Rutland, generously: every demo point falls inside. */
export const LLR_BOUNDS = { minLat: 52.39, maxLat: 52.98, minLon: -1.6, maxLon: -0.43 } as const;

const AREAS_BY_NPA = new Map<NpaCode, Area[]>();
for (const area of AREAS) AREAS_BY_NPA.set(area.npaCode, [...(AREAS_BY_NPA.get(area.npaCode) ?? []), area]);

export function pickArea(rng: Rng): Area {
  const npa = rng.weighted(NPA_SHARES);
  const areas = AREAS_BY_NPA.get(npa)!;
  let x = rng.next() * areas.reduce((s, ar) => s + ar.weight, 0);
  for (const ar of areas) {
    x -= ar.weight;
    if (x < 0) return ar;
  }
  return areas[areas.length - 1];
}

/** Letters of the inward code: never C, I, K, M, O or V. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export function postcodeIn(rng: Rng, area: Area): string {
  return `${area.outward} ${rng.int(0, 9)}${rng.pick([...INWARD_LETTERS])}${rng.pick([...INWARD_LETTERS])}`;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A point around the area's centre (normal spread), inside LLR. */
export function pointIn(rng: Rng, area: Area): { latitude: number; longitude: number } {
  return near(area.lat + rng.normal() * area.spread, area.lon + rng.normal() * area.spread * 1.6);
}

/** A point within about `metres` of the given one, inside LLR. */
export function pointNear(rng: Rng, lat: number, lon: number, metres = 150): { latitude: number; longitude: number } {
  const d = metres / 111_000;
  return near(lat + rng.between(-d, d), lon + rng.between(-d, d) * 1.6);
}

function near(lat: number, lon: number) {
  return {
    latitude: round6(clamp(lat, LLR_BOUNDS.minLat, LLR_BOUNDS.maxLat)),
    longitude: round6(clamp(lon, LLR_BOUNDS.minLon, LLR_BOUNDS.maxLon)),
  };
}
