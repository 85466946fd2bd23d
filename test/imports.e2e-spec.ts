import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { bullConnection, QueueName } from '@asb/core/jobs/queues';
import { count } from './support/cases-fixtures';
import { insertPerson } from './support/fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

/**
 * Bulk import of NDJSON case bundles (API.md "Jobs, integration, audit"): the
 * API takes the file, the worker runs it line by line, each bundle all or
 * nothing, found again by its external references on a second import.
 */

const DAY = 24 * 60 * 60 * 1000;
const NDJSON = 'application/x-ndjson';
// A 1,000-line file takes the worker a while; the polls below wait for it.
jest.setTimeout(240_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bundles are JSON, built freely by the tests
type Json = Record<string, any>;

const ref = (value: string, system = 'LEGACY') => ({ system, value });
const NO_VICTIM_ANSWERS = { V1: false, V2: false, V3: false, V4: false, V6: false, V7: false, V8: false, V9: false, V10: false, V11: false, V12: false };
const NO_CASE_ANSWERS = { C1: false, C2: false, C3: false, C4: false, C6: false, C7: false, C8: false };

describe('imports', () => {
  let t: TestApp;
  let partner: string;
  let policePartner: string;
  let caseworker: TestUser;
  let analyst: TestUser;
  const now = Date.now();
  const at = (daysAgo: number, hours = 0) => new Date(now - daysAgo * DAY + hours * 3600_000).toISOString();

  /**
   * A bundle: a case, its victim and perpetrator, one incident affecting the
   * victim, and a victim and a case assessment. The victim assessment answers
   * V1 and V2 yes (3 + 3 = 6: medium); the case assessment nothing (standard).
   */
  const bundle = (key: string, over: Json = {}): Json => ({
    case: {
      title: `Imported case ${key}`,
      category: 'nuisance',
      type: 'youth_rowdy_inconsiderate',
      location: { address: 'Queens Park, Loughborough', postcode: 'le11 2tq' },
      npaCode: 'NL',
      openedAt: at(60),
      externalRefs: [ref(`C-${key}`)],
      ...over.case,
    },
    people: over.people ?? [
      { role: 'victim', person: { kind: 'person', firstName: 'Vera', lastName: `Victim-${key}`, address: { line1: '1 Park Road', postcode: 'le113qf' }, externalRefs: [ref(`V-${key}`)] } },
      { role: 'perpetrator', person: { kind: 'person', firstName: 'Pat', lastName: `Perp-${key}`, externalRefs: [ref(`X-${key}`)] } },
    ],
    incidents: over.incidents ?? [{ occurredAt: at(30), description: 'Shouting in the park', victimExternalRefs: [ref(`V-${key}`)], externalRefs: [ref(`I-${key}`, 'STORM')] }],
    riskAssessments: over.riskAssessments ?? [
      { subject: 'victim', personExternalRef: ref(`V-${key}`), answers: { ...NO_VICTIM_ANSWERS, V1: true, V2: true }, assessedAt: at(20) },
      { subject: 'case', answers: NO_CASE_ANSWERS, assessedAt: at(20, 1) },
    ],
  });
  const ndjson = (lines: (Json | string)[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

  const upload = (token: string, body: string | Buffer, type = NDJSON) => t.http().post('/api/v1/imports').set('Authorization', `Bearer ${token}`).set('Content-Type', type).send(body);
  const status = (token: string, id: string) => t.http().get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${token}`);

  /** Polls until the import completes; returns the final status and every status seen on the way. */
  async function waitForImport(token: string, id: string): Promise<{ final: Json; seen: Json[] }> {
    const seen: Json[] = [];
    const deadline = Date.now() + 200_000;
    while (Date.now() < deadline) {
      const res = await status(token, id).expect(200);
      seen.push(res.body);
      if (res.body.status === 'completed') return { final: res.body, seen };
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`import ${id} did not complete: ${JSON.stringify(seen.at(-1))}`);
  }

  async function importFile(token: string, body: string): Promise<{ id: string; final: Json; seen: Json[]; requestId: string }> {
    const res = await upload(token, body).expect(202);
    return { id: res.body.importId, requestId: res.headers['x-request-id'], ...(await waitForImport(token, res.body.importId)) };
  }

  async function apiClientToken(orgCode: string, name: string): Promise<{ token: string; id: string }> {
    const made = await t.http().post('/api/v1/api-clients').set('Authorization', `Bearer ${t.adminToken}`).send({ name, organisationId: t.orgs[orgCode] }).expect(201);
    const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: made.body.clientId, client_secret: made.body.clientSecret }).expect(200);
    return { token: tok.body.access_token, id: made.body.id };
  }

  const TABLES = ['cases', 'people', 'case_parties', 'incidents', 'incident_victims', 'risk_assessments', 'external_refs'];
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await count(t, table)])));
  const holder = async (entityType: string, value: string, system = 'LEGACY') =>
    (await t.db.query(`SELECT entity_id FROM external_refs WHERE entity_type = $1 AND system = $2 AND value = $3`, [entityType, system, value])).rows[0]?.entity_id as string | undefined;

  let partnerClientId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.startWorker();
    const charnwood = await apiClientToken('CHARNWOOD-BC', 'Legacy ASB system');
    partner = charnwood.token;
    partnerClientId = charnwood.id;
    policePartner = (await apiClientToken('LEICS-POLICE', 'STORM')).token;
    caseworker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    analyst = await t.createUser('CHARNWOOD-BC', ['analyst']);
  });

  afterAll(async () => {
    await t?.close(); // stops the worker first
    const { prefix, connection } = bullConnection(t.env.REDIS_URL, t.env.QUEUE_PREFIX);
    const queue = new Queue(QueueName.Imports, { prefix, connection });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  describe('a 1,000-line file from a partner system', () => {
    const file = ndjson(Array.from({ length: 1000 }, (_, i) => bundle(`K${i + 1}`)));
    let before: Record<string, number>;
    let first: Awaited<ReturnType<typeof importFile>>;

    beforeAll(async () => {
      before = await counts();
      first = await importFile(partner, file);
    });

    it('is processed in the worker, every line succeeding, with partial counts while it runs', async () => {
      expect(first.final).toMatchObject({ id: first.id, status: 'completed', total: 1000, succeeded: 1000, failed: 0, errors: [] });
      const running = first.seen.filter((s) => s.status === 'running');
      expect(running.some((s) => s.succeeded > 0 && s.succeeded < 1000)).toBe(true);
      // The counters only grow, and never pass the total.
      for (let i = 1; i < first.seen.length; i++) expect(first.seen[i].succeeded).toBeGreaterThanOrEqual(first.seen[i - 1].succeeded);
      expect(first.seen.every((s) => s.succeeded + s.failed <= s.total)).toBe(true);
    });

    it('writes exactly the records of the file, led and owned by the partner’s organisation', async () => {
      const after = await counts();
      expect({
        cases: after.cases - before.cases,
        people: after.people - before.people,
        case_parties: after.case_parties - before.case_parties,
        incidents: after.incidents - before.incidents,
        incident_victims: after.incident_victims - before.incident_victims,
        risk_assessments: after.risk_assessments - before.risk_assessments,
        external_refs: after.external_refs - before.external_refs,
      }).toEqual({ cases: 1000, people: 2000, case_parties: 2000, incidents: 1000, incident_victims: 1000, risk_assessments: 2000, external_refs: 4000 });
      expect(await count(t, 'cases', `title LIKE 'Imported case K%' AND lead_organisation_id = $1`, [t.orgs['CHARNWOOD-BC']])).toBe(1000);
      expect(await count(t, 'people', `last_name LIKE 'Victim-K%' AND owner_organisation_id = $1`, [t.orgs['CHARNWOOD-BC']])).toBe(1000);
      expect(await count(t, 'import_lines', `import_id = $1 AND (status <> 'succeeded' OR content IS NOT NULL)`, [first.id])).toBe(0);
    });

    it('applies the rules of the endpoints: postcodes normalised, review due dates, risk scores', async () => {
      const caseId = (await holder('case', 'C-K7'))!;
      const c = await t.http().get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${partner}`).expect(200);
      expect(c.body).toMatchObject({ title: 'Imported case K7', npaCode: 'NL', cspCode: 'CHARNWOOD', leadOrganisationId: t.orgs['CHARNWOOD-BC'], openedAt: at(60) });
      expect(c.body.reviewDueAt).toBe(new Date(Date.parse(at(60)) + 28 * DAY).toISOString());
      expect(c.body.location.postcode).toBe('LE11 2TQ');
      expect(c.body.victims.map((v: Json) => v.displayName)).toEqual(['Vera Victim-K7']);
      expect(c.body.perpetrators.map((p: Json) => p.displayName)).toEqual(['Pat Perp-K7']);
      const victimId = (await holder('person', 'V-K7'))!;
      const { rows: person } = await t.db.query(`SELECT postcode FROM people WHERE id = $1`, [victimId]);
      expect(person[0].postcode).toBe('LE11 3QF');

      const history = await t.http().get(`/api/v1/cases/${caseId}/risk-assessments`).set('Authorization', `Bearer ${partner}`).expect(200);
      const victim = history.body.items.find((a: Json) => a.subject === 'victim');
      const kase = history.body.items.find((a: Json) => a.subject === 'case');
      // V1 + V2 = 6, the victim template's medium threshold; one incident is no repeat, so V5 is no.
      expect(victim).toMatchObject({ personId: victimId, score: 6, computedLevel: 'medium', level: 'medium', assessedAt: at(20), reviewDueAt: new Date(Date.parse(at(20)) + 28 * DAY).toISOString() });
      expect(victim.answers.V5).toBe(false);
      expect(victim.assessedBy).toEqual({ kind: 'client', id: partnerClientId });
      expect(kase).toMatchObject({ personId: null, score: 0, level: 'standard' });
      expect(c.body.riskLevel).toBe('standard');
      // The perpetrator has no assessment: the case shows it missing.
      expect(c.body.missingRiskAssessments).toEqual([{ subject: 'perpetrator', personId: (await holder('person', 'X-K7'))!, problem: 'missing' }]);
    });

    it('audits every record as the partner system, with the upload’s request id', async () => {
      const { rows } = await t.db.query(
        `SELECT entity_type, action, count(*)::int AS n FROM audit_events
          WHERE actor_kind = 'client' AND actor_id = $1 AND request_id = $2 GROUP BY 1, 2 ORDER BY 1, 2`,
        [partnerClientId, first.requestId],
      );
      expect(rows).toEqual([
        { entity_type: 'case', action: 'create', n: 1000 },
        { entity_type: 'case_party', action: 'link', n: 2000 },
        { entity_type: 'import', action: 'create', n: 1 },
        { entity_type: 'incident', action: 'create', n: 1000 },
        { entity_type: 'person', action: 'create', n: 2000 },
        { entity_type: 'risk_assessment', action: 'create', n: 2000 },
      ]);
    });

    it('imported again, updates and never duplicates: the same counts, every line succeeding', async () => {
      const beforeSecond = await counts();
      const second = await importFile(partner, file);
      expect(second.id).not.toBe(first.id);
      expect(second.final).toMatchObject({ status: 'completed', total: 1000, succeeded: 1000, failed: 0, errors: [] });
      expect(await counts()).toEqual(beforeSecond);
      const { rows } = await t.db.query(`SELECT entity_type, action, count(*)::int AS n FROM audit_events WHERE request_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [second.requestId]);
      expect(rows).toEqual([
        { entity_type: 'case', action: 'update', n: 1000 },
        { entity_type: 'import', action: 'create', n: 1 },
        { entity_type: 'person', action: 'update', n: 2000 },
      ]);
    });
  });

  describe('a changed bundle imported again', () => {
    it('updates the case and the person, adds new references and leaves recorded incidents and assessments as they were', async () => {
      const original = bundle('U1');
      const first = await importFile(partner, ndjson([original]));
      expect(first.final).toMatchObject({ succeeded: 1, failed: 0 });
      const caseId = (await holder('case', 'C-U1'))!;
      const victimId = (await holder('person', 'V-U1'))!;
      const before = await counts();

      const changed = bundle('U1', {
        case: { title: 'Renamed by the legacy system', location: { postcode: 'LE11 3QF' }, externalRefs: [ref('C-U1'), ref('ECINS-77', 'ECINS')] },
        people: [
          { role: 'victim', person: { kind: 'person', firstName: 'Vera', lastName: 'Victim-U1', phone: '01509 000000', externalRefs: [ref('V-U1')] } },
          { role: 'perpetrator', person: { kind: 'person', firstName: 'Pat', lastName: 'Perp-U1', externalRefs: [ref('X-U1')] } },
          { role: 'witness', person: { kind: 'person', lastName: 'Witness-U1', externalRefs: [ref('W-U1')] } },
        ],
      });
      const second = await importFile(partner, ndjson([changed]));
      expect(second.final).toMatchObject({ succeeded: 1, failed: 0, errors: [] });

      const { rows: c } = await t.db.query(`SELECT title, postcode, opened_at FROM cases WHERE id = $1`, [caseId]);
      expect(c[0]).toEqual({ title: 'Renamed by the legacy system', postcode: 'LE11 3QF', opened_at: new Date(at(60)) });
      expect(await holder('case', 'ECINS-77', 'ECINS')).toBe(caseId);
      const { rows: p } = await t.db.query(`SELECT phone, postcode FROM people WHERE id = $1`, [victimId]);
      // The fields given change; an address not given stays (PATCH semantics).
      expect(p[0]).toEqual({ phone: '01509 000000', postcode: 'LE11 3QF' });
      const after = await counts();
      expect(after).toEqual({ ...before, people: before.people + 1, case_parties: before.case_parties + 1, external_refs: before.external_refs + 2 });
    });
  });

  describe('a file with bad lines', () => {
    let report: Json;
    let before: Record<string, number>;

    beforeAll(async () => {
      // Records the bad lines collide with: a case and an incident imported before, and a person of another organisation.
      await importFile(partner, ndjson([bundle('B0')]));
      await t.db.query(`INSERT INTO external_refs (entity_type, entity_id, system, value) VALUES ('person', $1, 'LEGACY', 'POLICE-ONLY')`, [
        await insertPerson(t.db, t.orgs['LEICS-POLICE'], { lastName: 'Held-by-police' }),
      ]);
      await importFile(partner, ndjson([bundle('B00')]));
      before = await counts();
      const lines = [
        /* 1 */ bundle('G1'),
        /* 2 */ '{"case": {"title": "Broken',
        /* 3 */ bundle('F3', { people: [{ role: 'victim', person: { kind: 'person', lastName: 'Nick', nickname: 'N', externalRefs: [ref('V-F3')] } }], incidents: [], riskAssessments: [] }),
        /* 4 */ bundle('F4', { case: { externalRefs: undefined } }),
        /* 5 */ bundle('F5', { incidents: [{ occurredAt: at(30), description: 'x', victimExternalRefs: [ref('NOBODY')], externalRefs: [ref('I-F5', 'STORM')] }] }),
        /* 6 */ bundle('F6', { case: { externalRefs: [ref('C-B0'), ref('C-B00')] } }),
        /* 7 */ bundle('F7', { case: { location: { postcode: 'NOT A POSTCODE' } } }),
        /* 8 */ bundle('F8', { people: [{ role: 'victim', person: { kind: 'person', lastName: 'Elsewhere', externalRefs: [ref('POLICE-ONLY')] } }], incidents: [], riskAssessments: [] }),
        /* 9 */ '   ',
        /* 10 */ bundle('G10'),
        /* 11 */ bundle('F11', { incidents: [{ occurredAt: at(30), description: 'x', victimExternalRefs: [], externalRefs: [ref('I-B0', 'STORM')] }] }),
        /* 12 */ bundle('F12', {
          people: [{ role: 'witness', person: { kind: 'person', lastName: 'Only-a-witness', externalRefs: [ref('V-F12')] } }],
          incidents: [],
          riskAssessments: [{ subject: 'victim', personExternalRef: ref('V-F12'), answers: NO_VICTIM_ANSWERS, assessedAt: at(20) }],
        }),
        /* 13 */ '[1, 2]',
        /* 14 */ bundle('F14', { incidents: [{ occurredAt: at(-2), description: 'tomorrow', victimExternalRefs: [], externalRefs: [ref('I-F14', 'STORM')] }] }),
      ];
      const done = await importFile(partner, ndjson(lines));
      report = done.final;
    });

    it('fails each bad line alone, with its line number and reason, and imports the good ones', () => {
      expect(report).toMatchObject({ status: 'completed', total: 13, succeeded: 2, failed: 11 });
      expect(report.errors.map((e: Json) => [e.line, e.code])).toEqual([
        [2, 'VALIDATION_FAILED'],
        [3, 'VALIDATION_FAILED'],
        [4, 'VALIDATION_FAILED'],
        [5, 'VALIDATION_FAILED'],
        [6, 'DUPLICATE_EXTERNAL_REF'],
        [7, 'VALIDATION_FAILED'],
        [8, 'DUPLICATE_EXTERNAL_REF'],
        [11, 'DUPLICATE_EXTERNAL_REF'],
        [12, 'PERSON_NOT_ON_CASE'],
        [13, 'VALIDATION_FAILED'],
        [14, 'TIME_IN_FUTURE'],
      ]);
      const message = (line: number) => report.errors.find((e: Json) => e.line === line).message as string;
      expect(message(2)).toMatch(/not valid JSON/);
      expect(message(2)).not.toMatch(/Broken/);
      expect(message(3)).toMatch(/people\.0\.person\.nickname is not a known field/);
      expect(message(4)).toMatch(/externalRefs/);
      expect(message(5)).toMatch(/incidents\.0.*LEGACY:NOBODY names no person/);
      expect(message(6)).toMatch(/name 2 different case records/);
      expect(message(7)).toMatch(/case\.location\.postcode/);
      expect(message(8)).toMatch(/people\.0\.person: .*LEGACY:POLICE-ONLY already names a person your organisation cannot see/);
      expect(message(8)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(message(11)).toMatch(/incidents\.0: .*STORM:I-B0 already names an incident of another case/);
      expect(message(12)).toMatch(/riskAssessments\.0/);
      expect(message(13)).toMatch(/one JSON object/);
      expect(message(14)).toMatch(/incidents\.0: occurredAt/);
      expect(report.errors.find((e: Json) => e.line === 7).details).toEqual([{ field: 'case.location.postcode', message: 'postcode must be a UK postcode' }]);
    });

    it('writes the good lines whole and nothing of the bad ones', async () => {
      for (const key of ['G1', 'G10']) expect(await holder('case', `C-${key}`)).toBeDefined();
      for (const key of ['F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F11', 'F12', 'F14']) {
        expect(await holder('case', `C-${key}`)).toBeUndefined();
        expect(await holder('person', `V-${key}`)).toBeUndefined();
      }
      expect(await count(t, 'cases', `title LIKE 'Imported case F%'`)).toBe(0);
      expect(await count(t, 'people', `last_name IN ('Nick', 'Elsewhere', 'Only-a-witness') OR last_name LIKE 'Victim-F%' OR last_name LIKE 'Perp-F%'`)).toBe(0);
      const after = await counts();
      // Two good bundles: 2 cases, 4 people, 4 parties, 2 incidents and victims, 4 assessments, 8 references.
      expect(after).toEqual({
        cases: before.cases + 2,
        people: before.people + 4,
        case_parties: before.case_parties + 4,
        incidents: before.incidents + 2,
        incident_victims: before.incident_victims + 2,
        risk_assessments: before.risk_assessments + 4,
        external_refs: before.external_refs + 8,
      });
    });
  });

  describe('a partner system revoked while its file runs', () => {
    it('writes nothing more once the revocation is seen: the lines left fail FORBIDDEN, after every line imported', async () => {
      const client = await apiClientToken('CHARNWOOD-BC', 'Short-lived');
      const res = await upload(client.token, ndjson(Array.from({ length: 300 }, (_, i) => bundle(`RV${i + 1}`)))).expect(202);
      await t.http().delete(`/api/v1/api-clients/${client.id}`).set('Authorization', `Bearer ${t.adminToken}`).expect(204);
      const { final } = await waitForImport(t.adminToken, res.body.importId);
      expect(final.status).toBe('completed');
      expect(final.succeeded + final.failed).toBe(300);
      // Checked before every 100 lines: at least the last 100 were never imported.
      expect(final.failed).toBeGreaterThanOrEqual(100);
      expect(final.errors.every((e: Json) => e.code === 'FORBIDDEN')).toBe(true);
      expect(final.errors[0].line).toBe(final.succeeded + 1);
      expect(await count(t, 'cases', `title LIKE 'Imported case RV%'`)).toBe(final.succeeded);
    });
  });

  describe('repeat victims', () => {
    it('flags a victim named on two imported incidents within 12 months, and answers V5 for the assessment after them', async () => {
      const b = bundle('R1', {
        incidents: [
          { occurredAt: at(200), description: 'First report', victimExternalRefs: [ref('V-R1')], externalRefs: [ref('I-R1-1', 'STORM')] },
          { occurredAt: at(30), description: 'Second report', victimExternalRefs: [ref('V-R1')], externalRefs: [ref('I-R1-2', 'STORM')] },
        ],
        case: { openedAt: at(250) },
      });
      const done = await importFile(partner, ndjson([b]));
      expect(done.final).toMatchObject({ succeeded: 1, failed: 0 });
      const victimId = (await holder('person', 'V-R1'))!;
      const person = await t.http().get(`/api/v1/people/${victimId}`).set('Authorization', `Bearer ${caseworker.token}`).expect(200);
      expect(person.body.repeatVictim).toEqual({ isRepeat: true, incidentsLast12Months: 2 });
      const caseId = (await holder('case', 'C-R1'))!;
      const history = await t.http().get(`/api/v1/cases/${caseId}/risk-assessments`).set('Authorization', `Bearer ${partner}`).expect(200);
      const victim = history.body.items.find((a: Json) => a.subject === 'victim');
      // V1 + V2 + V5 (a repeat victim, answered by the service) = 8: still medium (high at 12).
      expect(victim).toMatchObject({ score: 8, level: 'medium' });
      expect(victim.answers.V5).toBe(true);

      // One incident only: not a repeat.
      await importFile(partner, ndjson([bundle('R2')]));
      const single = await t.http().get(`/api/v1/people/${(await holder('person', 'V-R2'))!}`).set('Authorization', `Bearer ${caseworker.token}`).expect(200);
      expect(single.body.repeatVictim).toEqual({ isRepeat: false, incidentsLast12Months: 1 });
    });
  });

  describe('the upload', () => {
    it('answers 202 with the import id, queued, and the number of bundles', async () => {
      const res = await upload(caseworker.token, `\n${JSON.stringify(bundle('H1'))}\r\n\n${JSON.stringify(bundle('H2'))}`).expect(202);
      expect(res.body).toEqual({ importId: expect.any(String), status: 'queued', total: 2 });
      const { final } = await waitForImport(caseworker.token, res.body.importId);
      expect(final).toMatchObject({ total: 2, succeeded: 2, failed: 0 });
      expect(await holder('case', 'C-H2')).toBeDefined();
    });

    it('takes a gzip-compressed file', async () => {
      const res = await upload(partner, gzipSync(Buffer.from(ndjson([bundle('Z1'), bundle('Z2'), bundle('Z3')])))).set('Content-Encoding', 'gzip').expect(202);
      expect(res.body.total).toBe(3);
      expect((await waitForImport(partner, res.body.importId)).final).toMatchObject({ succeeded: 3, failed: 0 });
    });

    it('refuses another content type with 415, an empty file with 400, and stores nothing', async () => {
      const imports = await count(t, 'imports');
      expectError(await upload(partner, JSON.stringify(bundle('J1')), 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await upload(partner, JSON.stringify(bundle('J1')), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await upload(partner, JSON.stringify(bundle('J1')), 'application/x-ndjson; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await t.http().post('/api/v1/imports').set('Authorization', `Bearer ${partner}`).send(), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await upload(partner, ''), 400, 'VALIDATION_FAILED');
      expectError(await upload(partner, '\n  \r\n\n'), 400, 'VALIDATION_FAILED');
      expect(await count(t, 'imports')).toBe(imports);
    });

    it('refuses a file over 50 MB with 413', async () => {
      const imports = await count(t, 'imports');
      const line = JSON.stringify(bundle('BIG', { case: { description: 'x'.repeat(9000) } }));
      const big = Buffer.from(`${line}\n`.repeat(Math.ceil((50 * 1024 * 1024 + 1) / (line.length + 1))));
      expect(big.length).toBeGreaterThan(50 * 1024 * 1024);
      expectError(await upload(partner, big), 413, 'PAYLOAD_TOO_LARGE');
      expect(await count(t, 'imports')).toBe(imports);
    });

    it('needs a token (401) and a casework role (403)', async () => {
      expectError(await t.http().post('/api/v1/imports').set('Content-Type', NDJSON).send(ndjson([bundle('A1')])), 401, 'UNAUTHENTICATED');
      expectError(await upload(analyst.token, ndjson([bundle('A1')])), 403, 'FORBIDDEN');
      expectError(await upload(t.adminToken, ndjson([bundle('A1')])), 403, 'FORBIDDEN');
      expectError(await t.http().get(`/api/v1/imports/${randomUUID()}`), 401, 'UNAUTHENTICATED');
    });

    it('shows an import to its organisation and to admins only (404 to others)', async () => {
      const res = await upload(partner, ndjson([bundle('S1')])).expect(202);
      await waitForImport(partner, res.body.importId);
      await status(caseworker.token, res.body.importId).expect(200);
      await status(t.adminToken, res.body.importId).expect(200);
      expectError(await status(policePartner, res.body.importId), 404, 'NOT_FOUND');
      expectError(await status(analyst.token, res.body.importId), 403, 'FORBIDDEN');
      expectError(await status(partner, randomUUID()), 404, 'NOT_FOUND');
      expectError(await status(partner, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    });

    it('writes as the importing organisation: another organisation importing the same references is refused, line by line', async () => {
      const { final } = await importFile(policePartner, ndjson([bundle('S1')]));
      expect(final).toMatchObject({ total: 1, succeeded: 0, failed: 1 });
      expect(final.errors).toEqual([{ line: 1, code: 'DUPLICATE_EXTERNAL_REF', message: expect.stringMatching(/^case: .*LEGACY:C-S1 already names a case your organisation cannot see/), details: expect.any(Array) }]);
    });

    it('replays the first answer for the same Idempotency-Key and file, and refuses the key with another file', async () => {
      const key = randomUUID();
      const body = ndjson([bundle('IK1')]);
      const send = (b: string) => upload(partner, b).set('Idempotency-Key', key);
      const first = await send(body).expect(202);
      const imports = await count(t, 'imports');
      const again = await send(body).expect(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await count(t, 'imports')).toBe(imports);
      expectError(await send(ndjson([bundle('IK2')])), 422, 'IDEMPOTENCY_KEY_REUSED');
      // The job may be taken before the keyed request commits (with its answer): the worker waits for the commit.
      expect((await waitForImport(partner, first.body.importId)).final).toMatchObject({ status: 'completed', succeeded: 1, failed: 0 });
    });
  });
});
