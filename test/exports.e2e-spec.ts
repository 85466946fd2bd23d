import { parse } from 'csv-parse/sync';
import { request as httpRequest } from 'node:http';
import { addVictim, createCase, daysAgo, insertPerson, recordIncident } from './support/cases-fixtures';
import { insertCase } from './support/fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;
const COLUMNS = [
  'caseId', 'reference', 'status', 'category', 'type', 'aggravatingFactors', 'npaCode', 'cspCode',
  'leadOrganisationId', 'leadOrganisation', 'officerInChargeId', 'officerInCharge',
  'openedAt', 'closedAt', 'closeOutcome', 'reopenedAt', 'reviewDueAt', 'reviewOverdue',
  'postcodeDistrict', 'riskLevel', 'incidents', 'lastIncidentAt', 'victims', 'perpetrators', 'witnesses',
  'interventions', 'externalRefs', 'createdAt', 'updatedAt',
];

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; every record ends with CRLF. */
function parseCsv(text: string): string[][] {
  if (text !== '' && !text.endsWith('\r\n')) throw new Error('CSV does not end with CRLF');
  return parse(text, { recordDelimiter: '\r\n' });
}
const records = (text: string) => {
  const [header, ...lines] = parseCsv(text);
  expect(header).toEqual(COLUMNS);
  return lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])));
};
const ndjson = (text: string) => {
  expect(text.endsWith('\n') || text === '').toBe(true);
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
};

/**
 * The streamed case export (API.md "Jobs, integration, audit"): rows and
 * filters checked against cases made for it, both formats, who sees what, the
 * audit entry, refusals, and a client that goes away mid-stream.
 *
 * | case | lead      | NPA (CSP)          | opened | state                          | shared    |
 * |------|-----------|--------------------|--------|--------------------------------|-----------|
 * | P1   | police    | NL (CHARNWOOD)     | -40    | open, review overdue, 3 incidents, 2 victims, 1 perpetrator, risk high, 1 intervention (and 1 withdrawn) | |
 * | P2   | police    | NS (LEICESTER)     | -10    | closed (resolved)              |           |
 * | P3   | police    | NL (CHARNWOOD)     | -5     | open                           | Charnwood |
 * | C1   | Charnwood | NL (CHARNWOOD)     | -20    | open                           |           |
 * | B1   | Blaby     | NH (HINCKLEY)      | -30    | open (fixture)                 |           |
 */
