import { Job, Queue, QueueEvents } from 'bullmq';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { weekOf } from '../libs/notifications/src/missing-risk-assessments/week';
import { addParty, insertCase, insertPerson } from './support/fixtures';
import { TestSmtpServer } from './support/smtp';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const DAY = 86_400_000;

describe('the weekly missing-risk-assessment e-mail', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let queue: Queue;
  let events: QueueEvents;
  let officer: TestUser;
  let nlCase: { id: string; reference: string };
  const thisWeek = weekOf(new Date(), 'Europe/London');

  const trigger = async (body: object = {}) => {
    const res = await t.http().post('/api/v1/jobs/missing-risk-assessments').set('Authorization', `Bearer ${t.adminToken}`).send(body).expect(202);
    expect(res.body).toEqual({ jobId: expect.any(String) });
    const job = await Job.fromId(queue, res.body.jobId);
    return job!.waitUntilFinished(events, 15000);
  };
  const npaJob = async (npa: string, week: string) => {
    const job = await Job.fromId(queue, `missing-ra.${npa}.${week}`);
    return job!.waitUntilFinished(events, 20000);
  };

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_RETRY_DELAY_MS: '300', MAIL_FROM: 'asb@llr.example.org' });
    const connection = { url: t.env.REDIS_URL };
    queue = new Queue('notifications', { connection, prefix: t.env.QUEUE_PREFIX });
    events = new QueueEvents('notifications', { connection, prefix: t.env.QUEUE_PREFIX });
    await events.waitUntilReady();
    officer = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'PC Amy Jones');
    await t.db.query(`UPDATE npas SET notification_emails = '{nl-asb@example.org,nl-sergeant@example.org}' WHERE code = 'NL'`);
    nlCase = await insertCase(t.db, t.orgs['CHARNWOOD-BC'], { npaCode: 'NL', officerInChargeId: officer.id, openedAt: new Date(Date.now() - 3 * DAY) });
    await addParty(t.db, nlCase.id, await insertPerson(t.db, t.orgs['CHARNWOOD-BC'], { firstName: 'Ann', lastName: 'Smith' }), 'victim', new Date(Date.now() - 3 * DAY));
    await insertCase(t.db, t.orgs['LEICESTER-CC'], { npaCode: 'NS', cspCode: 'LEICESTER' });
    await t.startWorker();
  });
  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await t?.close();
    await smtp.stop();
  });

  it('is scheduled for Mondays at 07:00 London time', async () => {
    const deadline = Date.now() + 10000;
    const weekly = async () => (await queue.getJobSchedulers()).filter((s) => s.key === 'weekly-missing-risk-assessments');
    let schedulers = await weekly();
    while (schedulers.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      schedulers = await weekly();
    }
    expect(schedulers).toEqual([expect.objectContaining({ key: 'weekly-missing-risk-assessments', pattern: '0 7 * * 1', tz: 'Europe/London' })]);
    const next = new Date(schedulers[0].next!);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(next)).toBe('Mon 07:00');
  });

  it('may be run only by an admin, with a valid body', async () => {
    const sup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    expectError(await t.http().post('/api/v1/jobs/missing-risk-assessments').set('Authorization', `Bearer ${sup.token}`).send({}), 403, 'FORBIDDEN');
    expectError(await t.http().post('/api/v1/jobs/missing-risk-assessments').send({}), 401, 'UNAUTHENTICATED');
    expectError(await t.http().post('/api/v1/jobs/missing-risk-assessments').set('Authorization', `Bearer ${t.adminToken}`).send({ weekOf: 'soon' }), 400, 'VALIDATION_FAILED');
    expectError(await t.http().post('/api/v1/jobs/missing-risk-assessments').set('Authorization', `Bearer ${t.adminToken}`).send({ force: 'yes' }), 400, 'VALIDATION_FAILED');
  });

  it('sends each NPA with addresses one e-mail with the rows as text, HTML and CSV', async () => {
    const result = await trigger();
    expect(result).toEqual({ weekOf: thisWeek, npas: ['NL', 'NS'] });
    expect(await npaJob('NL', thisWeek)).toMatchObject({ status: 'sent', recipients: 2, rows: 2 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toMatchObject({ value: [{ address: 'nl-asb@example.org' }, { address: 'nl-sergeant@example.org' }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'asb@llr.example.org' }] });
    expect(mail.subject).toBe(`Missing risk assessments: NL Charnwood, week of ${thisWeek} (2)`);
    expect(mail.text).toMatch(new RegExp(`${nlCase.reference}\\s+PC Amy Jones\\s+Case\\s+missing\\s+3`));
    expect(mail.text).toMatch(new RegExp(`${nlCase.reference}\\s+PC Amy Jones\\s+Victim: Ann Smith\\s+missing\\s+3`));
    expect(mail.html).toContain('<td style="padding:4px 8px">Victim: Ann Smith</td>');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: `missing-risk-assessments-NL-${thisWeek}.csv`, contentType: 'text/csv' });
    expect(mail.attachments[0].content.toString('utf8').trim().split('\r\n')).toEqual([
      'caseReference,officerInCharge,assessment,problem,daysOutstanding',
      `${nlCase.reference},PC Amy Jones,Case,missing,3`,
      `${nlCase.reference},PC Amy Jones,Victim: Ann Smith,missing,3`,
    ]);
  });

  it('skips an NPA with no notification address without failing', async () => {
    expect(await npaJob('NS', thisWeek)).toEqual({ status: 'no_notification_address' });
  });

  it('sends nothing more when run again the same week', async () => {
    await trigger();
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages).toHaveLength(1);
    const { rows } = await t.db.query(`SELECT send_count FROM missing_ra_deliveries WHERE npa_code = 'NL' AND week_of = $1`, [thisWeek]);
    expect(rows).toEqual([{ send_count: 1 }]);
  });

  it('resends when forced', async () => {
    await trigger({ force: true });
    await smtp.waitFor(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages).toHaveLength(2);
  });

  it('retries a failed send and delivers exactly once when the server is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    const nextWeek = new Date(new Date(`${thisWeek}T00:00:00Z`).getTime() + 7 * DAY).toISOString().slice(0, 10);
    await trigger({ weekOf: nextWeek });
    const deadline = Date.now() + 10000;
    let job = await Job.fromId(queue, `missing-ra.NL.${nextWeek}`);
    while ((job?.attemptsMade ?? 0) < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      job = await Job.fromId(queue, `missing-ra.NL.${nextWeek}`);
    }
    expect(job!.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(job!.failedReason).toMatch(/ECONNREFUSED|connect/i);
    await smtp.start(port);
    expect(await npaJob('NL', nextWeek)).toMatchObject({ status: 'sent' });
    await smtp.waitFor(3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages).toHaveLength(3);
    expect(smtp.messages[2].subject).toContain(`week of ${nextWeek}`);
  });

  it('keeps the counts of each run for the trend report', async () => {
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    const res = await t.http().get('/api/v1/reports/missing-risk-assessments/trend?npaCode=NL').set(auth).expect(200);
    expect(res.body.items.map((i: { weekOf: string }) => i.weekOf)).toContain(thisWeek);
    expect(res.body.items.find((i: { weekOf: string }) => i.weekOf === thisWeek)).toEqual({ weekOf: thisWeek, npas: 1, casesNonCompliant: 1, missing: 2, reviewOverdue: 0 });
    const all = await t.http().get('/api/v1/reports/missing-risk-assessments/trend').set(auth).expect(200);
    expect(all.body.items.find((i: { weekOf: string }) => i.weekOf === thisWeek)).toMatchObject({ npas: 9, casesNonCompliant: 2, missing: 3 });
    const csv = await t.http().get('/api/v1/reports/missing-risk-assessments/trend?format=csv&npaCode=NL').set(auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('weekOf,npas,casesNonCompliant,missing,reviewOverdue');
    const analyst = await t.createUser('LEICS-POLICE', ['analyst']);
    await t.http().get('/api/v1/reports/missing-risk-assessments/trend').set('Authorization', `Bearer ${analyst.token}`).expect(200);
    const caseworker = await t.createUser('LEICS-POLICE', ['caseworker']);
    expectError(await t.http().get('/api/v1/reports/missing-risk-assessments/trend').set('Authorization', `Bearer ${caseworker.token}`), 403, 'FORBIDDEN');
    expectError(await t.http().get('/api/v1/reports/missing-risk-assessments/trend?from=2026-12-01&to=2026-11-01').set(auth), 400, 'VALIDATION_FAILED');
  });
});

