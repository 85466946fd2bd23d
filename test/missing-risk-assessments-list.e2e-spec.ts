import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { addParty, insertCase, insertPerson } from './support/fixtures';
import { createTestApp, TestApp, TestUser } from './support/test-app';

const DAY = 86_400_000;

/**
 * GET /api/v1/risk-assessments/missing: every row of the caller's open cases
 * (led or shared), in (case reference, subject, person) order, page by page.
 */
describe('the missing-risk-assessment list, in order and by pages', () => {
  let t: TestApp;
  let worker: TestUser;
  const auth = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const expected: { caseReference: string; subject: string; personId: string | null; problem: string; daysOutstanding: number }[] = [];

  async function assess(caseId: string, subject: 'case' | 'victim' | 'perpetrator', personId: string | null, reviewDueAt: Date): Promise<void> {
    await t.db.query(
      `INSERT INTO risk_assessments (case_id, subject, person_id, template_version, answers, score, computed_level, level, assessed_at, assessed_by_kind, assessed_by_id, review_due_at)
       VALUES ($1, $2, $3, 1, '{}', 0, 'standard', 'standard', $4::timestamptz - interval '28 days', 'user', $5, $4)`,
      [caseId, subject, personId, reviewDueAt, randomUUID()],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    worker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const charnwood = t.orgs['CHARNWOOD-BC'];
    const police = t.orgs['LEICS-POLICE'];
    const now = Date.now();
    const person = (lastName: string) => insertPerson(t.db, charnwood, { lastName });

    // 1: opened 10 days ago, nothing assessed: the case, its perpetrator and both victims (by person id) are missing.
    const c1 = await insertCase(t.db, charnwood, { openedAt: new Date(now - 10 * DAY) });
    const [v1, v2, p1] = [await person('Victim One'), await person('Victim Two'), await person('Perpetrator')];
    for (const v of [v1, v2]) await addParty(t.db, c1.id, v, 'victim', new Date(now - 10 * DAY));
    await addParty(t.db, c1.id, p1, 'perpetrator', new Date(now - 10 * DAY));
    // 2: closed: nothing, however incomplete.
    await insertCase(t.db, charnwood, { status: 'closed', openedAt: new Date(now - 10 * DAY) });
    // 3: led by the police and not shared: not Charnwood's to see.
    await insertCase(t.db, police, { openedAt: new Date(now - 10 * DAY) });
    // 4: led by the police, shared with Charnwood, opened 5 days ago: its case assessment is missing.
    const c4 = await insertCase(t.db, police, { openedAt: new Date(now - 5 * DAY) });
    await t.db.query(`INSERT INTO case_shares (case_id, organisation_id) VALUES ($1, $2)`, [c4.id, charnwood]);
    // 5: the case assessment 12 days past review; one victim in date; another added 3 days ago, missing.
    const c5 = await insertCase(t.db, charnwood, { openedAt: new Date(now - 40 * DAY) });
    const [v3, v4] = [await person('Victim Three'), await person('Victim Four')];
    await addParty(t.db, c5.id, v3, 'victim', new Date(now - 40 * DAY));
    await addParty(t.db, c5.id, v4, 'victim', new Date(now - 3 * DAY));
    await assess(c5.id, 'case', null, new Date(now - 12 * DAY - 60_000));
    await assess(c5.id, 'victim', v3, new Date(now + 10 * DAY));
    // 6: everything in date: nothing.
    const c6 = await insertCase(t.db, charnwood, { openedAt: new Date(now - 20 * DAY) });
    await assess(c6.id, 'case', null, new Date(now + DAY));

    const [first, second] = [v1, v2].sort();
    expected.push(
      { caseReference: c1.reference, subject: 'case', personId: null, problem: 'missing', daysOutstanding: 10 },
      { caseReference: c1.reference, subject: 'perpetrator', personId: p1, problem: 'missing', daysOutstanding: 10 },
      { caseReference: c1.reference, subject: 'victim', personId: first, problem: 'missing', daysOutstanding: 10 },
      { caseReference: c1.reference, subject: 'victim', personId: second, problem: 'missing', daysOutstanding: 10 },
      { caseReference: c4.reference, subject: 'case', personId: null, problem: 'missing', daysOutstanding: 5 },
      { caseReference: c5.reference, subject: 'case', personId: null, problem: 'review_overdue', daysOutstanding: 12 },
      { caseReference: c5.reference, subject: 'victim', personId: v4, problem: 'missing', daysOutstanding: 3 },
    );
  });
  afterAll(() => t.close());

  const pick = (rows: Record<string, unknown>[]) =>
    rows.map((r) => ({ caseReference: r.caseReference, subject: r.subject, personId: r.personId, problem: r.problem, daysOutstanding: r.daysOutstanding }));

  it('lists every row of the open cases led or shared, in reference, subject and person order', async () => {
    const res = await t.http().get('/api/v1/risk-assessments/missing').set(auth(worker)).expect(200);
    expect(pick(res.body.items)).toEqual(expected);
    expect(res.body.nextCursor).toBeNull();
  });

  it('gives the same rows two at a time through the cursor', async () => {
    const pages: unknown[][] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.http().get('/api/v1/risk-assessments/missing').query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(auth(worker)).expect(200);
      pages.push(pick(res.body.items));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4, 6), expected.slice(6)]);
  });
});
