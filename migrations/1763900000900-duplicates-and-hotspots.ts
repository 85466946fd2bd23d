import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Likely duplicate profiles, merging, and hotspot grid cells (DOMAIN.md
 * sections 3, 5 and 11).
 *
 * - `person_name_key(first, last)`: a person's name normalised for the
 *   "same name and date of birth" rule (lower case, letters and digits only:
 *   "Mary-Ann O'Brien" and "MARYANN OBRIEN" are one key), and the expression
 *   index that finds the profiles sharing it and a date of birth. The "similar
 *   name and same postcode" rule uses people_postcode_prefix (equality on a
 *   text_pattern_ops index) and pg_trgm's similarity on the few rows found.
 * - Indexes on every person column a merge rewrites, so a merge is index
 *   lookups and not scans of the history tables.
 * - `wgs84_to_bng(latitude, longitude)`: WGS84 to British National Grid
 *   metres (EPSG:27700; Helmert to OSGB36 then Transverse Mercator, as in
 *   libs/reports/src/hotspots/british-national-grid.ts, which a test checks
 *   this against), so the hotspot grid is one set-based query.
 */
export class DuplicatesAndHotspots1763900000900 implements MigrationInterface {
  name = 'DuplicatesAndHotspots1763900000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION person_name_key(first_name text, last_name text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT regexp_replace(lower(coalesce(first_name, '') || coalesce(last_name, '')), '[^[:alnum:]]+', '', 'g') $$`);
    await q.query(`
      CREATE INDEX people_name_key_dob_idx ON people (person_name_key(first_name, last_name), date_of_birth)
        WHERE merged_into IS NULL AND kind = 'person' AND date_of_birth IS NOT NULL`);
    // Profiles merged earlier into one being merged now are repointed to the kept one.
    await q.query(`CREATE INDEX people_merged_into_idx ON people (merged_into) WHERE merged_into IS NOT NULL`);

    // What a merge rewrites, found by person. The incidents index is the one feat/escalation makes for
    // ASB Case Review complaints (same name and definition), so whichever migration runs first makes it.
    await q.query(`CREATE INDEX IF NOT EXISTS incidents_reported_by_idx ON incidents (reported_by_person_id, reported_at) WHERE reported_by_person_id IS NOT NULL`);
    await q.query(`CREATE INDEX risk_assessments_person_idx ON risk_assessments (person_id) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX victim_updates_person_idx ON victim_updates (person_id)`);
    await q.query(`CREATE INDEX victim_first_referrals_person_idx ON victim_first_referrals (person_id)`);

    await q.query(`
      CREATE FUNCTION wgs84_to_bng(latitude double precision, longitude double precision, OUT easting double precision, OUT northing double precision)
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        -- WGS84 and Airy 1830 ellipsoids; the National Grid's true origin (OS guide, annexes A and C)
        wa CONSTANT double precision := 6378137.0;
        wb CONSTANT double precision := 6356752.314245;
        aa CONSTANT double precision := 6377563.396;
        ab CONSTANT double precision := 6356256.909;
        f0 CONSTANT double precision := 0.9996012717;
        lat0 CONSTANT double precision := radians(49);
        lon0 CONSTANT double precision := radians(-2);
        -- Helmert WGS84 -> OSGB36 (OS guide, table 6)
        s CONSTANT double precision := 20.4894e-6;
        rx CONSTANT double precision := -0.1502 * pi() / 648000;
        ry CONSTANT double precision := -0.2470 * pi() / 648000;
        rz CONSTANT double precision := -0.8421 * pi() / 648000;
        we2 double precision := 1 - wb * wb / (wa * wa);
        ae2 double precision := 1 - ab * ab / (aa * aa);
        n double precision := (aa - ab) / (aa + ab);
        phi double precision := radians(latitude);
        lam double precision := radians(longitude);
        nu double precision; rho double precision; eta2 double precision; m double precision;
        x double precision; y double precision; z double precision;
        x2 double precision; y2 double precision; z2 double precision; p double precision; prev double precision;
        sinp double precision; cosp double precision; tan2 double precision; l double precision;
      BEGIN
        nu := wa / sqrt(1 - we2 * sin(phi) ^ 2);
        x := nu * cos(phi) * cos(lam);
        y := nu * cos(phi) * sin(lam);
        z := (1 - we2) * nu * sin(phi);
        x2 := -446.448 + (1 + s) * x - rz * y + ry * z;
        y2 := 125.157 + rz * x + (1 + s) * y - rx * z;
        z2 := -542.060 - ry * x + rx * y + (1 + s) * z;
        p := sqrt(x2 ^ 2 + y2 ^ 2);
        phi := atan2(z2, p * (1 - ae2));
        FOR i IN 1..10 LOOP
          prev := phi;
          nu := aa / sqrt(1 - ae2 * sin(phi) ^ 2);
          phi := atan2(z2 + ae2 * nu * sin(phi), p);
          EXIT WHEN abs(phi - prev) < 1e-12;
        END LOOP;
        lam := atan2(y2, x2);

        sinp := sin(phi);
        cosp := cos(phi);
        tan2 := tan(phi) ^ 2;
        nu := aa * f0 / sqrt(1 - ae2 * sinp ^ 2);
        rho := aa * f0 * (1 - ae2) / (1 - ae2 * sinp ^ 2) ^ 1.5;
        eta2 := nu / rho - 1;
        m := ab * f0 * (
              (1 + n + 1.25 * n ^ 2 + 1.25 * n ^ 3) * (phi - lat0)
            - (3 * n + 3 * n ^ 2 + 2.625 * n ^ 3) * sin(phi - lat0) * cos(phi + lat0)
            + (1.875 * n ^ 2 + 1.875 * n ^ 3) * sin(2 * (phi - lat0)) * cos(2 * (phi + lat0))
            - (35.0 / 24) * n ^ 3 * sin(3 * (phi - lat0)) * cos(3 * (phi + lat0)));
        l := lam - lon0;
        northing := m - 100000
          + (nu / 2) * sinp * cosp * l ^ 2
          + (nu / 24) * sinp * cosp ^ 3 * (5 - tan2 + 9 * eta2) * l ^ 4
          + (nu / 720) * sinp * cosp ^ 5 * (61 - 58 * tan2 + tan2 ^ 2) * l ^ 6;
        easting := 400000
          + nu * cosp * l
          + (nu / 6) * cosp ^ 3 * (nu / rho - tan2) * l ^ 3
          + (nu / 120) * cosp ^ 5 * (5 - 18 * tan2 + tan2 ^ 2 + 14 * eta2 - 58 * tan2 * eta2) * l ^ 5;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS wgs84_to_bng(double precision, double precision)`);
    for (const i of ['victim_first_referrals_person_idx', 'victim_updates_person_idx', 'risk_assessments_person_idx', 'people_merged_into_idx', 'people_name_key_dob_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${i}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS person_name_key(text, text)`);
  }
}
