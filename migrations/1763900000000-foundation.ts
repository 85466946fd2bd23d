import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: organisations and areas, users and API clients, people,
 * cases with their parties and shares, incidents with their victims, external
 * references, and the append-only audit trail.
 */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        code text NOT NULL CHECK (code ~ '^[A-Z0-9-]{1,16}$'),
        kind text NOT NULL CHECK (kind IN ('police','local_authority','housing','youth_justice','health','fire','probation','victim_service','other')),
        can_issue_cpn boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_code_key ON organisations (code)`);
    await q.query(`CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name))`);

    await q.query(`
      CREATE TABLE csps (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{1,16}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE npas (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{1,16}$'),
        name text NOT NULL,
        default_csp_code text NOT NULL REFERENCES csps(code),
        notification_emails text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        password_hash text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin','supervisor','caseworker','analyst']::text[]),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await q.query(`CREATE INDEX users_organisation_idx ON users (organisation_id)`);

    await q.query(`
      CREATE TABLE api_clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        client_id text NOT NULL,
        secret_hash text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX api_clients_client_id_key ON api_clients (client_id)`);

    await q.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('person','organisation')),
        first_name text,
        last_name text,
        organisation_name text,
        display_name text GENERATED ALWAYS AS (
          CASE WHEN kind = 'organisation' THEN coalesce(organisation_name, '')
               ELSE btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) END) STORED,
        date_of_birth date,
        gender text CHECK (gender IN ('female','male','non_binary','not_known')),
        ethnicity text,
        address_line1 text,
        address_line2 text,
        town text,
        postcode text CHECK (postcode ~ '^[A-Z0-9]{2,4} [0-9][A-Z]{2}$'),
        address_search tsvector GENERATED ALWAYS AS (
          to_tsvector('simple', coalesce(address_line1, '') || ' ' || coalesce(address_line2, '') || ' ' || coalesce(town, ''))) STORED,
        phone text,
        email text,
        vulnerabilities text[] NOT NULL DEFAULT '{}',
        owner_organisation_id uuid NOT NULL REFERENCES organisations(id),
        merged_into uuid REFERENCES people(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'person' OR last_name IS NOT NULL),
        CHECK (kind <> 'organisation' OR organisation_name IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX people_display_name_trgm ON people USING gin (lower(display_name) gin_trgm_ops)`);
    await q.query(`CREATE INDEX people_postcode_prefix ON people (postcode text_pattern_ops)`);
    await q.query(`CREATE INDEX people_date_of_birth_idx ON people (date_of_birth)`);
    await q.query(`CREATE INDEX people_address_search ON people USING gin (address_search)`);
    await q.query(`CREATE INDEX people_owner_idx ON people (owner_organisation_id)`);

    await q.query(`
      CREATE TABLE case_reference_counters (
        year integer PRIMARY KEY,
        last_value integer NOT NULL
      )`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        title text NOT NULL,
        description text,
        category text NOT NULL CHECK (category IN ('personal','nuisance','environmental')),
        type text NOT NULL,
        aggravating_factors text[] NOT NULL DEFAULT '{}',
        address text,
        postcode text CHECK (postcode ~ '^[A-Z0-9]{2,4} [0-9][A-Z]{2}$'),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        npa_code text NOT NULL REFERENCES npas(code),
        csp_code text NOT NULL REFERENCES csps(code),
        lead_organisation_id uuid NOT NULL REFERENCES organisations(id),
        officer_in_charge_id uuid REFERENCES users(id),
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        close_outcome text,
        review_due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX cases_reference_key ON cases (reference)`);
    await q.query(`CREATE INDEX cases_lead_opened_idx ON cases (lead_organisation_id, opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_opened_idx ON cases (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_npa_status_idx ON cases (npa_code, status)`);
    await q.query(`CREATE INDEX cases_open_review_due_idx ON cases (review_due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX cases_officer_idx ON cases (officer_in_charge_id)`);
    await q.query(`CREATE INDEX cases_postcode_prefix ON cases (postcode text_pattern_ops)`);
    await q.query(`CREATE INDEX cases_title_trgm ON cases USING gin (lower(title) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE case_shares (
        case_id uuid NOT NULL REFERENCES cases(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        shared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX case_shares_organisation_idx ON case_shares (organisation_id, case_id)`);

    await q.query(`
      CREATE TABLE case_parties (
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES people(id),
        role text NOT NULL CHECK (role IN ('victim','perpetrator','witness')),
        update_frequency_days integer CHECK (update_frequency_days BETWEEN 1 AND 365),
        update_method text CHECK (update_method IN ('phone','email','letter','in_person','text_message')),
        updates_declined boolean NOT NULL DEFAULT false,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, role, person_id)
      )`);
    await q.query(`CREATE INDEX case_parties_person_idx ON case_parties (person_id, case_id)`);

    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        occurred_at timestamptz NOT NULL,
        reported_at timestamptz NOT NULL,
        description text NOT NULL,
        reported_by_person_id uuid REFERENCES people(id),
        address text,
        postcode text CHECK (postcode ~ '^[A-Z0-9]{2,4} [0-9][A-Z]{2}$'),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        recorded_by_kind text NOT NULL,
        recorded_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX incidents_case_occurred_idx ON incidents (case_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX incidents_occurred_idx ON incidents (occurred_at)`);

    // occurred_at is copied here so the repeat-victim count is an index-only scan.
    await q.query(`
      CREATE TABLE incident_victims (
        incident_id uuid NOT NULL REFERENCES incidents(id),
        person_id uuid NOT NULL REFERENCES people(id),
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (incident_id, person_id)
      )`);
    await q.query(`CREATE INDEX incident_victims_person_occurred_idx ON incident_victims (person_id, occurred_at)`);

    await q.query(`
      CREATE TABLE external_refs (
        entity_type text NOT NULL CHECK (entity_type IN ('person','case','incident')),
        entity_id uuid NOT NULL,
        system text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (entity_type, system, value)
      )`);
    await q.query(`CREATE INDEX external_refs_entity_idx ON external_refs (entity_id)`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('user','client','system')),
        actor_id uuid,
        organisation_id uuid,
        request_id text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid,
        case_id uuid,
        details jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id)`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id)`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_events', 'external_refs', 'incident_victims', 'incidents', 'case_parties', 'case_shares', 'cases', 'case_reference_counters', 'people', 'api_clients', 'users', 'npas', 'csps', 'organisations']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS audit_events_append_only()`);
  }
}
