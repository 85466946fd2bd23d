import { randomUUID } from 'node:crypto';
import { addParty, insertCase, insertIncident, insertPerson as insertPersonRow } from './support/fixtures';
import { addVictim, count, createCase, daysAgo, daysAhead, insertPerson, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const REFERRAL_KEYS = [
  'id', 'caseId', 'caseReference', 'cspCode', 'status', 'reasons', 'complexReason', 'evidence', 'summary', 'referredAt', 'referredById',
  'outcome', 'resolvedAt', 'resolvedById', 'actions', 'meetingIds', 'createdAt',
].sort();
const ACTION_KEYS = ['id', 'referralId', 'organisationId', 'description', 'dueAt', 'status', 'completionNote', 'cancelReason', 'closedAt', 'createdAt'].sort();
const CASE_REVIEW_KEYS = [
  'id', 'applicantPersonId', 'caseId', 'organisationId', 'appliedAt', 'threshold', 'thresholdMet', 'qualifyingIncidentIds', 'status', 'decision',
  'recommendations', 'outcomeAt', 'createdAt',
].sort();
const CASE_NO = Object.fromEntries(['C1', 'C2', 'C3', 'C4', 'C6', 'C7', 'C8'].map((c) => [c, false]));
// 2 + 2 + 3 + 2 = 9: high at 8 (DOMAIN.md section 6).
const CASE_HIGH = { ...CASE_NO, C1: true, C2: true, C4: true, C7: true };

describe('escalation: JAG referrals and ASB Case Reviews', () => {
  let t: TestApp;
  let pc: TestUser; // police caseworker
  let sgt: TestUser; // police supervisor
  let cbcWorker: TestUser; // Charnwood caseworker: nothing below is shared with Charnwood
  let blabyWorker: TestUser;
  let blabySup: TestUser;
  let analyst: TestUser;
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const refer = (caseId: string, body: Record<string, unknown>, who: TestUser = pc) =>
    t.http().post(`/api/v1/cases/${caseId}/jag-referrals`).set(auth(who)).send({ summary: 'Escalating to the JAG', ...body });
  const policeCase = async () => (await createCase(t, pc.token)) as { id: string; reference: string };
  const unmetOf = (res: { body: { details?: { criterion: string }[] } }) => (res.body.details ?? []).map((d) => d.criterion);

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Plod');
    sgt = await t.createUser('LEICS-POLICE', ['supervisor'], 'Sgt Escalate');
    cbcWorker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    blabyWorker = await t.createUser('BLABY-DC', ['caseworker']);
    blabySup = await t.createUser('BLABY-DC', ['supervisor']);
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);
  });
  afterAll(() => t.close());

  describe('JAG referral criteria, each checked against the service\'s own data', () => {
    it('repeat_victim: refused with one incident, accepted once the victim is a repeat (an incident on a case the caller cannot see counts)', async () => {
      const c = await policeCase();
      const v = await insertPerson(t, pc.organisationId, 'Rhea', 'Peat');
      await addVictim(t, pc.token, c.id, v);
      await recordIncident(t, pc.token, c.id, { occurredAt: daysAgo(30), victimPersonIds: [v] });
      const before = await count(t, 'jag_referrals');
      const refused = await refer(c.id, { reasons: ['repeat_victim'] });
      expectError(refused, 422, 'JAG_CRITERION_NOT_MET');
      expect(refused.body.details).toEqual([{ field: 'reasons', criterion: 'repeat_victim', message: 'repeat_victim: no victim on the case is a repeat victim now' }]);
      expect(refused.body.message).toContain('repeat_victim');
      expect(await count(t, 'jag_referrals')).toBe(before);

      const theirs = await insertCase(t.db, t.orgs['CHARNWOOD-BC']);
      await addParty(t.db, theirs.id, v, 'victim');
      await insertIncident(t.db, theirs.id, new Date(Date.now() - 200 * DAY), [v]);
      const before2 = Date.now();
      const res = await refer(c.id, { reasons: ['repeat_victim'], summary: 'Repeat victim of intimidation' }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(REFERRAL_KEYS);
      expect(res.body).toMatchObject({
        caseId: c.id,
        caseReference: c.reference,
        cspCode: 'CHARNWOOD',
        status: 'open',
        reasons: ['repeat_victim'],
        complexReason: null,
        evidence: { repeat_victim: { personIds: [v] } },
        summary: 'Repeat victim of intimidation',
        referredById: pc.id,
        outcome: null,
        resolvedAt: null,
        resolvedById: null,
        actions: [],
        meetingIds: [],
      });
      expect(Date.parse(res.body.referredAt)).toBeGreaterThanOrEqual(before2 - 1000);
      expect(await count(t, 'audit_events', `action = 'create' AND entity_type = 'jag_referral' AND entity_id = $1 AND case_id = $2`, [res.body.id, c.id])).toBe(1);
    });

    it('high_risk: refused while the current case assessment is not high (an older high one does not count), accepted when it is', async () => {
      const c = await policeCase();
      const assess = (answers: Record<string, boolean>) =>
        t.http().post(`/api/v1/cases/${c.id}/risk-assessments`).set(auth(pc)).send({ subject: 'case', answers }).expect(201);
      expectError(await refer(c.id, { reasons: ['high_risk'] }), 422, 'JAG_CRITERION_NOT_MET');
      expect((await assess(CASE_HIGH)).body.level).toBe('high');
      expect((await assess(CASE_NO)).body.level).toBe('standard');
      const refused = await refer(c.id, { reasons: ['high_risk'] });
      expectError(refused, 422, 'JAG_CRITERION_NOT_MET');
      expect(unmetOf(refused)).toEqual(['high_risk']);
      const high = (await assess(CASE_HIGH)).body;
      const res = await refer(c.id, { reasons: ['high_risk'] }).expect(201);
      expect(res.body.evidence).toEqual({ high_risk: { riskAssessmentIds: [high.id] } });
    });

    it('vulnerable_victim: refused with no vulnerability marker, accepted with a vulnerable victim', async () => {
      const c = await policeCase();
      await addVictim(t, pc.token, c.id, await insertPerson(t, pc.organisationId, 'Not', 'Vulnerable'));
      const refused = await refer(c.id, { reasons: ['vulnerable_victim'] });
      expectError(refused, 422, 'JAG_CRITERION_NOT_MET');
      expect(unmetOf(refused)).toEqual(['vulnerable_victim']);
      const vulnerable = await insertPersonRow(t.db, pc.organisationId, { lastName: 'Alone', vulnerabilities: ['isolation'] });
      await addVictim(t, pc.token, c.id, vulnerable);
      const res = await refer(c.id, { reasons: ['vulnerable_victim'] }).expect(201);
      expect(res.body.evidence).toEqual({ vulnerable_victim: { personIds: [vulnerable] } });
    });

    it('persistent: counts incidents in the last 90 days (one 90 days and a minute ago does not count; one 90 days less a minute ago does)', async () => {
      const c = await policeCase();
      const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
      await recordIncident(t, pc.token, c.id, { occurredAt: ago(90 * DAY + MINUTE), victimPersonIds: [] });
      await recordIncident(t, pc.token, c.id, { occurredAt: daysAgo(10), victimPersonIds: [] });
      await recordIncident(t, pc.token, c.id, { occurredAt: daysAgo(1), victimPersonIds: [] });
      const refused = await refer(c.id, { reasons: ['persistent'] });
      expectError(refused, 422, 'JAG_CRITERION_NOT_MET');
      expect(refused.body.details).toEqual([
        { field: 'reasons', criterion: 'persistent', message: 'persistent: the case has 2 incident(s) in the last 90 days; 3 are needed' },
      ]);
      await recordIncident(t, pc.token, c.id, { occurredAt: ago(90 * DAY - MINUTE), victimPersonIds: [] });
      const res = await refer(c.id, { reasons: ['persistent'] }).expect(201);
      expect(res.body.evidence).toEqual({ persistent: { incidents: 3, days: 90 } });
    });

    it("complex: a supervisor's judgement with a written reason", async () => {
      const c = await policeCase();
      const byCaseworker = await refer(c.id, { reasons: ['complex'], complexReason: 'Several agencies' });
      expectError(byCaseworker, 422, 'JAG_CRITERION_NOT_MET');
      expect(unmetOf(byCaseworker)).toEqual(['complex']);
      const noReason = await refer(c.id, { reasons: ['complex'] }, sgt);
      expectError(noReason, 400, 'VALIDATION_FAILED');
      expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'complexReason' })]);
      expectError(await refer(c.id, { reasons: ['complex'], complexReason: '   ' }, sgt), 400, 'VALIDATION_FAILED');
      expectError(await refer(c.id, { reasons: ['persistent'], complexReason: 'Not complex' }, sgt), 400, 'VALIDATION_FAILED');
      expect(await count(t, 'jag_referrals', 'case_id = $1', [c.id])).toBe(0);
      const res = await refer(c.id, { reasons: ['complex'], complexReason: 'Housing, health and police all involved' }, sgt).expect(201);
      expect(res.body).toMatchObject({ reasons: ['complex'], complexReason: 'Housing, health and police all involved', referredById: sgt.id });
      expect(res.body.evidence).toEqual({ complex: { reason: 'Housing, health and police all involved' } });
    });

    it('names every claimed criterion that is not met, and refuses when one of several is not', async () => {
      const c = await policeCase();
      const v = await insertPersonRow(t.db, pc.organisationId, { lastName: 'Frail', vulnerabilities: ['age'] });
      await addVictim(t, pc.token, c.id, v);
      const all = await refer(c.id, { reasons: ['persistent', 'high_risk', 'repeat_victim', 'complex'], complexReason: 'A caseworker thinks so' });
      expectError(all, 422, 'JAG_CRITERION_NOT_MET');
      expect(unmetOf(all)).toEqual(['repeat_victim', 'high_risk', 'persistent', 'complex']);
      const one = await refer(c.id, { reasons: ['vulnerable_victim', 'persistent'] });
      expect(unmetOf(one)).toEqual(['persistent']);
      const res = await refer(c.id, { reasons: ['vulnerable_victim'] }).expect(201);
      expect(res.body.reasons).toEqual(['vulnerable_victim']);
    });

    it('refuses bad bodies, other roles, cases the caller cannot see and closed cases, writing nothing', async () => {
      const c = await policeCase();
      await addVictim(t, pc.token, c.id, await insertPersonRow(t.db, pc.organisationId, { vulnerabilities: ['disability'] }));
      const ok = { reasons: ['vulnerable_victim'] };
      const closed = await insertCase(t.db, pc.organisationId, { status: 'closed' });
      const before = await count(t, 'jag_referrals');
      expectError(await refer(c.id, { reasons: [] }), 400, 'VALIDATION_FAILED');
      expectError(await refer(c.id, { reasons: ['noisy'] }), 400, 'VALIDATION_FAILED');
      expectError(await refer(c.id, { reasons: ['persistent', 'persistent'] }), 400, 'VALIDATION_FAILED');
      expectError(await refer(c.id, { reasons: 'persistent' }), 400, 'VALIDATION_FAILED');
      expectError(await refer(c.id, { ...ok, summary: '' }), 400, 'VALIDATION_FAILED');
      expectError(await refer(c.id, { ...ok, colour: 'red' }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/jag-referrals`).send({ ...ok, summary: 'x' }), 401, 'UNAUTHENTICATED');
      expectError(await refer(c.id, ok, analyst), 403, 'FORBIDDEN');
      expectError(await refer(c.id, ok, blabyWorker), 404, 'NOT_FOUND');
      expectError(await refer(c.id, ok, cbcWorker), 404, 'NOT_FOUND');
      expectError(await refer(randomUUID(), ok), 404, 'NOT_FOUND');
      expectError(await refer('not-a-uuid', ok), 400, 'VALIDATION_FAILED');
      expectError(await refer(closed.id, { reasons: ['complex'], complexReason: 'x' }, sgt), 422, 'CASE_CLOSED');
      expect(await count(t, 'jag_referrals')).toBe(before);
    });
  });

  describe('one open referral per case', () => {
    it('refuses a second open referral, also when two arrive at once, and takes a new one once the first is resolved', async () => {
      const c = await policeCase();
      const body = { reasons: ['complex'], complexReason: 'Three agencies' };
      const results = await Promise.all([refer(c.id, body, sgt), refer(c.id, body, sgt), refer(c.id, body, sgt)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const first = results.find((r) => r.status === 201)!.body;
      for (const r of results.filter((x) => x.status === 409)) {
        expectError(r, 409, 'JAG_REFERRAL_ALREADY_OPEN');
        expect(r.body.details).toEqual([expect.objectContaining({ referralId: first.id })]);
      }
      expectError(await refer(c.id, body, sgt), 409, 'JAG_REFERRAL_ALREADY_OPEN');
      expect(await count(t, 'jag_referrals', 'case_id = $1', [c.id])).toBe(1);
      // The database itself holds one open referral per case, whatever path a row takes.
      await expect(
        t.db.query(
          `INSERT INTO jag_referrals (case_id, csp_code, reasons, complex_reason, evidence, summary, referred_at, referred_by_kind, referred_by_id)
           VALUES ($1, 'CHARNWOOD', '{complex}', 'x', '{}', 'x', now(), 'user', $2)`,
          [c.id, sgt.id],
        ),
      ).rejects.toThrow(/jag_referrals_one_open_per_case/);

      await t.http().post(`/api/v1/jag-referrals/${first.id}/resolve`).set(auth(sgt)).send({ outcome: 'Handled' }).expect(200);
      const second = await refer(c.id, body, sgt).expect(201);
      expect(second.body.id).not.toBe(first.id);
      expect(await count(t, 'jag_referrals', `case_id = $1 AND status = 'open'`, [c.id])).toBe(1);
    });
  });

  describe('from referral through actions and a meeting to resolution', () => {
    it('takes actions, refuses to resolve while one is open, records a meeting, and resolves once all are done or cancelled', async () => {
      const c = await policeCase();
      const referral = (await refer(c.id, { reasons: ['complex'], complexReason: 'Multi-agency' }, sgt).expect(201)).body;
      const addAction = (body: Record<string, unknown>, who: TestUser = pc, id = referral.id) =>
        t.http().post(`/api/v1/jag-referrals/${id}/actions`).set(auth(who)).send(body);
      const dueAt = daysAhead(14);

      const a1 = (await addAction({ organisationId: t.orgs['CHARNWOOD-BC'], description: 'Housing visit', dueAt }).expect(201)).body;
      expect(Object.keys(a1).sort()).toEqual(ACTION_KEYS);
      expect(a1).toMatchObject({
        referralId: referral.id,
        organisationId: t.orgs['CHARNWOOD-BC'],
        description: 'Housing visit',
        dueAt,
        status: 'open',
        completionNote: null,
        cancelReason: null,
        closedAt: null,
      });
      const a2 = (await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: 'Patrols', dueAt }).expect(201)).body;

      const actions = await count(t, 'jag_actions');
      expectError(await addAction({ organisationId: randomUUID(), description: 'x', dueAt }), 400, 'VALIDATION_FAILED');
      expectError(await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: 'x', dueAt: daysAgo(1) }), 400, 'VALIDATION_FAILED');
      expectError(await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: '', dueAt }), 400, 'VALIDATION_FAILED');
      expectError(await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: 'x', dueAt: 'soon' }), 400, 'VALIDATION_FAILED');
      expectError(await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: 'x', dueAt }, blabyWorker), 404, 'NOT_FOUND');
      expectError(await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: 'x', dueAt }, analyst), 403, 'FORBIDDEN');
      expectError(await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: 'x', dueAt }, pc, randomUUID()), 404, 'NOT_FOUND');
      expect(await count(t, 'jag_actions')).toBe(actions);

      const resolve = (body: Record<string, unknown>, who: TestUser = sgt) => t.http().post(`/api/v1/jag-referrals/${referral.id}/resolve`).set(auth(who)).send(body);
      const outstanding = await resolve({ outcome: 'All sorted' });
      expectError(outstanding, 422, 'JAG_ACTIONS_OUTSTANDING');
      expect(outstanding.body.message).toContain('2 action(s)');
      expect(await count(t, 'jag_referrals', `id = $1 AND status = 'open'`, [referral.id])).toBe(1);

      // The JAG of Charnwood meets: the police and Charnwood attend.
      const meet = (body: Record<string, unknown>, who: TestUser = pc) =>
        t.http().post('/api/v1/jag-meetings').set(auth(who)).send({
          cspCode: 'CHARNWOOD',
          heldAt: new Date().toISOString(),
          attendingOrganisationIds: [t.orgs['LEICS-POLICE'], t.orgs['CHARNWOOD-BC']],
          referralIds: [referral.id],
          ...body,
        });
      const meetings = await count(t, 'jag_meetings');
      expectError(await meet({ cspCode: 'NOWHERE' }), 400, 'VALIDATION_FAILED');
      const wrongCsp = await meet({ cspCode: 'BLABY' });
      expectError(wrongCsp, 400, 'VALIDATION_FAILED');
      expect(wrongCsp.body.details[0].message).toContain('CHARNWOOD');
      expectError(await meet({ heldAt: daysAhead(1) }), 400, 'TIME_IN_FUTURE');
      expectError(await meet({ heldAt: daysAgo(1) }), 400, 'VALIDATION_FAILED');
      expectError(await meet({ attendingOrganisationIds: [randomUUID()] }), 400, 'VALIDATION_FAILED');
      expectError(await meet({ attendingOrganisationIds: [] }), 400, 'VALIDATION_FAILED');
      expectError(await meet({ referralIds: [randomUUID()] }), 404, 'NOT_FOUND');
      expectError(await meet({}, blabyWorker), 404, 'NOT_FOUND');
      expectError(await meet({}, analyst), 403, 'FORBIDDEN');
      expect(await count(t, 'jag_meetings')).toBe(meetings);
      const meeting = (await meet({}).expect(201)).body;
      expect(meeting).toMatchObject({
        cspCode: 'CHARNWOOD',
        attendingOrganisationIds: [t.orgs['LEICS-POLICE'], t.orgs['CHARNWOOD-BC']],
        referralIds: [referral.id],
      });
      expect(await count(t, 'jag_meeting_attendees', 'meeting_id = $1', [meeting.id])).toBe(2);
      expect(await count(t, 'audit_events', `action = 'link' AND entity_type = 'jag_referral' AND entity_id = $1 AND case_id = $2`, [referral.id, c.id])).toBe(1);

      // Charnwood cannot see the case but completes the action assigned to it; it may not cancel the police one.
      expectError(await t.http().post(`/api/v1/jag-actions/${a2.id}/complete`).set(auth(cbcWorker)).send({ note: 'x' }), 404, 'NOT_FOUND');
      expectError(await t.http().post(`/api/v1/jag-actions/${a1.id}/cancel`).set(auth(cbcWorker)).send({ reason: 'x' }), 404, 'NOT_FOUND');
      expectError(await t.http().post(`/api/v1/jag-actions/${a1.id}/complete`).set(auth(cbcWorker)).send({}), 400, 'VALIDATION_FAILED');
      const done = (await t.http().post(`/api/v1/jag-actions/${a1.id}/complete`).set(auth(cbcWorker)).send({ note: 'Visited, tenancy warning given' }).expect(200)).body;
      expect(done).toMatchObject({ id: a1.id, status: 'completed', completionNote: 'Visited, tenancy warning given', cancelReason: null });
      expect(Date.parse(done.closedAt)).toBeGreaterThan(Date.now() - MINUTE);
      expectError(await t.http().post(`/api/v1/jag-actions/${a1.id}/complete`).set(auth(pc)).send({ note: 'again' }), 409, 'CONFLICT');
      expectError(await t.http().post(`/api/v1/jag-actions/${a1.id}/cancel`).set(auth(pc)).send({ reason: 'late' }), 409, 'CONFLICT');
      expectError(await resolve({ outcome: 'All sorted' }), 422, 'JAG_ACTIONS_OUTSTANDING');
      const cancelled = (await t.http().post(`/api/v1/jag-actions/${a2.id}/cancel`).set(auth(pc)).send({ reason: 'Patrols not needed' }).expect(200)).body;
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Patrols not needed', completionNote: null });
      expectError(await t.http().post(`/api/v1/jag-actions/${randomUUID()}/complete`).set(auth(pc)).send({ note: 'x' }), 404, 'NOT_FOUND');

      expectError(await resolve({ outcome: 'All sorted' }, pc), 403, 'FORBIDDEN');
      expectError(await resolve({ outcome: 'All sorted' }, blabySup), 404, 'NOT_FOUND');
      expectError(await resolve({}), 400, 'VALIDATION_FAILED');
      const resolved = (await resolve({ outcome: 'Perpetrator rehoused; no reports for a month' }).expect(200)).body;
      expect(resolved).toMatchObject({
        id: referral.id,
        status: 'resolved',
        outcome: 'Perpetrator rehoused; no reports for a month',
        resolvedById: sgt.id,
        meetingIds: [meeting.id],
      });
      expect(resolved.actions.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[a1.id, 'completed'], [a2.id, 'cancelled']]);
      expectError(await resolve({ outcome: 'again' }), 409, 'CONFLICT');
      expectError(await addAction({ organisationId: t.orgs['LEICS-POLICE'], description: 'Late', dueAt }), 409, 'CONFLICT');

      const got = (await t.http().get(`/api/v1/jag-referrals/${referral.id}`).set(auth(pc)).expect(200)).body;
      expect(got).toEqual(resolved);
      expectError(await t.http().get(`/api/v1/jag-referrals/${referral.id}`).set(auth(blabyWorker)), 404, 'NOT_FOUND');
      const audited = await t.db.query(
        `SELECT action, entity_type FROM audit_events WHERE case_id = $1 AND entity_type IN ('jag_referral', 'jag_action') ORDER BY id`,
        [c.id],
      );
      expect(audited.rows.map((r) => `${r.action} ${r.entity_type}`)).toEqual([
        'create jag_referral', 'create jag_action', 'create jag_action', 'link jag_referral', 'update jag_action', 'update jag_action', 'update jag_referral', 'read jag_referral',
      ]);
    });
  });

  describe('listing referrals', () => {
    it('lists referrals on visible cases, newest first, by CSP and status, paginated', async () => {
      const hinckley = (await createCase(t, pc.token, { npaCode: 'NH' })) as { id: string };
      const h = (await refer(hinckley.id, { reasons: ['complex'], complexReason: 'x' }, sgt).expect(201)).body;
      const theirs = (await createCase(t, cbcWorker.token)) as { id: string };
      const cbcSup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
      const cbcRef = (await refer(theirs.id, { reasons: ['complex'], complexReason: 'y' }, cbcSup).expect(201)).body;

      const all = async (query: string, who: TestUser = pc) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http().get(`/api/v1/jag-referrals?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`).set(auth(who)).expect(200);
          expect(res.body.items.length).toBeLessThanOrEqual(2);
          ids.push(...res.body.items.map((r) => r.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        return ids;
      };
      const { rows } = await t.db.query(
        `SELECT r.id, r.csp_code, r.status FROM jag_referrals r JOIN cases c ON c.id = r.case_id
          WHERE c.lead_organisation_id = $1 ORDER BY r.referred_at DESC, r.id DESC`,
        [pc.organisationId],
      );
      expect(rows.length).toBeGreaterThan(5);
      expect(await all('')).toEqual(rows.map((r) => r.id));
      expect(await all('&status=open')).toEqual(rows.filter((r) => r.status === 'open').map((r) => r.id));
      expect(await all('&status=resolved')).toEqual(rows.filter((r) => r.status === 'resolved').map((r) => r.id));
      expect(await all('&cspCode=HINCKLEY')).toEqual([h.id]);
      expect(await all('&cspCode=HINCKLEY', cbcWorker)).toEqual([]);
      expect(await all('', cbcWorker)).toEqual([cbcRef.id]);
      expect(await all('', blabyWorker)).toEqual([]);
      const first = (await t.http().get('/api/v1/jag-referrals?limit=1').set(auth(pc)).expect(200)).body.items[0];
      expect(Object.keys(first).sort()).toEqual(REFERRAL_KEYS);

      expectError(await t.http().get('/api/v1/jag-referrals?status=closed').set(auth(pc)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/jag-referrals?cspCode=lower').set(auth(pc)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/jag-referrals?cursor=garbage').set(auth(pc)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().get('/api/v1/jag-referrals').set(auth(analyst)), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/jag-referrals'), 401, 'UNAUTHENTICATED');
      expect(await count(t, 'audit_events', `action = 'list' AND entity_type = 'jag_referral' AND actor_id = $1`, [pc.id])).toBeGreaterThan(0);
    });
  });

  describe('ASB Case Reviews', () => {
    const apply = (body: Record<string, unknown>, who: TestUser = pc) => t.http().post('/api/v1/case-reviews').set(auth(who)).send(body);
    /** An incident on the case naming the victim, with when it happened and when it was reported. */
    const complaint = async (caseId: string, victim: string, occurredAt: string, reportedAt: string, extra: Record<string, unknown> = {}) =>
      (await recordIncident(t, pc.token, caseId, { occurredAt, reportedAt, victimPersonIds: [victim], ...extra })).id as string;

    it('does not meet the threshold with 2 qualifying complaints (one made over a month after the incident, one over 6 months ago, one reported by someone else)', async () => {
      const c = await policeCase();
      const a = await insertPerson(t, pc.organisationId, 'Ann', 'Applicant');
      const neighbour = await insertPerson(t, pc.organisationId, 'Ned', 'Neighbour');
      await addVictim(t, pc.token, c.id, a);
      const q1 = await complaint(c.id, a, daysAgo(100), daysAgo(99));
      const q2 = await complaint(c.id, a, daysAgo(60), daysAgo(60));
      await complaint(c.id, a, daysAgo(80), daysAgo(40)); // 40 days after the incident
      await complaint(c.id, a, daysAgo(200), daysAgo(199)); // over 6 months before the application
      await complaint(c.id, a, daysAgo(20), daysAgo(20), { reportedByPersonId: neighbour }); // the neighbour's complaint
      const before = Date.now();
      const res = await apply({ applicantPersonId: a, caseId: c.id }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(CASE_REVIEW_KEYS);
      expect(res.body).toMatchObject({
        applicantPersonId: a,
        caseId: c.id,
        organisationId: pc.organisationId,
        threshold: 3,
        thresholdMet: false,
        qualifyingIncidentIds: [q1, q2],
        status: 'open',
        decision: null,
        recommendations: null,
        outcomeAt: null,
      });
      expect(Date.parse(res.body.appliedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(await count(t, 'audit_events', `action = 'create' AND entity_type = 'asb_case_review' AND entity_id = $1 AND case_id = $2`, [res.body.id, c.id])).toBe(1);
    });

    it('meets the threshold with 3 qualifying complaints, one of them reported by the applicant about another victim, on any case', async () => {
      const c = await policeCase();
      const a = await insertPerson(t, pc.organisationId, 'Bea', 'Applicant');
      const other = await insertPerson(t, pc.organisationId, 'Otto', 'Other');
      await addVictim(t, pc.token, c.id, a);
      const elsewhere = await policeCase();
      await addVictim(t, pc.token, elsewhere.id, other);
      const q1 = await complaint(c.id, a, daysAgo(150), daysAgo(125));
      const q2 = await complaint(elsewhere.id, other, daysAgo(90), daysAgo(89), { reportedByPersonId: a });
      const q3 = await complaint(c.id, a, daysAgo(10), daysAgo(10));
      const res = await apply({ applicantPersonId: a }).expect(201);
      expect(res.body).toMatchObject({ caseId: null, thresholdMet: true, qualifyingIncidentIds: [q1, q2, q3], status: 'open' });
    });

    it('takes a complaint made 1 month after the incident and an application 6 months after the complaint, to the second', async () => {
      const c = await policeCase();
      const a = await insertPerson(t, pc.organisationId, 'Cal', 'Endar');
      await addVictim(t, pc.token, c.id, a);
      const x1 = await complaint(c.id, a, '2025-03-10T10:00:00Z', '2025-04-10T10:00:00Z'); // exactly 1 month
      await complaint(c.id, a, '2025-03-10T10:00:00Z', '2025-04-10T10:00:01Z'); // 1 month and a second
      const x3 = await complaint(c.id, a, '2025-04-01T10:00:00Z', '2025-04-10T09:59:59Z');
      const x4 = await complaint(c.id, a, '2025-06-01T10:00:00Z', '2025-06-02T10:00:00Z');
      // Applied exactly 6 months after x1 was reported: x3, reported a second earlier, is out.
      const onTheDot = await apply({ applicantPersonId: a, appliedAt: '2025-10-10T10:00:00Z' }).expect(201);
      expect(onTheDot.body).toMatchObject({ appliedAt: '2025-10-10T10:00:00.000Z', thresholdMet: false, qualifyingIncidentIds: [x1, x4] });
      const secondEarlier = await apply({ applicantPersonId: a, appliedAt: '2025-10-10T09:59:59Z' }).expect(201);
      expect(secondEarlier.body).toMatchObject({ thresholdMet: true, qualifyingIncidentIds: [x3, x1, x4] });
      // Before x4 was reported, it does not count.
      const early = await apply({ applicantPersonId: a, appliedAt: '2025-06-02T09:59:59Z' }).expect(201);
      expect(early.body).toMatchObject({ thresholdMet: false, qualifyingIncidentIds: [x3, x1] });
    });

    it('records the outcome once, by a supervisor', async () => {
      const c = await policeCase();
      const a = await insertPerson(t, pc.organisationId, 'Out', 'Come');
      await addVictim(t, pc.token, c.id, a);
      for (const d of [50, 30, 10]) await complaint(c.id, a, daysAgo(d), daysAgo(d));
      const met = (await apply({ applicantPersonId: a, caseId: c.id }).expect(201)).body;
      const notMet = (await apply({ applicantPersonId: await insertPerson(t, pc.organisationId, 'No', 'Complaints') }).expect(201)).body;
      expect([met.thresholdMet, notMet.thresholdMet]).toEqual([true, false]);
      const outcome = (id: string, body: Record<string, unknown>, who: TestUser = sgt) => t.http().post(`/api/v1/case-reviews/${id}/outcome`).set(auth(who)).send(body);

      expectError(await outcome(met.id, { decision: 'no_further_action', recommendations: [] }, pc), 403, 'FORBIDDEN');
      expectError(await outcome(met.id, { decision: 'no_further_action', recommendations: [] }, blabySup), 404, 'NOT_FOUND');
      expectError(await outcome(randomUUID(), { decision: 'no_further_action', recommendations: [] }), 404, 'NOT_FOUND');
      expectError(await outcome(met.id, { decision: 'maybe', recommendations: [] }), 400, 'VALIDATION_FAILED');
      expectError(await outcome(met.id, { decision: 'no_further_action' }), 400, 'VALIDATION_FAILED');
      expectError(await outcome(met.id, { decision: 'no_further_action', recommendations: [''] }), 400, 'VALIDATION_FAILED');
      const empty = await outcome(met.id, { decision: 'recommendations_made', recommendations: [] });
      expectError(empty, 400, 'VALIDATION_FAILED');
      expect(empty.body.details).toEqual([expect.objectContaining({ field: 'recommendations' })]);
      const duty = await outcome(met.id, { decision: 'threshold_not_met', recommendations: [] });
      expectError(duty, 400, 'VALIDATION_FAILED');
      expect(duty.body.details).toEqual([expect.objectContaining({ field: 'decision' })]);
      expect(await count(t, 'asb_case_reviews', `id = $1 AND status = 'open'`, [met.id])).toBe(1);

      const res = await outcome(met.id, { decision: 'recommendations_made', recommendations: ['Mediation between neighbours', 'Joint visit by police and housing'] }).expect(200);
      expect(res.body).toMatchObject({
        id: met.id,
        status: 'completed',
        decision: 'recommendations_made',
        recommendations: ['Mediation between neighbours', 'Joint visit by police and housing'],
        thresholdMet: true,
      });
      expect(Date.parse(res.body.outcomeAt)).toBeGreaterThan(Date.now() - MINUTE);
      expectError(await outcome(met.id, { decision: 'no_further_action', recommendations: [] }), 409, 'CONFLICT');
      await outcome(notMet.id, { decision: 'threshold_not_met', recommendations: [] }).expect(200);
      expect((await t.http().get(`/api/v1/case-reviews/${met.id}`).set(auth(pc)).expect(200)).body).toEqual(res.body);
      expectError(await t.http().get(`/api/v1/case-reviews/${met.id}`).set(auth(blabyWorker)), 404, 'NOT_FOUND');
      expect(await count(t, 'audit_events', `action = 'update' AND entity_type = 'asb_case_review' AND entity_id = $1`, [met.id])).toBe(1);
    });

    it('refuses applications it may not take, writing nothing', async () => {
      const c = await policeCase();
      const a = await insertPerson(t, pc.organisationId, 'Val', 'Idation');
      const notOnCase = await insertPerson(t, pc.organisationId, 'Not', 'OnCase');
      await addVictim(t, pc.token, c.id, a);
      const hidden = await insertPerson(t, t.orgs['BLABY-DC'], 'Hid', 'Den');
      const closed = await insertCase(t.db, pc.organisationId, { status: 'closed' });
      await addParty(t.db, closed.id, a, 'victim');
      const before = await count(t, 'asb_case_reviews');
      expectError(await apply({ applicantPersonId: notOnCase, caseId: c.id }), 422, 'PERSON_NOT_ON_CASE');
      expectError(await apply({ applicantPersonId: hidden }), 404, 'NOT_FOUND');
      expectError(await apply({ applicantPersonId: randomUUID() }), 404, 'NOT_FOUND');
      expectError(await apply({ applicantPersonId: a, caseId: randomUUID() }), 404, 'NOT_FOUND');
      expectError(await apply({ applicantPersonId: a, caseId: c.id }, blabyWorker), 404, 'NOT_FOUND');
      expectError(await apply({ applicantPersonId: a, appliedAt: daysAhead(1) }), 400, 'TIME_IN_FUTURE');
      expectError(await apply({ applicantPersonId: a, appliedAt: '1899-12-31T00:00:00Z' }), 400, 'VALIDATION_FAILED');
      expectError(await apply({ applicantPersonId: 'nobody' }), 400, 'VALIDATION_FAILED');
      expectError(await apply({ caseId: c.id }), 400, 'VALIDATION_FAILED');
      expectError(await apply({ applicantPersonId: a, extra: true }), 400, 'VALIDATION_FAILED');
      expectError(await apply({ applicantPersonId: a }, analyst), 403, 'FORBIDDEN');
      expectError(await t.http().post('/api/v1/case-reviews').send({ applicantPersonId: a }), 401, 'UNAUTHENTICATED');
      expect(await count(t, 'asb_case_reviews')).toBe(before);
      // A closed case may be named: victims apply because nothing was done.
      await apply({ applicantPersonId: a, caseId: closed.id }).expect(201);
    });
  });
});
