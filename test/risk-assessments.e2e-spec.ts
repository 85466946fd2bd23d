import { addParty, insertCase, insertIncident, insertPerson } from './support/fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const DAY = 86_400_000;
const no = (codes: string[]) => Object.fromEntries(codes.map((c) => [c, false]));
const VICTIM_NO = no(['V1', 'V2', 'V3', 'V4', 'V6', 'V7', 'V8', 'V9', 'V10', 'V11', 'V12']);
const PERP_NO = no(['P1', 'P2', 'P3', 'P4', 'P5', 'P7', 'P8', 'P9', 'P10']);
const CASE_NO = no(['C1', 'C2', 'C3', 'C4', 'C6', 'C7', 'C8']);

describe('risk assessments', () => {
  let t: TestApp;
  let worker: TestUser;
  let police: TestUser;
  let analyst: TestUser;
  let caseId: string;
  let victimId: string;
  let perpId: string;
  const auth = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const count = async () => Number((await t.db.query(`SELECT count(*) FROM risk_assessments`)).rows[0].count);

  beforeAll(async () => {
    t = await createTestApp();
    worker = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'Amy Jones');
    police = await t.createUser('LEICS-POLICE', ['caseworker']);
    analyst = await t.createUser('CHARNWOOD-BC', ['analyst']);
    ({ id: caseId } = await insertCase(t.db, t.orgs['CHARNWOOD-BC'], { officerInChargeId: worker.id, openedAt: new Date(Date.now() - 10 * DAY) }));
    victimId = await insertPerson(t.db, t.orgs['CHARNWOOD-BC'], { lastName: 'Victim' });
    perpId = await insertPerson(t.db, t.orgs['CHARNWOOD-BC'], { lastName: 'Young', dateOfBirth: new Date(Date.now() - 15 * 365 * DAY).toISOString().slice(0, 10) });
    await addParty(t.db, caseId, victimId, 'victim');
    await addParty(t.db, caseId, perpId, 'perpetrator');
  });
  afterAll(() => t.close());

  it('lists the current templates exactly as tabled', async () => {
    const res = await t.http().get('/api/v1/risk-assessment-templates').set(auth(worker)).expect(200);
    expect(res.body.map((x: { subject: string }) => x.subject)).toEqual(['case', 'victim', 'perpetrator']);
    const victim = res.body.find((x: { subject: string }) => x.subject === 'victim');
    expect(victim).toMatchObject({ version: 1, thresholds: { medium: 6, high: 12 } });
    expect(victim.questions[4]).toEqual({ code: 'V5', text: 'Is the victim a repeat victim?', weight: 2, answeredByService: true });
    await t.http().get('/api/v1/risk-assessment-templates').expect(401);
  });

  it('shows every required assessment as missing at first', async () => {
    const res = await t.http().get('/api/v1/risk-assessments/missing?npaCode=NL').set(auth(worker)).expect(200);
    expect(res.body.items.map((r: { subject: string }) => r.subject).sort()).toEqual(['case', 'perpetrator', 'victim']);
    expect(res.body.items[0]).toMatchObject({ caseId, npaCode: 'NL', officerInChargeId: worker.id, problem: 'missing', daysOutstanding: 10 });
  });

  it('scores a victim assessment and answers V5 itself (repeat victim)', async () => {
    await insertIncident(t.db, caseId, new Date(Date.now() - 5 * DAY), [victimId]);
    await insertIncident(t.db, caseId, new Date(Date.now() - 2 * DAY), [victimId]);
    const res = await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker))
      .send({ subject: 'victim', personId: victimId, answers: { ...VICTIM_NO, V1: true, V5: false, V7: true } }).expect(201);
    expect(res.body).toMatchObject({ subject: 'victim', personId: victimId, templateVersion: 1, score: 6, computedLevel: 'medium', level: 'medium', overrideReason: null });
    expect(res.body.answers.V5).toBe(true);
    expect(new Date(res.body.reviewDueAt).getTime() - new Date(res.body.assessedAt).getTime()).toBe(28 * DAY);
  });

  it('answers P6 from the date of birth and allows raising the level with a reason', async () => {
    const res = await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker))
      .send({ subject: 'perpetrator', personId: perpId, answers: { ...PERP_NO, P1: true }, level: 'high', overrideReason: 'Threats with a knife reported' }).expect(201);
    expect(res.body).toMatchObject({ score: 4, computedLevel: 'standard', level: 'high', overrideReason: 'Threats with a knife reported' });
    expect(res.body.answers.P6).toBe(true);
    expect(new Date(res.body.reviewDueAt).getTime() - new Date(res.body.assessedAt).getTime()).toBe(14 * DAY);
  });

  it('refuses to lower the level, or raise it without a reason, writing nothing', async () => {
    const before = await count();
    const high = { ...CASE_NO, C1: true, C2: true, C4: true };
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: high, level: 'medium', overrideReason: 'x' }), 422, 'RISK_LEVEL_BELOW_COMPUTED');
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: CASE_NO, level: 'high' }), 400, 'VALIDATION_FAILED');
    expect(await count()).toBe(before);
  });

  it('lists unanswered questions, refuses unknown codes and bad shapes', async () => {
    const partial = { ...CASE_NO };
    delete partial.C3;
    const res = await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: partial });
    expectError(res, 400, 'RISK_ANSWERS_INCOMPLETE');
    expect(res.body.details).toEqual([{ field: 'answers.C3', message: 'not answered' }]);
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: { ...CASE_NO, X9: true } }), 400, 'VALIDATION_FAILED');
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: { ...CASE_NO, C1: 'yes' } }), 400, 'VALIDATION_FAILED');
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'nobody', answers: {} }), 400, 'VALIDATION_FAILED');
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: CASE_NO, assessedAt: new Date(Date.now() + DAY).toISOString() }), 400, 'TIME_IN_FUTURE');
    expectError(await t.http().post(`/api/v1/cases/not-a-uuid/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: CASE_NO }), 400, 'VALIDATION_FAILED');
  });

  it('refuses a person who is not a victim (or perpetrator) on the case', async () => {
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'victim', personId: perpId, answers: VICTIM_NO }), 422, 'PERSON_NOT_ON_CASE');
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'victim', answers: VICTIM_NO }), 400, 'VALIDATION_FAILED');
  });

  it('hides another organisation\'s case and refuses roles without casework', async () => {
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(police)).send({ subject: 'case', answers: CASE_NO }), 404, 'NOT_FOUND');
    expectError(await t.http().get(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(police)), 404, 'NOT_FOUND');
    expectError(await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(analyst)).send({ subject: 'case', answers: CASE_NO }), 403, 'FORBIDDEN');
    expect((await t.http().get('/api/v1/risk-assessments/missing').set(auth(police)).expect(200)).body.items).toEqual([]);
  });

  it('answers C5 from a vulnerable victim, replaces the current assessment and keeps history', async () => {
    await t.db.query(`UPDATE people SET vulnerabilities = '{disability}' WHERE id = $1`, [victimId]);
    const old = await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker))
      .send({ subject: 'case', answers: CASE_NO, assessedAt: new Date(Date.now() - 40 * DAY).toISOString() }).expect(201);
    expect(old.body).toMatchObject({ score: 2, computedLevel: 'standard', isCurrent: true });
    let missing = (await t.http().get('/api/v1/risk-assessments/missing').set(auth(worker)).expect(200)).body.items;
    expect(missing).toEqual([expect.objectContaining({ subject: 'case', problem: 'review_overdue', daysOutstanding: 12 })]);

    const fresh = await t.http().post(`/api/v1/cases/${caseId}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: { ...CASE_NO, C4: true } }).expect(201);
    expect(fresh.body).toMatchObject({ score: 5, computedLevel: 'medium', isCurrent: true });
    missing = (await t.http().get('/api/v1/risk-assessments/missing').set(auth(worker)).expect(200)).body.items;
    expect(missing).toEqual([]);

    const history = await t.http().get(`/api/v1/cases/${caseId}/risk-assessments?limit=2`).set(auth(worker)).expect(200);
    expect(history.body.items.map((a: { id: string }) => a.id)[0]).toBe(fresh.body.id);
    expect(history.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.http().get(`/api/v1/cases/${caseId}/risk-assessments?limit=2&cursor=${history.body.nextCursor}`).set(auth(worker)).expect(200);
    expect(page2.body.items.map((a: { id: string }) => a.id)).toContain(old.body.id);
    expect(page2.body.items.find((a: { id: string }) => a.id === old.body.id).isCurrent).toBe(false);
  });

  it('shows the current level and compliance on the case, and filters the case list by it', async () => {
    const c = await t.http().get(`/api/v1/cases/${caseId}`).set(auth(worker)).expect(200);
    expect(c.body).toMatchObject({ riskLevel: 'medium', missingRiskAssessments: [] });
    const other = await insertCase(t.db, t.orgs['CHARNWOOD-BC']);
    const o = await t.http().get(`/api/v1/cases/${other.id}`).set(auth(worker)).expect(200);
    expect(o.body).toMatchObject({ riskLevel: null, missingRiskAssessments: [{ subject: 'case', problem: 'missing' }] });
    const missing = await t.http().get('/api/v1/cases?missingRiskAssessment=true').set(auth(worker)).expect(200);
    expect(missing.body.items.map((x: { id: string }) => x.id)).toEqual([other.id]);
    const compliant = await t.http().get('/api/v1/cases?missingRiskAssessment=false').set(auth(worker)).expect(200);
    expect(compliant.body.items.map((x: { id: string }) => x.id)).toEqual([caseId]);
    await t.db.query(`UPDATE risk_assessments SET review_due_at = now() - interval '1 day' WHERE case_id = $1 AND subject = 'perpetrator' AND is_current`, [caseId]);
    const overdue = await t.http().get(`/api/v1/cases/${caseId}`).set(auth(worker)).expect(200);
    expect(overdue.body.missingRiskAssessments).toEqual([{ subject: 'perpetrator', personId: perpId, problem: 'review_overdue' }]);
    const again = await t.http().get('/api/v1/cases?missingRiskAssessment=true').set(auth(worker)).expect(200);
    expect(again.body.items.map((x: { id: string }) => x.id).sort()).toEqual([caseId, other.id].sort());
  });

  it('refuses an assessment on a closed case', async () => {
    const closed = await insertCase(t.db, t.orgs['CHARNWOOD-BC'], { status: 'closed' });
    expectError(await t.http().post(`/api/v1/cases/${closed.id}/risk-assessments`).set(auth(worker)).send({ subject: 'case', answers: CASE_NO }), 422, 'CASE_CLOSED');
  });

  it('audits assessments', async () => {
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'risk_assessment' AND action = 'create' AND case_id = $1`, [caseId]);
    expect(rows[0].n).toBe(4);
  });
});
