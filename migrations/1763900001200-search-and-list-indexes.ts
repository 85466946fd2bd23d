import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes found by the benchmark (bench/README.md), for the operations whose
 * cost grew with the data:
 * - people by postcode district or sector, in name order: the search walks
 *   one page of the area instead of sorting everyone who lives there;
 * - open cases by reference: the missing-risk-assessment list walks open cases
 *   in its own order and stops when its page is full.
 */
export class SearchAndListIndexes1763900001200 implements MigrationInterface {
  name = 'SearchAndListIndexes1763900001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX people_postcode_district_name_idx ON people (split_part(postcode, ' ', 1), lower(display_name), id) WHERE merged_into IS NULL`);
    await q.query(`CREATE INDEX people_postcode_sector_name_idx ON people (left(postcode, -2), lower(display_name), id) WHERE merged_into IS NULL`);
    await q.query(`CREATE INDEX cases_open_reference_idx ON cases (reference) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_open_reference_idx`);
    await q.query(`DROP INDEX IF EXISTS people_postcode_sector_name_idx`);
    await q.query(`DROP INDEX IF EXISTS people_postcode_district_name_idx`);
  }
}
