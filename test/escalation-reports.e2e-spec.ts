import { addVictim, createCase, daysAgo, insertPerson, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;
const CSPS = ['BLABY', 'CHARNWOOD', 'HARBOROUGH', 'HINCKLEY', 'LEICESTER', 'MELTON', 'NWL', 'OADBY-WIGSTON', 'RUTLAND'];

type JagRow = { cspCode: string; cspName: string; referred: number; resolved: number; open: number };
type ReviewRow = Record<string, number | string>;

/**
 * The JAG and Case Review reports, on a database of their own so every figure
 * can be worked out by hand:
 *
 *   referral  case (lead, NPA -> CSP)                 referred      resolved
 *   P1        police, NL -> CHARNWOOD                 now           -
 *   P2        police, NL -> CHARNWOOD                 now           now
 *   P3        police, NH -> HINCKLEY                  100 days ago  50 days ago
 *   P4        police, NH -> HINCKLEY                  40 days ago   -
 *   C1        Charnwood, NL -> CHARNWOOD              now           -
 *   C2        Charnwood, NL, shared with the police   now           -
 *
 *   application  taken by   applicant (case)   applied       threshold  outcome
 *   R1           police     A (P1)             now           met        recommendations_made
 *   R2           police     B (none)           now           not met    threshold_not_met
 *   R3           police     B (none)           100 days ago  not met    -
 *   R4           Charnwood  C (C1)             now           not met    -
 *   R5           Charnwood  D (C2)             now           not met    no_further_action
 */
describe('escalation reports', () => {
  let t: TestApp;
  let pc: TestUser;
  let sgt: TestUser;
  let cbcWorker: TestUser;
  let cbcSup: TestUser;
  let analyst: TestUser;
  const auth = (u: TestUser | string) => ({ Authorization: `Bearer ${typeof u === 'string' ? u : u.token}` });

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker']);
    sgt = await t.createUser('LEICS-POLICE', ['supervisor']);
    cbcWorker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    cbcSup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);

    const refer = async (caseId: string, who: TestUser) =>
      (await t.http().post(`/api/v1/cases/${caseId}/jag-referrals`).set(auth(who)).send({ reasons: ['complex'], complexReason: 'Several agencies', summary: 'Escalate' }).expect(201)).body.id as string;
    const pastReferral = async (caseId: string, cspCode: string, referredAt: Date, resolvedAt: Date | null) => {
      await t.db.query(
        `INSERT INTO jag_referrals (case_id, csp_code, reasons, complex_reason, evidence, summary, status, referred_at, referred_by_kind, referred_by_id, outcome, resolved_at, resolved_by_id)
         VALUES ($1, $2, '{complex}', 'Migrated', '{}'::jsonb, 'Migrated referral', $3, $4, 'user', $5, $6, $7, $8)`,
        [caseId, cspCode, resolvedAt ? 'resolved' : 'open', referredAt, sgt.id, resolvedAt ? 'Done' : null, resolvedAt, resolvedAt ? sgt.id : null],
      );
    };

    const p1 = await createCase(t, pc.token);
    const p2 = await createCase(t, pc.token);
    const p3 = await createCase(t, pc.token, { npaCode: 'NH' });
    const p4 = await createCase(t, pc.token, { npaCode: 'NH' });
    const c1 = await createCase(t, cbcWorker.token);
    const c2 = await createCase(t, cbcWorker.token);
    await t.http().post(`/api/v1/cases/${c2.id}/shares`).set(auth(cbcWorker)).send({ organisationId: pc.organisationId }).expect(201);

    await refer(p1.id, sgt);
    const r2 = await refer(p2.id, sgt);
    await t.http().post(`/api/v1/jag-referrals/${r2}/resolve`).set(auth(sgt)).send({ outcome: 'Resolved' }).expect(200);
    await pastReferral(p3.id, 'HINCKLEY', new Date(Date.now() - 100 * DAY), new Date(Date.now() - 50 * DAY));
    await pastReferral(p4.id, 'HINCKLEY', new Date(Date.now() - 40 * DAY), null);
    await refer(c1.id, cbcSup);
    await refer(c2.id, cbcSup);

    const apply = async (who: TestUser, body: Record<string, unknown>) => (await t.http().post('/api/v1/case-reviews').set(auth(who)).send(body).expect(201)).body;
    const outcome = (id: string, who: TestUser, body: Record<string, unknown>) => t.http().post(`/api/v1/case-reviews/${id}/outcome`).set(auth(who)).send(body).expect(200);
    const a = await insertPerson(t, pc.organisationId, 'Ann', 'A');
    const b = await insertPerson(t, pc.organisationId, 'Ben', 'B');
    const c = await insertPerson(t, cbcWorker.organisationId, 'Cat', 'C');
    const d = await insertPerson(t, cbcWorker.organisationId, 'Dan', 'D');
    await addVictim(t, pc.token, p1.id, a);
    for (const n of [10, 5, 1]) await recordIncident(t, pc.token, p1.id, { occurredAt: daysAgo(n), victimPersonIds: [a] });
    await addVictim(t, cbcWorker.token, c1.id, c);
    await addVictim(t, cbcWorker.token, c2.id, d);
    const r1 = await apply(pc, { applicantPersonId: a, caseId: p1.id });
    const rr2 = await apply(pc, { applicantPersonId: b });
    await apply(pc, { applicantPersonId: b, appliedAt: daysAgo(100) });
    await apply(cbcWorker, { applicantPersonId: c, caseId: c1.id });
    const r5 = await apply(cbcWorker, { applicantPersonId: d, caseId: c2.id });
    expect(r1.thresholdMet).toBe(true);
    await outcome(r1.id, sgt, { decision: 'recommendations_made', recommendations: ['Mediation'] });
    await outcome(rr2.id, sgt, { decision: 'threshold_not_met', recommendations: [] });
    await outcome(r5.id, cbcSup, { decision: 'no_further_action', recommendations: [] });
  });
  afterAll(() => t.close());

  describe('GET /reports/jag', () => {
    const jag = async (who: TestUser | string, query = '') => (await t.http().get(`/api/v1/reports/jag${query}`).set(auth(who)).expect(200)).body.items as JagRow[];
    /** Every CSP's figures, zeros for those not named. */
    const expected = (named: Record<string, [number, number, number]>) =>
      Object.fromEntries(CSPS.map((code) => [code, named[code] ?? [0, 0, 0]]));
    const figures = (items: JagRow[]) => Object.fromEntries(items.map((r) => [r.cspCode, [r.referred, r.resolved, r.open]]));

    it('counts referrals made, resolved and open by CSP for the whole partnership (analyst, admin)', async () => {
      const items = await jag(analyst);
      expect(items.map((r) => r.cspCode)).toEqual(CSPS);
      expect(items.find((r) => r.cspCode === 'CHARNWOOD')).toEqual({ cspCode: 'CHARNWOOD', cspName: 'Charnwood', referred: 4, resolved: 1, open: 3 });
      expect(figures(items)).toEqual(expected({ CHARNWOOD: [4, 1, 3], HINCKLEY: [2, 1, 1] }));
      expect(await jag(t.adminToken)).toEqual(items);
    });

    it('counts a supervisor\'s organisation\'s visible cases only (led or shared)', async () => {
      expect(figures(await jag(sgt))).toEqual(expected({ CHARNWOOD: [3, 1, 2], HINCKLEY: [2, 1, 1] }));
      expect(figures(await jag(cbcSup))).toEqual(expected({ CHARNWOOD: [2, 0, 2] }));
    });

    it('counts in the period: made and resolved in it, open at its end', async () => {
      expect(figures(await jag(analyst, `?from=${daysAgo(60)}&to=${daysAgo(30)}`))).toEqual(expected({ HINCKLEY: [1, 1, 1] }));
      expect(figures(await jag(analyst, `?from=${daysAgo(120)}&to=${daysAgo(70)}`))).toEqual(expected({ HINCKLEY: [1, 0, 1] }));
      expect(figures(await jag(analyst, `?from=${daysAgo(45)}`))).toEqual(expected({ CHARNWOOD: [4, 1, 3], HINCKLEY: [1, 0, 1] }));
      const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
      expect(figures(await jag(analyst, `?from=2020-01-01&to=${tomorrow}`))).toEqual(expected({ CHARNWOOD: [4, 1, 3], HINCKLEY: [2, 1, 1] }));
      // A date 'to' covers the whole of that day: today's referrals are in a period ending today.
      const today = new Date().toISOString().slice(0, 10);
      expect(figures(await jag(analyst, `?from=${today}&to=${today}`))).toEqual(expected({ CHARNWOOD: [4, 1, 3], HINCKLEY: [0, 0, 1] }));
    });

    it('filters by NPA, CSP and lead organisation', async () => {
      expect(figures(await jag(analyst, '?npaCode=NH'))).toEqual(expected({ HINCKLEY: [2, 1, 1] }));
      expect(await jag(analyst, '?cspCode=HINCKLEY')).toEqual([{ cspCode: 'HINCKLEY', cspName: 'Hinckley and Bosworth', referred: 2, resolved: 1, open: 1 }]);
      expect(figures(await jag(analyst, `?organisationId=${cbcWorker.organisationId}`))).toEqual(expected({ CHARNWOOD: [2, 0, 2] }));
      expect(figures(await jag(sgt, `?organisationId=${cbcWorker.organisationId}`))).toEqual(expected({ CHARNWOOD: [1, 0, 1] }));
    });

    it('comes as CSV', async () => {
      const res = await t.http().get('/api/v1/reports/jag?cspCode=CHARNWOOD').set({ ...auth(analyst), Accept: 'text/csv' }).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.text).toBe('cspCode,cspName,referred,resolved,open\r\nCHARNWOOD,Charnwood,4,1,3\r\n');
      const viaQuery = await t.http().get('/api/v1/reports/jag?format=csv&npaCode=NH').set(auth(sgt)).expect(200);
      expect(viaQuery.text.split('\r\n')).toContain('HINCKLEY,Hinckley and Bosworth,2,1,1');
      expect(viaQuery.text.split('\r\n').filter(Boolean)).toHaveLength(1 + CSPS.length);
    });

    it('refuses bad filters and callers without a report role', async () => {
      expectError(await t.http().get(`/api/v1/reports/jag?from=${daysAgo(1)}&to=${daysAgo(2)}`).set(auth(analyst)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/reports/jag?from=yesterday').set(auth(analyst)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/reports/jag?npaCode=nl').set(auth(analyst)), 400, 'VALIDATION_FAILED');
      const unknownCsp = await t.http().get('/api/v1/reports/jag?cspCode=ZZ').set(auth(analyst));
      expectError(unknownCsp, 400, 'VALIDATION_FAILED');
      expect(unknownCsp.body.details).toEqual([{ field: 'cspCode', message: 'there is no CSP ZZ' }]);
      expectError(await t.http().get('/api/v1/reports/jag?organisationId=x').set(auth(analyst)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/reports/jag?colour=red').set(auth(analyst)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/reports/jag').set(auth(pc)), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/reports/jag'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('GET /reports/case-reviews', () => {
    const reviews = async (who: TestUser | string, query = '') => (await t.http().get(`/api/v1/reports/case-reviews${query}`).set(auth(who)).expect(200)).body.items as ReviewRow[];
    const row = (org: 'LEICS-POLICE' | 'CHARNWOOD-BC', f: number[]) => ({
      organisationId: t.orgs[org],
      organisationName: org === 'LEICS-POLICE' ? 'Leicestershire Police' : 'Charnwood Borough Council',
      applications: f[0],
      thresholdMet: f[1],
      thresholdNotMet: f[2],
      awaitingOutcome: f[3],
      recommendationsMade: f[4],
      noFurtherAction: f[5],
      decidedThresholdNotMet: f[6],
    });

    it('counts applications, thresholds met and outcomes by the organisation that took them', async () => {
      const all = [row('CHARNWOOD-BC', [2, 0, 2, 1, 0, 1, 0]), row('LEICS-POLICE', [3, 1, 2, 1, 1, 0, 1])];
      expect(await reviews(analyst)).toEqual(all);
      expect(await reviews(t.adminToken)).toEqual(all);
    });

    it('counts a supervisor\'s organisation\'s applications and those on cases it can see', async () => {
      expect(await reviews(sgt)).toEqual([row('CHARNWOOD-BC', [1, 0, 1, 0, 0, 1, 0]), row('LEICS-POLICE', [3, 1, 2, 1, 1, 0, 1])]);
      expect(await reviews(cbcSup)).toEqual([row('CHARNWOOD-BC', [2, 0, 2, 1, 0, 1, 0])]);
    });

    it('counts applications made in the period, and filters by the NPA and CSP of their case and by organisation', async () => {
      expect(await reviews(analyst, `?from=${daysAgo(120)}&to=${daysAgo(90)}`)).toEqual([row('LEICS-POLICE', [1, 0, 1, 1, 0, 0, 0])]);
      expect(await reviews(analyst, `?from=${daysAgo(50)}`)).toEqual([row('CHARNWOOD-BC', [2, 0, 2, 1, 0, 1, 0]), row('LEICS-POLICE', [2, 1, 1, 0, 1, 0, 1])]);
      expect(await reviews(analyst, '?npaCode=NL')).toEqual([row('CHARNWOOD-BC', [2, 0, 2, 1, 0, 1, 0]), row('LEICS-POLICE', [1, 1, 0, 0, 1, 0, 0])]);
      expect(await reviews(analyst, '?cspCode=CHARNWOOD')).toEqual(await reviews(analyst, '?npaCode=NL'));
      expect(await reviews(analyst, '?npaCode=NH')).toEqual([]);
      expect(await reviews(analyst, `?organisationId=${cbcWorker.organisationId}`)).toEqual([row('CHARNWOOD-BC', [2, 0, 2, 1, 0, 1, 0])]);
    });

    it('comes as CSV, and refuses bad filters and other roles', async () => {
      const res = await t.http().get('/api/v1/reports/case-reviews?format=csv').set(auth(analyst)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.text).toBe(
        'organisationId,organisationName,applications,thresholdMet,thresholdNotMet,awaitingOutcome,recommendationsMade,noFurtherAction,decidedThresholdNotMet\r\n' +
          `${t.orgs['CHARNWOOD-BC']},Charnwood Borough Council,2,0,2,1,0,1,0\r\n` +
          `${t.orgs['LEICS-POLICE']},Leicestershire Police,3,1,2,1,1,0,1\r\n`,
      );
      expectError(await t.http().get(`/api/v1/reports/case-reviews?from=${daysAgo(1)}&to=${daysAgo(2)}`).set(auth(analyst)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/reports/case-reviews?format=xml').set(auth(analyst)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/reports/case-reviews?npaCode=ZZ').set(auth(analyst)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/reports/case-reviews').set(auth(cbcWorker)), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/reports/case-reviews'), 401, 'UNAUTHENTICATED');
    });
  });
});
