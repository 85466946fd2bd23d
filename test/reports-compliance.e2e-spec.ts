import { addVictim, createCase, daysAgo, insertPerson } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const no = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, false]));
const CASE_NO = no(['C1', 'C2', 'C3', 'C4', 'C6', 'C7', 'C8']);

/**
 * The compliance reports against a partnership built with back-dated times.
 * Every expected figure below is counted by hand from this table (days are
 * relative to the start of the test; a review is due 28 days after opening,
 * then 28 days after the previous review):
 *
 * | case | lead      | NPA | opened | reviews                     | due now | state              |
 * |------|-----------|-----|--------|-----------------------------|---------|--------------------|
 * | P1   | police    | NL  | -40    | none                        | -12     | overdue            |
 * | P2   | police    | NL  | -35    | -20 (answered -7: on time)  | +8      | on time            |
 * | P3   | police    | NS  | -60    | -25 (answered -32: late)    | +3      | on time            |
 * | P4   | police    | NL  | -50    | closed -10 (answered -22: late) | -   | closed             |
 * | P5   | police    | NS  | -30    | none                        | -2      | overdue, shared with Charnwood |
 * | C1   | Charnwood | NL  | -10    | none                        | +18     | on time            |
 *
 * Risk assessments: P2 has a current case assessment (in date), P3 one made
 * 40 days ago (review overdue since day -12); nothing else is assessed.
 * Victims: Va (P1, every 7 days, added -20, updated -10: overdue), Vb (P1, 28
 * days, added -20, no update: on time), Vc (P5, declined), Vd (C1, 14 days,
 * added -20: overdue), Ve (P4, closed case: not counted).
 * Perpetrator Xa on P1 (no risk assessment: one more missing): a warning
 * letter (level 1, in sequence), then a CPNW (level 3, out of sequence, with
 * a justification), and a verbal warning withdrawn (not counted).
 */
