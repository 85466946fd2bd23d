import { randomUUID } from 'node:crypto';
import { addVictim, count, createCase, daysAgo, daysAhead, insertPerson, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const REVIEW_KEYS = [
  'id', 'caseId', 'reviewerId', 'reviewedAt', 'summary', 'decision', 'outcome', 'riskAssessmentsChecked', 'nextActions', 'dueAt', 'onTime', 'createdAt',
].sort();
const CASE_NO = Object.fromEntries(['C1', 'C2', 'C3', 'C4', 'C6', 'C7', 'C8'].map((c) => [c, false]));

describe('supervision and victim contact', () => {
  let t: TestApp;
  let pc: TestUser; // police caseworker
  let sgt: TestUser; // police supervisor
  let oicSgt: TestUser; // police supervisor who is officer in charge of the cases below
  let cbcSup: TestUser; // Charnwood supervisor: the cases are shared with Charnwood
  let blabySup: TestUser; // Blaby supervisor: nothing is shared with Blaby
  let analyst: TestUser;
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Plod');
    sgt = await t.createUser('LEICS-POLICE', ['supervisor'], 'Sgt Review');
    oicSgt = await t.createUser('LEICS-POLICE', ['supervisor', 'caseworker'], 'Sgt In Charge');
    cbcSup = await t.createUser('CHARNWOOD-BC', ['supervisor'], 'Charnwood Supervisor');
    blabySup = await t.createUser('BLABY-DC', ['supervisor'], 'Blaby Supervisor');
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);
  });
  afterAll(() => t.close());

  /** A police case opened `openedAgoMs` ago through the API, officer in charge oicSgt, shared with Charnwood. */
  interface CaseBody { id: string; openedAt: string; reviewDueAt: string; reviewOverdue: boolean }
  async function policeCase(openedAgoMs = 0): Promise<CaseBody> {
    const c = (await createCase(t, pc.token, { openedAt: new Date(Date.now() - openedAgoMs).toISOString(), officerInChargeId: oicSgt.id })) as CaseBody;
    await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(pc)).send({ organisationId: cbcSup.organisationId }).expect(201);
    return c;
  }
  const getCase = async (id: string) => (await t.http().get(`/api/v1/cases/${id}`).set(auth(pc)).expect(200)).body;
  const review = (id: string, body: Record<string, unknown> = {}, who = sgt) =>
    t.http().post(`/api/v1/cases/${id}/reviews`).set(auth(who)).send({ summary: 'Reviewed the file', decision: 'continue', riskAssessmentsChecked: true, ...body });
  const overdueIds = async () => {
    const res = await t.http().get('/api/v1/cases?reviewOverdue=true&limit=200').set(auth(pc)).expect(200);
    return res.body.items.map((c: { id: string }) => c.id);
  };

  describe('the 28-day review clock', () => {
    it('is on time 28 days less a minute after opening, overdue after 29 days, and lists overdue cases', async () => {
      const onTime = await policeCase(28 * DAY - MINUTE);
      const late = await policeCase(29 * DAY);
      expect(Date.parse(onTime.reviewDueAt) - Date.parse(onTime.openedAt)).toBe(28 * DAY);
      expect(onTime.reviewOverdue).toBe(false);
      expect(late.reviewOverdue).toBe(true);
      expect((await getCase(onTime.id)).reviewOverdue).toBe(false);
      expect((await getCase(late.id)).reviewOverdue).toBe(true);
      const overdue = await overdueIds();
      expect(overdue).toContain(late.id);
      expect(overdue).not.toContain(onTime.id);
    });

    it('moves reviewDueAt to reviewedAt + 28 days and clears overdue', async () => {
      const c = await policeCase(29 * DAY);
      const before = Date.now();
      const res = await review(c.id, { nextActions: 'Visit the victim' }).expect(201);
      expect(Object.keys(res.body).filter((k) => k !== 'caseReviewDueAt').sort()).toEqual(REVIEW_KEYS);
      expect(res.body).toMatchObject({
        caseId: c.id,
        reviewerId: sgt.id,
        summary: 'Reviewed the file',
        decision: 'continue',
        outcome: null,
        riskAssessmentsChecked: true,
        nextActions: 'Visit the victim',
        dueAt: c.reviewDueAt,
        onTime: false,
      });
      const reviewedAt = Date.parse(res.body.reviewedAt);
      expect(reviewedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(reviewedAt).toBeLessThanOrEqual(Date.now() + 1000);
      expect(Date.parse(res.body.caseReviewDueAt) - reviewedAt).toBe(28 * DAY);

      const got = await getCase(c.id);
      expect(Date.parse(got.reviewDueAt) - reviewedAt).toBe(28 * DAY);
      expect(got.reviewOverdue).toBe(false);
      expect(await overdueIds()).not.toContain(c.id);
      expect(await count(t, 'audit_events', `entity_type = 'case_review' AND action = 'create' AND entity_id = $1 AND case_id = $2`, [res.body.id, c.id])).toBe(1);
      expect(await count(t, 'audit_events', `entity_type = 'case' AND action = 'update' AND entity_id = $1 AND details->>'change' = 'review'`, [c.id])).toBe(1);
    });

    it('takes a back-dated review: the case stays overdue when reviewedAt + 28 days has passed', async () => {
      const c = await policeCase(60 * DAY);
      const reviewedAt = daysAgo(30);
      const res = await review(c.id, { reviewedAt }).expect(201);
      expect(res.body.reviewedAt).toBe(reviewedAt);
      expect(res.body.onTime).toBe(false);
      const got = await getCase(c.id);
      expect(got.reviewDueAt).toBe(new Date(Date.parse(reviewedAt) + 28 * DAY).toISOString());
      expect(got.reviewOverdue).toBe(true);
      // An on-time review of the next due date.
      const next = await review(c.id, { reviewedAt: daysAgo(3) }).expect(201);
      expect(next.body).toMatchObject({ dueAt: got.reviewDueAt, onTime: true });
      expect((await getCase(c.id)).reviewOverdue).toBe(false);
    });

    it('lists the reviews newest first, paginated, to anyone who can see the case', async () => {
      const c = await policeCase(90 * DAY);
      const ids: string[] = [];
      for (const n of [80, 50, 20]) ids.push((await review(c.id, { reviewedAt: daysAgo(n), summary: `review ${n}` }).expect(201)).body.id);
      const first = await t.http().get(`/api/v1/cases/${c.id}/reviews?limit=2`).set(auth(pc)).expect(200);
      expect(first.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
      expect(Object.keys(first.body.items[0]).sort()).toEqual(REVIEW_KEYS);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http().get(`/api/v1/cases/${c.id}/reviews?limit=2&cursor=${first.body.nextCursor}`).set(auth(cbcSup)).expect(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0], summary: 'review 80' })], nextCursor: null });

      expectError(await t.http().get(`/api/v1/cases/${c.id}/reviews`).set(auth(blabySup)), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/v1/cases/${c.id}/reviews`), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get(`/api/v1/cases/${c.id}/reviews`).set(auth(analyst)), 403, 'FORBIDDEN');
      expectError(await t.http().get(`/api/v1/cases/${c.id}/reviews?cursor=garbage`).set(auth(pc)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get(`/api/v1/cases/not-a-uuid/reviews`).set(auth(pc)), 400, 'VALIDATION_FAILED');
    });

    it('refuses every review it may not take, writing nothing', async () => {
      const c = await policeCase(40 * DAY);
      await review(c.id, { reviewedAt: daysAgo(10) }).expect(201);
      const reviews = await count(t, 'case_reviews');
      const due = (await getCase(c.id)).reviewDueAt;

      expectError(await t.http().post(`/api/v1/cases/${c.id}/reviews`).send({ summary: 'x', decision: 'continue', riskAssessmentsChecked: true }), 401, 'UNAUTHENTICATED');
      expectError(await review(c.id, {}, pc), 403, 'FORBIDDEN');
      expectError(await review(c.id, {}, analyst), 403, 'FORBIDDEN');
      expectError(await review(c.id, {}, oicSgt), 422, 'REVIEWER_IS_OFFICER_IN_CHARGE');
      expectError(await review(c.id, {}, cbcSup), 403, 'REVIEWER_NOT_IN_LEAD_ORGANISATION');
      expectError(await review(c.id, {}, blabySup), 404, 'NOT_FOUND');
      expectError(await review(randomUUID()), 404, 'NOT_FOUND');
      expectError(await review('not-a-uuid'), 400, 'VALIDATION_FAILED');
      const future = await review(c.id, { reviewedAt: daysAhead(1) });
      expectError(future, 400, 'TIME_IN_FUTURE');
      expect(future.body.details).toEqual([expect.objectContaining({ field: 'reviewedAt' })]);
      const beforePrevious = await review(c.id, { reviewedAt: daysAgo(11) });
      expectError(beforePrevious, 400, 'VALIDATION_FAILED');
      expect(beforePrevious.body.message).toContain('previous review');
      expectError(await review(c.id, { reviewedAt: daysAgo(41) }), 400, 'VALIDATION_FAILED');
      expectError(await review(c.id, { reviewedAt: 'yesterday' }), 400, 'VALIDATION_FAILED');
      expectError(await review(c.id, { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
      expectError(await review(c.id, { riskAssessmentsChecked: 'yes' }), 400, 'VALIDATION_FAILED');
      expectError(await review(c.id, { summary: '  ' }), 400, 'VALIDATION_FAILED');
      expectError(await review(c.id, { colour: 'red' }), 400, 'VALIDATION_FAILED');
      const closeWithoutOutcome = await review(c.id, { decision: 'close' });
      expectError(closeWithoutOutcome, 400, 'VALIDATION_FAILED');
      expect(closeWithoutOutcome.body.details).toEqual([expect.objectContaining({ field: 'outcome' })]);
      expectError(await review(c.id, { outcome: 'resolved' }), 400, 'VALIDATION_FAILED');

      expect(await count(t, 'case_reviews')).toBe(reviews);
      expect((await getCase(c.id)).reviewDueAt).toBe(due);
      expect(await count(t, 'audit_events', `entity_type = 'case_review' AND action = 'create' AND case_id = $1`, [c.id])).toBe(1);
    });
  });

  describe('closing and reopening', () => {
    it('closes a case through a closing review, and then the case takes no new casework', async () => {
      const c = await policeCase(40 * DAY);
      const victim = await insertPerson(t, pc.organisationId, 'Vic', 'Closed');
      const other = await insertPerson(t, pc.organisationId, 'Late', 'Comer');
      await addVictim(t, pc.token, c.id, victim);
      const before = Date.now();
      const res = await t.http().post(`/api/v1/cases/${c.id}/close`).set(auth(sgt)).send({ outcome: 'resolved', summary: 'Perpetrator moved away' }).expect(200);
      expect(res.body).toMatchObject({ id: c.id, status: 'closed', closeOutcome: 'resolved', reviewOverdue: false, reopenedAt: null });
      expect(Date.parse(res.body.closedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(res.body.victims[0]).toMatchObject({ personId: victim, updateOverdue: false });
      const { rows } = await t.db.query(`SELECT decision, outcome, summary, reviewer_id, due_at FROM case_reviews WHERE case_id = $1`, [c.id]);
      expect(rows).toEqual([{ decision: 'close', outcome: 'resolved', summary: 'Perpetrator moved away', reviewer_id: sgt.id, due_at: new Date(c.reviewDueAt) }]);
      expect(await count(t, 'audit_events', `entity_type = 'case' AND action = 'update' AND entity_id = $1 AND details->>'change' = 'close'`, [c.id])).toBe(1);
      expect(await overdueIds()).not.toContain(c.id);
      expect((await t.http().get('/api/v1/cases?status=closed&limit=200').set(auth(pc)).expect(200)).body.items.map((x: { id: string }) => x.id)).toContain(c.id);

      const written = async () => ({
        reviews: await count(t, 'case_reviews'),
        incidents: await count(t, 'incidents'),
        parties: await count(t, 'case_parties'),
        assessments: await count(t, 'risk_assessments'),
        updates: await count(t, 'victim_updates'),
        referrals: await count(t, 'victim_first_referrals'),
        cases: (await t.db.query(`SELECT title, updated_at FROM cases WHERE id = $1`, [c.id])).rows,
        contact: (await t.db.query(`SELECT update_frequency_days FROM case_parties WHERE case_id = $1`, [c.id])).rows,
      });
      const was = await written();
      const post = (path: string, body: Record<string, unknown>, who = pc) => t.http().post(`/api/v1/cases/${c.id}${path}`).set(auth(who)).send(body);

      expectError(await post('/close', { outcome: 'other', summary: 'again' }, sgt), 422, 'CASE_CLOSED');
      expectError(await review(c.id), 422, 'CASE_CLOSED');
      expectError(await post('/incidents', { occurredAt: daysAgo(1), description: 'More noise', victimPersonIds: [victim] }), 422, 'CASE_CLOSED');
      expectError(await post('/victims', { personId: other }), 422, 'CASE_CLOSED');
      expectError(await post('/perpetrators', { personId: other }), 422, 'CASE_CLOSED');
      expectError(await post('/witnesses', { personId: other }), 422, 'CASE_CLOSED');
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/victims/${victim}`).set(auth(pc)), 422, 'CASE_CLOSED');
      expectError(await post('/risk-assessments', { subject: 'case', answers: CASE_NO }), 422, 'CASE_CLOSED');
      expectError(await post(`/victims/${victim}/updates`, { method: 'phone', summary: 'Called' }), 422, 'CASE_CLOSED');
      expectError(await post(`/victims/${victim}/victim-first-referrals`, { consent: true }), 422, 'CASE_CLOSED');
      expectError(await t.http().patch(`/api/v1/cases/${c.id}/victims/${victim}`).set(auth(pc)).send({ updateFrequencyDays: 7 }), 422, 'CASE_CLOSED');
      expectError(await t.http().patch(`/api/v1/cases/${c.id}`).set(auth(pc)).send({ title: 'Renamed' }), 422, 'CASE_CLOSED');
      expect(await written()).toEqual(was);
    });

    it('refuses closures it may not take, writing nothing', async () => {
      const c = await policeCase(5 * DAY);
      const close = (body: Record<string, unknown>, who: TestUser) => t.http().post(`/api/v1/cases/${c.id}/close`).set(auth(who)).send(body);
      const ok = { outcome: 'no_further_action', summary: 'Nothing more to do' };
      expectError(await t.http().post(`/api/v1/cases/${c.id}/close`).send(ok), 401, 'UNAUTHENTICATED');
      expectError(await close(ok, pc), 403, 'FORBIDDEN');
      expectError(await close(ok, oicSgt), 422, 'REVIEWER_IS_OFFICER_IN_CHARGE');
      expectError(await close(ok, cbcSup), 403, 'REVIEWER_NOT_IN_LEAD_ORGANISATION');
      expectError(await close(ok, blabySup), 404, 'NOT_FOUND');
      expectError(await close({ outcome: 'sorted', summary: 'x' }, sgt), 400, 'VALIDATION_FAILED');
      expectError(await close({ outcome: 'resolved' }, sgt), 400, 'VALIDATION_FAILED');
      expectError(await close({ ...ok, reason: 'x' }, sgt), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(`/api/v1/cases/nope/close`).set(auth(sgt)).send(ok), 400, 'VALIDATION_FAILED');
      expect(await count(t, 'case_reviews', 'case_id = $1', [c.id])).toBe(0);
      expect((await getCase(c.id)).status).toBe('open');
    });

    it('closes a case through a review with decision close and its outcome', async () => {
      const c = await policeCase(10 * DAY);
      const reviewedAt = daysAgo(2);
      const res = await review(c.id, { decision: 'close', outcome: 'transferred', reviewedAt }).expect(201);
      expect(res.body).toMatchObject({ decision: 'close', outcome: 'transferred', caseReviewDueAt: null });
      expect(await getCase(c.id)).toMatchObject({ status: 'closed', closedAt: reviewedAt, closeOutcome: 'transferred' });
    });

    it('reopens a closed case, restarting the review clock, and takes casework again', async () => {
      const c = await policeCase(100 * DAY);
      const victim = await insertPerson(t, pc.organisationId, 'Rita', 'Reopened');
      await addVictim(t, pc.token, c.id, victim);
      await t.db.query(`UPDATE case_parties SET added_at = now() - interval '100 days' WHERE case_id = $1`, [c.id]);
      // Closed five days ago by a back-dated closing review.
      await review(c.id, { decision: 'close', outcome: 'unable_to_contact', summary: 'No answer', reviewedAt: daysAgo(5) }).expect(201);
      expect((await getCase(c.id)).victims[0]).toMatchObject({ personId: victim, updateOverdue: false });
      const reopen = (body: Record<string, unknown>, who: TestUser) => t.http().post(`/api/v1/cases/${c.id}/reopen`).set(auth(who)).send(body);

      expectError(await reopen({ reason: 'New reports' }, pc), 403, 'FORBIDDEN');
      expectError(await reopen({ reason: 'New reports' }, cbcSup), 403, 'REVIEWER_NOT_IN_LEAD_ORGANISATION');
      expectError(await reopen({ reason: 'New reports' }, blabySup), 404, 'NOT_FOUND');
      expectError(await reopen({}, sgt), 400, 'VALIDATION_FAILED');
      expectError(await reopen({ reason: 'x', extra: 1 }, sgt), 400, 'VALIDATION_FAILED');
      expect(await count(t, 'case_reopenings', 'case_id = $1', [c.id])).toBe(0);

      const before = Date.now();
      const res = await reopen({ reason: 'New reports from the neighbours' }, oicSgt).expect(200);
      expect(res.body).toMatchObject({ status: 'open', closedAt: null, closeOutcome: null, reviewOverdue: false });
      const reopenedAt = Date.parse(res.body.reopenedAt);
      expect(reopenedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(res.body.reviewDueAt) - reopenedAt).toBe(28 * DAY);
      // Out of contact for 100 days: the victim is overdue again now the case is open.
      expect(res.body.victims[0]).toMatchObject({ personId: victim, updateOverdue: true });
      const { rows } = await t.db.query(`SELECT reason, previous_outcome, reopened_by_id FROM case_reopenings WHERE case_id = $1`, [c.id]);
      expect(rows).toEqual([{ reason: 'New reports from the neighbours', previous_outcome: 'unable_to_contact', reopened_by_id: oicSgt.id }]);
      expect(await count(t, 'audit_events', `entity_type = 'case' AND action = 'update' AND entity_id = $1 AND details->>'change' = 'reopen'`, [c.id])).toBe(1);

      expectError(await reopen({ reason: 'again' }, sgt), 409, 'CONFLICT');
      // After the closing review but before the reopening.
      const beforeReopening = await review(c.id, { reviewedAt: daysAgo(1) });
      expectError(beforeReopening, 400, 'VALIDATION_FAILED');
      expect(beforeReopening.body.message).toContain('reopened');
      await recordIncident(t, pc.token, c.id, { occurredAt: daysAgo(0.1), victimPersonIds: [victim] });
      await review(c.id).expect(201);
    });
  });

  describe('victim contact', () => {
    it('records updates, shows lastUpdateAt and updateOverdue from back-dated contacts, and lists them newest first', async () => {
      const c = await policeCase(90 * DAY);
      const victim = await insertPerson(t, pc.organisationId, 'Una', 'Updated');
      const quiet = await insertPerson(t, pc.organisationId, 'Quentin', 'Quiet');
      await addVictim(t, pc.token, c.id, victim, { updateMethod: 'phone' });
      await addVictim(t, pc.token, c.id, quiet);
      const post = (body: Record<string, unknown>) => t.http().post(`/api/v1/cases/${c.id}/victims/${victim}/updates`).set(auth(pc)).send(body);

      const old = daysAgo(40);
      const first = await post({ contactedAt: old, method: 'letter', summary: 'Wrote with the plan' }).expect(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        caseId: c.id,
        personId: victim,
        contactedAt: old,
        method: 'letter',
        summary: 'Wrote with the plan',
        recordedBy: { kind: 'user', id: pc.id },
        createdAt: expect.any(String),
      });
      let got = await getCase(c.id);
      const byId = (g: { victims: { personId: string; lastUpdateAt: string | null }[] }) => Object.fromEntries(g.victims.map((v) => [v.personId, v]));
      expect(byId(got)[victim]).toMatchObject({ lastUpdateAt: old, updateOverdue: true, updateFrequencyDays: 28 });
      expect(byId(got)[quiet]).toMatchObject({ lastUpdateAt: null, updateOverdue: false });

      const recent = daysAgo(27);
      await post({ contactedAt: recent, method: 'phone', summary: 'Rang with an update' }).expect(201);
      got = await getCase(c.id);
      expect(byId(got)[victim]).toMatchObject({ lastUpdateAt: recent, updateOverdue: false });

      // An older contact recorded late does not move lastUpdateAt back.
      const now = await post({ method: 'in_person', summary: 'Visited' }).expect(201);
      await post({ contactedAt: daysAgo(60), method: 'email', summary: 'Late entry' }).expect(201);
      got = await getCase(c.id);
      expect(byId(got)[victim].lastUpdateAt).toBe(now.body.contactedAt);

      const page1 = await t.http().get(`/api/v1/cases/${c.id}/victims/${victim}/updates?limit=3`).set(auth(cbcSup)).expect(200);
      expect(page1.body.items.map((u: { summary: string }) => u.summary)).toEqual(['Visited', 'Rang with an update', 'Wrote with the plan']);
      const page2 = await t.http().get(`/api/v1/cases/${c.id}/victims/${victim}/updates?limit=3&cursor=${page1.body.nextCursor}`).set(auth(pc)).expect(200);
      expect(page2.body).toEqual({ items: [expect.objectContaining({ summary: 'Late entry' })], nextCursor: null });
      expect(await count(t, 'audit_events', `entity_type = 'victim_update' AND action = 'create' AND case_id = $1`, [c.id])).toBe(4);
      expectError(await t.http().get(`/api/v1/cases/${c.id}/victims/${victim}/updates`).set(auth(blabySup)), 404, 'NOT_FOUND');
    });

    it('refuses updates it may not take, writing nothing', async () => {
      const c = await policeCase(10 * DAY);
      const victim = await insertPerson(t, pc.organisationId, 'Val', 'Victim');
      const perp = await insertPerson(t, pc.organisationId, 'Pat', 'Perp');
      await addVictim(t, pc.token, c.id, victim);
      await t.http().post(`/api/v1/cases/${c.id}/perpetrators`).set(auth(pc)).send({ personId: perp }).expect(201);
      const post = (personId: string, body: Record<string, unknown>, who = pc) => t.http().post(`/api/v1/cases/${c.id}/victims/${personId}/updates`).set(auth(who)).send(body);
      const ok = { method: 'phone', summary: 'Called' };

      const notVictim = await post(perp, ok);
      expectError(notVictim, 422, 'PERSON_NOT_ON_CASE');
      expectError(await post(randomUUID(), ok), 422, 'PERSON_NOT_ON_CASE');
      expectError(await post(victim, { ...ok, contactedAt: daysAhead(1) }), 400, 'TIME_IN_FUTURE');
      expectError(await post(victim, { ...ok, contactedAt: daysAgo(11) }), 400, 'VALIDATION_FAILED');
      expectError(await post(victim, { ...ok, method: 'pigeon' }), 400, 'VALIDATION_FAILED');
      expectError(await post(victim, { method: 'phone' }), 400, 'VALIDATION_FAILED');
      expectError(await post(victim, { ...ok, mood: 'fine' }), 400, 'VALIDATION_FAILED');
      expectError(await post('nope', ok), 400, 'VALIDATION_FAILED');
      expectError(await post(victim, ok, blabySup), 404, 'NOT_FOUND');
      expectError(await post(victim, ok, analyst), 403, 'FORBIDDEN');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/victims/${victim}/updates`).send(ok), 401, 'UNAUTHENTICATED');
      expect(await count(t, 'victim_updates', 'case_id = $1', [c.id])).toBe(0);
      expect(await count(t, 'audit_events', `entity_type = 'victim_update' AND case_id = $1`, [c.id])).toBe(0);
    });

    it('changes the agreed frequency, method and declining, refusing 0 and 366 days', async () => {
      const c = await policeCase(10 * DAY);
      const victim = await insertPerson(t, pc.organisationId, 'Fred', 'Frequency');
      await addVictim(t, pc.token, c.id, victim);
      await t.db.query(`UPDATE case_parties SET added_at = now() - interval '9 days' WHERE case_id = $1`, [c.id]);
      const patch = (body: Record<string, unknown>, who = pc, personId = victim) => t.http().patch(`/api/v1/cases/${c.id}/victims/${personId}`).set(auth(who)).send(body);

      const res = await patch({ updateFrequencyDays: 7, updateMethod: 'text_message' }).expect(200);
      expect(res.body).toEqual({
        personId: victim,
        displayName: 'Fred Frequency',
        repeatVictim: { isRepeat: false, incidentsLast12Months: 0 },
        updateFrequencyDays: 7,
        updateMethod: 'text_message',
        updatesDeclined: false,
        lastUpdateAt: null,
        updateOverdue: true,
      });
      expect((await patch({ updatesDeclined: true }).expect(200)).body).toMatchObject({ updatesDeclined: true, updateOverdue: false, updateFrequencyDays: 7 });
      expect((await patch({ updateMethod: null, updatesDeclined: false }).expect(200)).body).toMatchObject({ updateMethod: null, updatesDeclined: false });
      expect((await getCase(c.id)).victims[0]).toMatchObject({ updateFrequencyDays: 7, updateOverdue: true });
      expect(await count(t, 'audit_events', `entity_type = 'case_party' AND action = 'update' AND case_id = $1`, [c.id])).toBe(3);

      for (const bad of [{ updateFrequencyDays: 0 }, { updateFrequencyDays: 366 }, { updateFrequencyDays: 7.5 }, { updateFrequencyDays: null }, { updateMethod: 'fax' }, { updatesDeclined: 'no' }, { colour: 'red' }]) {
        const r = await patch(bad);
        expectError(r, 400, 'VALIDATION_FAILED');
      }
      const perp = await insertPerson(t, pc.organisationId);
      expectError(await patch({ updateFrequencyDays: 14 }, pc, perp), 422, 'PERSON_NOT_ON_CASE');
      expectError(await patch({ updateFrequencyDays: 14 }, blabySup), 404, 'NOT_FOUND');
      expectError(await patch({ updateFrequencyDays: 14 }, analyst), 403, 'FORBIDDEN');
      const { rows } = await t.db.query(`SELECT update_frequency_days, update_method, updates_declined FROM case_parties WHERE case_id = $1`, [c.id]);
      expect(rows).toEqual([{ update_frequency_days: 7, update_method: null, updates_declined: false }]);
    });

    it('refers a consenting victim to Victim First and records whether they took it up', async () => {
      const c = await policeCase(10 * DAY);
      const victim = await insertPerson(t, pc.organisationId, 'Vera', 'Referred');
      await addVictim(t, pc.token, c.id, victim);
      const url = `/api/v1/cases/${c.id}/victims/${victim}/victim-first-referrals`;

      const referredAt = daysAgo(1);
      const res = await t.http().post(url).set(auth(pc)).send({ referredAt, consent: true }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        caseId: c.id,
        personId: victim,
        referredAt,
        consent: true,
        takenUp: null,
        recordedBy: { kind: 'user', id: pc.id },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const taken = await t.http().patch(`${url}/${res.body.id}`).set(auth(pc)).send({ takenUp: true }).expect(200);
      expect(taken.body).toMatchObject({ id: res.body.id, takenUp: true });
      const list = await t.http().get(url).set(auth(cbcSup)).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, takenUp: true })]);
      expect(await count(t, 'audit_events', `entity_type = 'victim_first_referral' AND action IN ('create', 'update') AND case_id = $1`, [c.id])).toBe(2);

      const refused = await t.http().post(url).set(auth(pc)).send({ consent: false });
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'consent' })]);
      expectError(await t.http().post(url).set(auth(pc)).send({}), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(url).set(auth(pc)).send({ consent: true, referredAt: daysAhead(2) }), 400, 'TIME_IN_FUTURE');
      expectError(await t.http().post(url).set(auth(blabySup)).send({ consent: true }), 404, 'NOT_FOUND');
      expectError(await t.http().post(url).set(auth(analyst)).send({ consent: true }), 403, 'FORBIDDEN');
      const stranger = await insertPerson(t, pc.organisationId);
      expectError(await t.http().post(`/api/v1/cases/${c.id}/victims/${stranger}/victim-first-referrals`).set(auth(pc)).send({ consent: true }), 422, 'PERSON_NOT_ON_CASE');
      expectError(await t.http().patch(`${url}/${randomUUID()}`).set(auth(pc)).send({ takenUp: false }), 404, 'NOT_FOUND');
      expectError(await t.http().patch(`${url}/${res.body.id}`).set(auth(pc)).send({ takenUp: 'yes' }), 400, 'VALIDATION_FAILED');
      expect(await count(t, 'victim_first_referrals', 'case_id = $1', [c.id])).toBe(1);
    });
  });
});
