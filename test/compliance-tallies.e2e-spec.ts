import { ChildProcess } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { bullConnection, JobName, QueueName } from '@asb/core/jobs/queues';
import { addVictim, createCase, insertPerson } from './support/cases-fixtures';
import { createTestApp, TestApp, TestUser } from './support/test-app';

const CASE_NO = Object.fromEntries(['C1', 'C2', 'C3', 'C4', 'C6', 'C7', 'C8'].map((c) => [c, false]));
const DAY = 24 * 60 * 60 * 1000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read freely by the tests
type Json = Record<string, any>;

/**
 * The compliance report's running counts (migration 1763900001400): kept by
 * triggers under concurrent writes, folded by the worker, read by the report,
 * repaired by a rebuild. (Every e2e suite also checks, as it closes, that the
 * tallies agree with a recomputation from its cases: test-app.ts.)
 */
describe('compliance tallies', () => {
  let t: TestApp;
  let pc: TestUser;
  let analyst: TestUser;
  let worker: ChildProcess;
  let queue: Queue;
  let events: QueueEvents;
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const drift = async () => (await t.db.query('SELECT * FROM compliance_tallies_drift()')).rows;
  const pendingDeltas = async () => Number((await t.db.query('SELECT count(*) AS n FROM compliance_tally_deltas')).rows[0].n);
  const report = async (query = ''): Promise<Json> => {
    const res = await t.http().get(`/api/v1/reports/compliance${query}`).set(auth(analyst)).expect(200);
    const { asOf: _asOf, ...figures } = res.body;
    return figures;
  };

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker']);
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);
    const { prefix, connection } = bullConnection(t.env.REDIS_URL, t.env.QUEUE_PREFIX);
    queue = new Queue(QueueName.Maintenance, { prefix, connection });
    events = new QueueEvents(QueueName.Maintenance, { prefix, connection });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await t.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  it('stays true under concurrent writes to one case and to many', async () => {
    const shared = await createCase(t, pc.token, { openedAt: new Date(Date.now() - 40 * DAY).toISOString() });
    const victims = await Promise.all([1, 2, 3].map((i) => insertPerson(t, pc.organisationId, 'Victim', `Number${i}`)));
    for (const v of victims) await addVictim(t, pc.token, shared.id, v);
    const others = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createCase(t, pc.token)));
    expect(await drift()).toEqual([]);

    // Twenty requests at once on one case (contacts with each victim, case assessments), and on six others.
    const writes = [
      ...victims.flatMap((v) => [0, 1, 2].map(() =>
        t.http().post(`/api/v1/cases/${shared.id}/victims/${v}/updates`).set(auth(pc)).send({ method: 'phone', summary: 'Called' }))),
      ...[0, 1, 2, 3].map(() => t.http().post(`/api/v1/cases/${shared.id}/risk-assessments`).set(auth(pc)).send({ subject: 'case', answers: CASE_NO })),
      ...others.map((c) => t.http().post(`/api/v1/cases/${c.id}/risk-assessments`).set(auth(pc)).send({ subject: 'case', answers: CASE_NO })),
      ...others.slice(0, 1).map((c) => t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(pc)).send({ organisationId: t.orgs['CHARNWOOD-BC'] })),
    ];
    const answers = await Promise.all(writes);
    expect(answers.map((r) => r.status)).toEqual(writes.map(() => 201));
    expect(await drift()).toEqual([]);

    const r = await report();
    expect(r.riskAssessments).toMatchObject({ openCases: 7, missing: 3, casesNonCompliant: 1 }); // the three victims' assessments on the shared case
    expect(r.victimUpdates).toMatchObject({ victims: 3, overdue: 0 });
  });

  it('is read from the tallies: a tally put wrong shows in the report, and a rebuild puts it right', async () => {
    const before = await report();
    await t.db.query(`UPDATE compliance_tallies SET n = n + 100 WHERE kind = 'open' AND visible_org = '00000000-0000-0000-0000-000000000000'`);
    await t.db.query(`INSERT INTO compliance_tallies (kind, visible_org, lead_organisation_id, npa_code, csp_code, day, n)
                      SELECT 'open', '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', '', '', '-infinity', 100
                       WHERE NOT EXISTS (SELECT 1 FROM compliance_tallies WHERE kind = 'open' AND visible_org = '00000000-0000-0000-0000-000000000000')`);
    expect((await report()).riskAssessments.openCases).toBe(before.riskAssessments.openCases + 100);
    expect((await drift()).map((d) => d.kind)).toEqual(['open']);

    await t.db.query('SELECT compliance_tallies_rebuild()');
    expect(await drift()).toEqual([]);
    expect(await report()).toEqual(before);
  });

  it('the worker schedules the fold every minute, and a fold leaves every figure as it was', async () => {
    const c = await createCase(t, pc.token);
    await t.http().post(`/api/v1/cases/${c.id}/risk-assessments`).set(auth(pc)).send({ subject: 'case', answers: CASE_NO }).expect(201);
    const pending = await pendingDeltas();
    expect(pending).toBeGreaterThan(0);
    const before = await report();
    const period = await report('?from=2026-01-01&to=2026-12-31');

    worker = await t.startWorker();
    const deadline = Date.now() + 20_000;
    let schedulers = await queue.getJobSchedulers();
    while (schedulers.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      schedulers = await queue.getJobSchedulers();
    }
    expect(schedulers.map((s) => [s.key, Number(s.every)])).toEqual([['compliance-tallies-compact', 60_000]]);

    const job = await queue.add(JobName.ComplianceTalliesCompact, {});
    await job.waitUntilFinished(events, 20_000);
    expect(await pendingDeltas()).toBe(0);
    expect(await drift()).toEqual([]);
    expect(await report()).toEqual(before);
    expect(await report('?from=2026-01-01&to=2026-12-31')).toEqual(period);
    expect(worker.exitCode).toBeNull();
  });
});