describe('compliance reports', () => {
  let t: TestApp;
  let pc: TestUser;
  let sgt: TestUser;
  let cbc: TestUser;
  let cbcSup: TestUser;
  let blabySup: TestUser;
  let analyst: TestUser;
  let adminToken: string;
  const ids: Record<string, string> = {};
  const auth = (u: TestUser | string) => ({ Authorization: `Bearer ${typeof u === 'string' ? u : u.token}` });
  const get = (path: string, who: TestUser | string) => t.http().get(`/api/v1/reports/${path}`).set(auth(who));
  const ago = (days: number) => daysAgo(days);

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = t.adminToken;
    pc = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Plod');
    sgt = await t.createUser('LEICS-POLICE', ['supervisor'], 'Sgt Review');
    cbc = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'Charnwood Officer');
    cbcSup = await t.createUser('CHARNWOOD-BC', ['supervisor'], 'Charnwood Supervisor');
    blabySup = await t.createUser('BLABY-DC', ['supervisor'], 'Blaby Supervisor');
    analyst = await t.createUser('LEICS-CC', ['analyst'], 'County Analyst');

    const open = async (key: string, who: TestUser, npaCode: string, openedDaysAgo: number) => {
      ids[key] = (await createCase(t, who.token, { npaCode, openedAt: ago(openedDaysAgo), officerInChargeId: who.id })).id;
    };
    await open('P1', pc, 'NL', 40);
    await open('P2', pc, 'NL', 35);
    await open('P3', pc, 'NS', 60);
    await open('P4', pc, 'NL', 50);
    await open('P5', pc, 'NS', 30);
    await open('C1', cbc, 'NL', 10);
    await t.http().post(`/api/v1/cases/${ids.P5}/shares`).set(auth(pc)).send({ organisationId: cbcSup.organisationId }).expect(201);

    const victim = async (key: string, caseKey: string, who: TestUser, extra: Record<string, unknown>, addedDaysAgo: number) => {
      ids[key] = await insertPerson(t, who.organisationId, key, 'Victim');
      await addVictim(t, who.token, ids[caseKey], ids[key], extra);
      await t.db.query(`UPDATE case_parties SET added_at = $3 WHERE case_id = $1 AND person_id = $2`, [ids[caseKey], ids[key], ago(addedDaysAgo)]);
    };
    await victim('Va', 'P1', pc, { updateFrequencyDays: 7 }, 20);
    await victim('Vb', 'P1', pc, { updateFrequencyDays: 28 }, 20);
    await victim('Vc', 'P5', pc, { updatesDeclined: true }, 20);
    await victim('Vd', 'C1', cbc, { updateFrequencyDays: 14 }, 20);
    await victim('Ve', 'P4', pc, { updateFrequencyDays: 7 }, 40);
    await t.http().post(`/api/v1/cases/${ids.P1}/victims/${ids.Va}/updates`).set(auth(pc)).send({ method: 'phone', summary: 'Called', contactedAt: ago(10) }).expect(201);

    const review = (key: string, reviewedDaysAgo: number, extra: Record<string, unknown> = {}) =>
      t.http().post(`/api/v1/cases/${ids[key]}/reviews`).set(auth(sgt))
        .send({ summary: 'Reviewed', decision: 'continue', riskAssessmentsChecked: true, reviewedAt: ago(reviewedDaysAgo), ...extra }).expect(201);
    await review('P2', 20);
    await review('P3', 25);
    await review('P4', 10, { decision: 'close', outcome: 'resolved' });

    const assess = (key: string, assessedDaysAgo: number) =>
      t.http().post(`/api/v1/cases/${ids[key]}/risk-assessments`).set(auth(pc)).send({ subject: 'case', answers: CASE_NO, assessedAt: ago(assessedDaysAgo) }).expect(201);
    await assess('P2', 0);
    await assess('P3', 40);

    ids.Xa = await insertPerson(t, pc.organisationId, 'Xander', 'Perp');
    await t.db.query(`UPDATE people SET date_of_birth = '1990-01-01' WHERE id = $1`, [ids.Xa]);
    await t.http().post(`/api/v1/cases/${ids.P1}/perpetrators`).set(auth(pc)).send({ personId: ids.Xa }).expect(201);
    const intervene = (body: Record<string, unknown>) =>
      t.http().post(`/api/v1/cases/${ids.P1}/perpetrators/${ids.Xa}/interventions`).set(auth(pc)).send(body).expect(201);
    await intervene({ type: 'warning_letter' });
    await intervene({ type: 'community_protection_warning', complianceDueAt: new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString(), justification: 'Threats to neighbours after the letter' });
    const withdrawn = await intervene({ type: 'verbal_warning' });
    await t.http().post(`/api/v1/interventions/${withdrawn.body.id}/withdraw`).set(auth(pc)).send({ reason: 'Recorded against the wrong person' }).expect(200);
  });
  afterAll(() => t.close());

  describe('GET /reports/compliance', () => {
    it('gives a police supervisor the figures of the cases their force can see', async () => {
      const res = await get('compliance', sgt).expect(200);
      expect(res.body).toMatchObject({
        period: { from: null, to: null },
        // open: P1 P2 P3 P5; non-compliant P1 (case, Va, Vb, Xa missing), P3 (overdue), P5 (case, Vc missing)
        riskAssessments: { openCases: 4, casesNonCompliant: 3, missing: 6, reviewOverdue: 1, compliancePercent: 25 },
        // overdue P1, P5; all time: answered P2 (on time), P3 (late), P4 (late) + unanswered P1, P5
        supervisoryReviews: { openCases: 4, overdue: 2, compliancePercent: 50, dueInPeriod: 5, doneOnTimeInPeriod: 1, onTimePercentInPeriod: 20 },
        // Va overdue, Vb on time, Vc declined; Ve is on a closed case
        victimUpdates: { victims: 2, overdue: 1, compliancePercent: 50, declined: 1 },
        // the letter and the CPNW; the withdrawn verbal warning is not counted
        incrementalApproach: { interventions: 2, outOfSequence: 1, adherencePercent: 50 },
      });
      expect(Math.abs(Date.parse(res.body.asOf) - Date.now())).toBeLessThan(60_000);
    });

    it('counts only the review due dates that fell in the period', async () => {
      const res = await get(`compliance?from=${encodeURIComponent(ago(30))}&to=${encodeURIComponent(new Date().toISOString())}`, sgt).expect(200);
      // P3's review answered day -32, before the period: out. P2 (-7, on time), P4 (-22, late), P1 (-12), P5 (-2) in.
      expect(res.body.supervisoryReviews).toMatchObject({ dueInPeriod: 4, doneOnTimeInPeriod: 1, onTimePercentInPeriod: 25 });
      // The point-in-time figures do not move with the period.
      expect(res.body.supervisoryReviews).toMatchObject({ openCases: 4, overdue: 2 });
      expect(res.body.incrementalApproach).toEqual({ interventions: 2, outOfSequence: 1, adherencePercent: 50 });
      const early = await get(`compliance?to=${encodeURIComponent(ago(31))}`, sgt).expect(200);
      expect(early.body.supervisoryReviews).toMatchObject({ dueInPeriod: 1, doneOnTimeInPeriod: 0, onTimePercentInPeriod: 0 });
      expect(early.body.incrementalApproach).toEqual({ interventions: 0, outOfSequence: 0, adherencePercent: null });
    });

    it('gives analysts and admins the whole partnership', async () => {
      for (const who of [analyst, adminToken]) {
        const res = await get('compliance', who).expect(200);
        expect(res.body).toMatchObject({
          riskAssessments: { openCases: 5, casesNonCompliant: 4, missing: 8, reviewOverdue: 1, compliancePercent: 20 },
          supervisoryReviews: { openCases: 5, overdue: 2, compliancePercent: 60, dueInPeriod: 5, doneOnTimeInPeriod: 1 },
          victimUpdates: { victims: 3, overdue: 2, compliancePercent: 33.3, declined: 1 },
          incrementalApproach: { interventions: 2, outOfSequence: 1, adherencePercent: 50 },
        });
      }
    });

    it('gives a council supervisor its own cases and those shared with it', async () => {
      const res = await get('compliance', cbcSup).expect(200);
      expect(res.body).toMatchObject({
        // C1 and the shared P5
        riskAssessments: { openCases: 2, casesNonCompliant: 2, missing: 4, reviewOverdue: 0, compliancePercent: 0 },
        supervisoryReviews: { openCases: 2, overdue: 1, compliancePercent: 50, dueInPeriod: 1, doneOnTimeInPeriod: 0 },
        victimUpdates: { victims: 1, overdue: 1, compliancePercent: 0, declined: 1 },
        incrementalApproach: { interventions: 0, outOfSequence: 0, adherencePercent: null },
      });
      const blaby = await get('compliance', blabySup).expect(200);
      expect(blaby.body).toMatchObject({
        riskAssessments: { openCases: 0, casesNonCompliant: 0, missing: 0, reviewOverdue: 0, compliancePercent: null },
        supervisoryReviews: { openCases: 0, overdue: 0, compliancePercent: null, dueInPeriod: 0, doneOnTimeInPeriod: 0, onTimePercentInPeriod: null },
        victimUpdates: { victims: 0, overdue: 0, compliancePercent: null },
      });
    });

    it('filters by NPA, CSP and lead organisation', async () => {
      const ns = await get('compliance?npaCode=NS', sgt).expect(200);
      // P3, P5
      expect(ns.body.supervisoryReviews).toMatchObject({ openCases: 2, overdue: 1, dueInPeriod: 2, doneOnTimeInPeriod: 0 });
      expect(ns.body.riskAssessments).toMatchObject({ openCases: 2, casesNonCompliant: 2, missing: 2, reviewOverdue: 1 });
      const csp = await get('compliance?cspCode=LEICESTER', sgt).expect(200);
      expect(csp.body.supervisoryReviews).toEqual(ns.body.supervisoryReviews);
      const charnwood = await get(`compliance?organisationId=${cbcSup.organisationId}`, analyst).expect(200);
      expect(charnwood.body).toMatchObject({
        riskAssessments: { openCases: 1, casesNonCompliant: 1, missing: 2 },
        supervisoryReviews: { openCases: 1, overdue: 0, compliancePercent: 100 },
        victimUpdates: { victims: 1, overdue: 1 },
      });
      const nlPolice = await get(`compliance?npaCode=NL&organisationId=${sgt.organisationId}`, analyst).expect(200);
      // P1, P2 open; P4 closed
      expect(nlPolice.body.supervisoryReviews).toMatchObject({ openCases: 2, overdue: 1, dueInPeriod: 3, doneOnTimeInPeriod: 1 });
      expect(nlPolice.body.incrementalApproach).toMatchObject({ interventions: 2, outOfSequence: 1 });
      expect((await get('compliance?npaCode=NS', sgt).expect(200)).body.incrementalApproach.interventions).toBe(0);
    });

    it('comes as one CSV row with a column per figure', async () => {
      const res = await get('compliance?format=csv', sgt).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const [header, row, end] = res.text.split('\r\n');
      expect(end).toBe('');
      const cells = Object.fromEntries(header.split(',').map((h, i) => [h, row.split(',')[i]]));
      expect(cells).toMatchObject({
        from: '', to: '',
        riskOpenCases: '4', riskCasesNonCompliant: '3', riskMissing: '6', riskReviewOverdue: '1', riskCompliancePercent: '25',
        reviewsOpenCases: '4', reviewsOverdue: '2', reviewsCompliancePercent: '50', reviewsDueInPeriod: '5', reviewsDoneOnTimeInPeriod: '1', reviewsOnTimePercentInPeriod: '20',
        victims: '2', victimsOverdue: '1', victimsCompliancePercent: '50', victimsDeclined: '1',
        interventions: '2', interventionsOutOfSequence: '1', adherencePercent: '50',
      });
      const byAccept = await get('compliance', sgt).set('Accept', 'text/csv').expect(200);
      expect(byAccept.text.split('\r\n')[1].split(',').slice(3)).toEqual(row.split(',').slice(3));
    });

    it('refuses callers who may not see reports, and bad filters', async () => {
      expectError(await get('compliance', pc), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/reports/compliance'), 401, 'UNAUTHENTICATED');
      const backwards = await get('compliance?from=2026-11-02&to=2026-11-01', sgt);
      expectError(backwards, 400, 'VALIDATION_FAILED');
      expect(backwards.body.details).toEqual([{ field: 'from', message: 'from must not be after to' }]);
      expect(await get('compliance?from=2026-11-01&to=2026-11-01', sgt).then((r) => r.status)).toBe(200);
      expect((await get('compliance?npaCode=XX', sgt).expect(400)).body.details).toEqual([{ field: 'npaCode', message: 'there is no NPA XX' }]);
      expect((await get('compliance?cspCode=NOWHERE', sgt).expect(400)).body.details).toEqual([{ field: 'cspCode', message: 'there is no CSP NOWHERE' }]);
      expectError(await get('compliance?organisationId=00000000-0000-4000-8000-000000000000', sgt), 400, 'VALIDATION_FAILED');
      for (const bad of ['from=yesterday', 'to=2026-02-30', 'npaCode=nl!', 'organisationId=42', 'format=pdf', 'colour=red']) {
        expectError(await get(`compliance?${bad}`, sgt), 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('GET /reports/supervisory-reviews/overdue', () => {
    it('lists the overdue cases a supervisor can see, most overdue first, with days overdue', async () => {
      const res = await get('supervisory-reviews/overdue', sgt).expect(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.map((r: { caseId: string }) => r.caseId)).toEqual([ids.P1, ids.P5]);
      const [p1, p5] = res.body.items;
      expect(p1).toMatchObject({
        npaCode: 'NL', cspCode: 'CHARNWOOD',
        leadOrganisation: { id: sgt.organisationId, name: 'Leicestershire Police' },
        officerInCharge: { id: pc.id, name: 'PC Plod' },
        lastReviewedAt: null,
        daysOverdue: 12,
      });
      expect(p1.caseReference).toMatch(/^ASB-\d{4}-\d{6}$/);
      expect(Date.parse(p1.reviewDueAt) - Date.parse(p1.openedAt)).toBe(28 * 24 * 3600 * 1000);
      expect(p5).toMatchObject({ npaCode: 'NS', cspCode: 'LEICESTER', daysOverdue: 2 });
    });

    it('pages with a cursor and gives the partnership to analysts', async () => {
      const first = await get('supervisory-reviews/overdue?limit=1', analyst).expect(200);
      expect(first.body.items.map((r: { caseId: string }) => r.caseId)).toEqual([ids.P1]);
      const second = await get(`supervisory-reviews/overdue?limit=1&cursor=${first.body.nextCursor}`, analyst).expect(200);
      expect(second.body).toMatchObject({ items: [expect.objectContaining({ caseId: ids.P5 })], nextCursor: null });
      expect((await get('supervisory-reviews/overdue', cbcSup).expect(200)).body.items.map((r: { caseId: string }) => r.caseId)).toEqual([ids.P5]);
      expect((await get('supervisory-reviews/overdue', blabySup).expect(200)).body.items).toEqual([]);
    });

    it('filters by NPA and by due dates in the period', async () => {
      expect((await get('supervisory-reviews/overdue?npaCode=NL', sgt).expect(200)).body.items.map((r: { caseId: string }) => r.caseId)).toEqual([ids.P1]);
      const recent = await get(`supervisory-reviews/overdue?from=${encodeURIComponent(ago(5))}`, sgt).expect(200);
      expect(recent.body.items.map((r: { caseId: string }) => r.caseId)).toEqual([ids.P5]);
    });

    it('comes as CSV', async () => {
      const res = await get('supervisory-reviews/overdue', sgt).set('Accept', 'text/csv').expect(200);
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('caseReference,npaCode,cspCode,leadOrganisation,officerInCharge,openedAt,lastReviewedAt,reviewDueAt,daysOverdue');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/^ASB-\d{4}-\d{6},NL,CHARNWOOD,Leicestershire Police,PC Plod,[^,]+,,[^,]+,12$/);
      expect(lines[2]).toMatch(/,NS,LEICESTER,Leicestershire Police,PC Plod,[^,]+,,[^,]+,2$/);
    });

    it('refuses caseworkers, bad cursors and bad periods', async () => {
      expectError(await get('supervisory-reviews/overdue', pc), 403, 'FORBIDDEN');
      expectError(await get('supervisory-reviews/overdue?cursor=bm9wZQ', sgt), 400, 'VALIDATION_FAILED');
      expectError(await get('supervisory-reviews/overdue?limit=201', sgt), 400, 'VALIDATION_FAILED');
      expectError(await get('supervisory-reviews/overdue?from=2026-12-01&to=2026-11-01', sgt), 400, 'VALIDATION_FAILED');
    });
  });
});