describe('case export', () => {
  let t: TestApp;
  let pc: TestUser;
  let sgt: TestUser;
  let cbc: TestUser;
  let analyst: TestUser;
  let partnerToken: string;
  const ids: Record<string, string> = {};
  const refs: Record<string, string> = {};
  const opened: Record<string, string> = {};
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokenOf = (u: TestUser | string) => (typeof u === 'string' ? u : u.token);
  const exportAs = (who: TestUser | string, query: Record<string, string> = {}, accept?: string) => {
    const req = t.http().get('/api/v1/exports/cases').query(query).set(auth(tokenOf(who))).buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => done(null, text));
    });
    return accept ? req.set('Accept', accept) : req;
  };
  const csvOf = async (who: TestUser | string, query: Record<string, string> = {}) => {
    const res = await exportAs(who, { format: 'csv', ...query });
    if (res.status !== 200) throw new Error(`export: ${res.status} ${res.body}`);
    return records(res.body as string);
  };
  const referencesOf = async (who: TestUser | string, query: Record<string, string> = {}) => (await csvOf(who, query)).map((r) => r.reference);

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Export');
    sgt = await t.createUser('LEICS-POLICE', ['supervisor'], 'Sgt Export');
    cbc = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'Charnwood Export');
    analyst = await t.createUser('LEICS-CC', ['analyst'], 'County Analyst');
    const client = await t.http().post('/api/v1/api-clients').set(auth(t.adminToken)).send({ name: 'Power BI', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
    partnerToken = (await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: client.body.clientId, client_secret: client.body.clientSecret }).expect(200)).body.access_token;

    const open = async (key: string, who: TestUser, body: Record<string, unknown>) => {
      const c = await createCase(t, who.token, body);
      [ids[key], refs[key], opened[key]] = [c.id, c.reference, c.openedAt];
    };
    await open('P1', pc, {
      title: 'Intimidation by the Jones family, 12 Ashby Road',
      description: 'Ann Smith reports shouting',
      location: { address: '12 Ashby Road, Loughborough', postcode: 'le11 3qf' },
      npaCode: 'NL',
      aggravatingFactors: ['drugs', 'alcohol'],
      openedAt: daysAgo(40),
      officerInChargeId: pc.id,
      externalRefs: [{ system: 'STORM', value: 'S-1001' }, { system: 'GENIE', value: 'G,7' }],
    });
    await open('P2', pc, { npaCode: 'NS', openedAt: daysAgo(10), location: { postcode: 'LE2 1AA' } });
    await open('P3', pc, { npaCode: 'NL', openedAt: daysAgo(5), location: {} });
    await open('C1', cbc, { npaCode: 'NL', openedAt: daysAgo(20) });
    const b1 = await insertCase(t.db, t.orgs['BLABY-DC'], { npaCode: 'NH', cspCode: 'HINCKLEY', openedAt: new Date(Date.now() - 30 * DAY) });
    [ids.B1, refs.B1] = [b1.id, b1.reference];

    const va = await insertPerson(t, pc.organisationId, 'Ann', 'Smith');
    const vb = await insertPerson(t, pc.organisationId, 'Bob', 'Victimson');
    const perp = await insertPerson(t, pc.organisationId, 'Perry', 'Jones');
    await addVictim(t, pc.token, ids.P1, va);
    await addVictim(t, pc.token, ids.P1, vb);
    await t.http().post(`/api/v1/cases/${ids.P1}/perpetrators`).set(auth(pc.token)).send({ personId: perp }).expect(201);
    await recordIncident(t, pc.token, ids.P1, { occurredAt: daysAgo(30), victimPersonIds: [va] });
    await recordIncident(t, pc.token, ids.P1, { occurredAt: daysAgo(3), victimPersonIds: [va, vb] });
    await recordIncident(t, pc.token, ids.P1, { occurredAt: daysAgo(20), victimPersonIds: [] });
    // A current case risk assessment of level high (a fixture: scoring is tested elsewhere).
    await t.db.query(
      `INSERT INTO risk_assessments (case_id, subject, template_version, answers, score, computed_level, level, assessed_at, assessed_by_kind, assessed_by_id, review_due_at)
       VALUES ($1, 'case', 1, '{}', 30, 'high', 'high', now(), 'user', $2, now() + interval '28 days')`,
      [ids.P1, pc.id],
    );
    // Two interventions on the perpetrator, one withdrawn (fixtures: the Incremental Approach is tested elsewhere).
    await t.db.query(
      `INSERT INTO interventions (case_id, person_id, type, level, status, out_of_sequence, issuing_organisation_id, issued_at, served_at, recorded_by_kind, recorded_by_id, withdrawn_at, withdrawal_reason, withdrawn_by_kind, withdrawn_by_id)
       VALUES ($1, $2, 'warning_letter', 1, 'served', false, $3, now() - interval '10 days', now() - interval '10 days', 'user', $4, NULL, NULL, NULL, NULL),
              ($1, $2, 'verbal_warning', 1, 'withdrawn', false, $3, now() - interval '9 days', NULL, 'user', $4, now(), 'Issued in error', 'user', $4)`,
      [ids.P1, perp, pc.organisationId, pc.id],
    );
    await t.http().post(`/api/v1/cases/${ids.P2}/close`).set(auth(sgt.token)).send({ outcome: 'resolved', summary: 'Resolved' }).expect(200);
    await t.http().post(`/api/v1/cases/${ids.P3}/shares`).set(auth(pc.token)).send({ organisationId: cbc.organisationId }).expect(201);
  });
  afterAll(() => t.close());

  describe('rows', () => {
    it('gives one CSV row per case with the figures of the case, and no names, addresses or free text', async () => {
      const res = await exportAs(pc, { format: 'csv' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = records(res.body as string);
      expect(rows.map((r) => r.reference)).toEqual([refs.P1, refs.P2, refs.P3]);
      const p1 = (await t.http().get(`/api/v1/cases/${ids.P1}`).set(auth(pc.token)).expect(200)).body;
      expect(rows[0]).toEqual({
        caseId: ids.P1,
        reference: refs.P1,
        status: 'open',
        category: 'nuisance',
        type: 'youth_rowdy_inconsiderate',
        aggravatingFactors: 'drugs;alcohol',
        npaCode: 'NL',
        cspCode: 'CHARNWOOD',
        leadOrganisationId: t.orgs['LEICS-POLICE'],
        leadOrganisation: 'Leicestershire Police',
        officerInChargeId: pc.id,
        officerInCharge: 'PC Export',
        openedAt: opened.P1,
        closedAt: '',
        closeOutcome: '',
        reopenedAt: '',
        reviewDueAt: new Date(Date.parse(opened.P1) + 28 * DAY).toISOString(),
        reviewOverdue: 'true',
        postcodeDistrict: 'LE11',
        riskLevel: 'high',
        incidents: '3',
        lastIncidentAt: expect.any(String),
        victims: '2',
        perpetrators: '1',
        witnesses: '0',
        interventions: '1',
        externalRefs: 'GENIE:G,7;STORM:S-1001',
        createdAt: p1.createdAt,
        updatedAt: p1.updatedAt,
      });
      expect(Date.now() - Date.parse(rows[0].lastIncidentAt)).toBeGreaterThan(3 * DAY - 60000);
      expect(Date.now() - Date.parse(rows[0].lastIncidentAt)).toBeLessThan(3 * DAY + 60000);
      expect(rows[1]).toMatchObject({ reference: refs.P2, status: 'closed', closeOutcome: 'resolved', npaCode: 'NS', cspCode: 'LEICESTER', postcodeDistrict: 'LE2', reviewOverdue: 'false', incidents: '0', victims: '0', interventions: '0', riskLevel: '', externalRefs: '' });
      expect(rows[1].closedAt).not.toBe('');
      expect(rows[2]).toMatchObject({ reference: refs.P3, status: 'open', postcodeDistrict: '', reviewOverdue: 'false', officerInCharge: '' });
      for (const secret of ['Ashby', 'Jones', 'Smith', 'Victimson', 'Ann', 'Intimidation', 'shouting']) expect(res.body).not.toContain(secret);
    });

    it('gives the same rows as NDJSON, by format or by Accept, with typed values', async () => {
      const csv = await csvOf(pc);
      for (const res of [await exportAs(pc, { format: 'ndjson' }), await exportAs(pc, {}, 'application/x-ndjson')]) {
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
        const rows = ndjson(res.body as string);
        expect(rows.map((r) => r.reference)).toEqual([refs.P1, refs.P2, refs.P3]);
        expect(Object.keys(rows[0])).toEqual(COLUMNS);
        expect(rows[0]).toMatchObject({
          aggravatingFactors: ['drugs', 'alcohol'],
          externalRefs: [{ system: 'GENIE', value: 'G,7' }, { system: 'STORM', value: 'S-1001' }],
          incidents: 3,
          victims: 2,
          interventions: 1,
          reviewOverdue: true,
          closedAt: null,
          lastIncidentAt: csv[0].lastIncidentAt,
          updatedAt: csv[0].updatedAt,
        });
        expect(rows[2].officerInCharge).toBeNull();
      }
      const byAccept = await exportAs(pc, {}, 'text/csv');
      expect(byAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(records(byAccept.body as string)).toEqual(csv);
      // No preference: CSV.
      expect((await exportAs(pc)).headers['content-type']).toBe('text/csv; charset=utf-8');
    });
  });

  describe('scope and filters', () => {
    it('gives casework roles and partner systems their organisation’s visible cases, analysts and admins the partnership', async () => {
      expect(await referencesOf(pc)).toEqual([refs.P1, refs.P2, refs.P3]);
      expect(await referencesOf(sgt)).toEqual([refs.P1, refs.P2, refs.P3]);
      expect(await referencesOf(partnerToken)).toEqual([refs.P1, refs.P2, refs.P3]);
      expect(await referencesOf(cbc)).toEqual([refs.C1, refs.P3]);
      const all = [refs.P1, refs.B1, refs.C1, refs.P2, refs.P3];
      expect(await referencesOf(analyst)).toEqual(all);
      expect(await referencesOf(t.adminToken)).toEqual(all);
    });

    it('filters by NPA, CSP, lead organisation and the period the cases were opened in', async () => {
      expect(await referencesOf(pc, { npaCode: 'NS' })).toEqual([refs.P2]);
      expect(await referencesOf(analyst, { cspCode: 'CHARNWOOD' })).toEqual([refs.P1, refs.C1, refs.P3]);
      expect(await referencesOf(analyst, { cspCode: 'HINCKLEY' })).toEqual([refs.B1]);
      expect(await referencesOf(analyst, { organisationId: t.orgs['CHARNWOOD-BC'] })).toEqual([refs.C1]);
      expect(await referencesOf(cbc, { organisationId: t.orgs['LEICS-POLICE'] })).toEqual([refs.P3]);
      expect(await referencesOf(analyst, { from: daysAgo(15).slice(0, 10) })).toEqual([refs.P2, refs.P3]);
      // A date `to` takes in the whole day.
      expect(await referencesOf(analyst, { from: opened.C1.slice(0, 10), to: opened.C1.slice(0, 10) })).toEqual([refs.C1]);
      expect(await referencesOf(analyst, { to: daysAgo(35) })).toEqual([refs.P1]);
      expect(await referencesOf(pc, { npaCode: 'NM' })).toEqual([]);
      expect((await exportAs(pc, { format: 'ndjson', npaCode: 'NM' })).body).toBe('');
    });

    it('records one audit entry per export, with the filters, the format and the rows sent', async () => {
      await csvOf(pc, { npaCode: 'NL', from: '2020-01-01' });
      await exportAs(analyst, { format: 'ndjson' }).expect(200);
      const { rows } = await t.db.query(
        `SELECT actor_id, organisation_id, action, entity_type, entity_id, case_id, details FROM audit_events WHERE action = 'export' ORDER BY id DESC LIMIT 2`,
      );
      expect(rows.reverse()).toEqual([
        { actor_id: pc.id, organisation_id: pc.organisationId, action: 'export', entity_type: 'case', entity_id: null, case_id: null,
          details: { export: 'cases', format: 'csv', filters: { npaCode: 'NL', from: '2020-01-01' }, rows: 2, completed: true } },
        { actor_id: analyst.id, organisation_id: analyst.organisationId, action: 'export', entity_type: 'case', entity_id: null, case_id: null,
          details: { export: 'cases', format: 'ndjson', filters: {}, rows: 5, completed: true } },
      ]);
    });
  });

  describe('refusals', () => {
    it('refuses bad filters with a 400 before anything is streamed', async () => {
      const bad: [Record<string, string>, string][] = [
        [{ npaCode: 'ZZ' }, 'npaCode'],
        [{ cspCode: 'NOWHERE' }, 'cspCode'],
        [{ organisationId: '00000000-0000-4000-8000-000000000000' }, 'organisationId'],
        [{ organisationId: 'not-a-uuid' }, 'organisationId'],
        [{ npaCode: 'nl' }, 'npaCode'],
        [{ from: '2026-02-30' }, 'from'],
        [{ from: '2026-11-02', to: '2026-11-01' }, 'from'],
        [{ format: 'xml' }, 'format'],
        [{ format: 'json' }, 'format'],
        [{ colour: 'red' }, 'colour'],
      ];
      for (const [query, field] of bad) {
        const res = await t.http().get('/api/v1/exports/cases').query(query).set(auth(pc.token));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('needs a token', async () => {
      expectError(await t.http().get('/api/v1/exports/cases'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('a large export', () => {
    const BULK = 20000;

    beforeAll(async () => {
      await t.db.query(
        `INSERT INTO cases (reference, title, category, type, npa_code, csp_code, lead_organisation_id, opened_at, review_due_at)
         SELECT 'BULK-' || lpad(g::text, 6, '0'), 'Bulk', 'nuisance', 'other', 'NM', 'MELTON', $1, now() - interval '100 days' + g * interval '1 second',
                now() - interval '72 days' + g * interval '1 second'
           FROM generate_series(1, $2::int) g`,
        [t.orgs['MELTON-BC'], BULK],
      );
    });

    it('streams every row in order', async () => {
      const rows = await csvOf(analyst, { npaCode: 'NM' });
      expect(rows).toHaveLength(BULK);
      expect(rows.map((r) => r.reference)).toEqual(Array.from({ length: BULK }, (_, i) => `BULK-${String(i + 1).padStart(6, '0')}`));
      const nd = ndjson((await exportAs(analyst, { format: 'ndjson', npaCode: 'NM' }).expect(200)).body as string);
      expect(nd).toHaveLength(BULK);
    });

    it('stops, audits what was sent and gives its connection back when the client goes away mid-stream', async () => {
      const before = Number((await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'export'`)).rows[0].n);
      // More aborted exports than the export pool has connections: a leaked connection would leave the last ones waiting.
      for (let i = 0; i < 6; i++) {
        await new Promise<void>((resolve, reject) => {
          const req = httpRequest(`${t.url}/api/v1/exports/cases?format=csv&npaCode=NM`, { headers: auth(analyst.token) }, (res) => {
            if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', () => undefined);
          req.end();
        });
      }
      const deadline = Date.now() + 10000;
      let audited: { rows: number; completed: boolean }[] = [];
      while (Date.now() < deadline) {
        const { rows } = await t.db.query(`SELECT details FROM audit_events WHERE action = 'export' ORDER BY id OFFSET $1`, [before]);
        audited = rows.map((r) => r.details);
        if (audited.length === 6) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(audited).toHaveLength(6);
      for (const d of audited) {
        expect(d.completed).toBe(false);
        expect(d.rows).toBeLessThan(BULK);
      }
      // The cursors were closed: no export connection is still running a query.
      const { rows: busy } = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'asb-export' AND state <> 'idle'`);
      expect(busy[0].n).toBe(0);
      // And the pool still serves: a full export right after.
      const started = Date.now();
      expect(await referencesOf(pc, { npaCode: 'NS' })).toEqual([refs.P2]);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
});