describe('the weekly e-mail without an SMTP server', () => {
  it('is written as an .eml file to the outbox', async () => {
    const t = await createTestApp();
    const connection = { url: t.env.REDIS_URL };
    const queue = new Queue('notifications', { connection, prefix: t.env.QUEUE_PREFIX });
    const events = new QueueEvents('notifications', { connection, prefix: t.env.QUEUE_PREFIX });
    try {
      await t.db.query(`UPDATE npas SET notification_emails = '{nn-asb@example.org}' WHERE code = 'NN'`);
      await insertCase(t.db, t.orgs['NWL-DC'], { npaCode: 'NN', cspCode: 'NWL' });
      await t.startWorker();
      const res = await t.http().post('/api/v1/jobs/missing-risk-assessments').set('Authorization', `Bearer ${t.adminToken}`).send({}).expect(202);
      await (await Job.fromId(queue, res.body.jobId))!.waitUntilFinished(events, 15000);
      const week = weekOf(new Date(), 'Europe/London');
      await (await Job.fromId(queue, `missing-ra.NN.${week}`))!.waitUntilFinished(events, 15000);
      const files = readdirSync(t.env.OUTBOX_DIR).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const eml = readFileSync(join(t.env.OUTBOX_DIR, files[0]), 'utf8').replace(/\r?\n[ \t]+/g, ' ');
      expect(eml).toContain('To: nn-asb@example.org');
      expect(eml).toContain(`Subject: Missing risk assessments: NN North West Leicestershire, week of ${week} (1)`);
    } finally {
      await events.close();
      await queue.close();
      await t.close();
    }
  });
});
