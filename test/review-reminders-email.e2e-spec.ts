import { Job, Queue, QueueEvents } from 'bullmq';
import type { ParsedMail } from 'mailparser';
import { insertCase } from './support/fixtures';
import { TestSmtpServer } from './support/smtp';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = 'Europe/London';

/** Today's date in London, worked out here with Intl (not with the code under test). */
const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const addressOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address;
const csvLines = (m: ParsedMail) => m.attachments[0].content.toString('utf8').trim().split('\r\n');
const CSV_HEADER = 'section,caseReference,npaCode,title,officerInCharge,reviewDueAt,daysOverdue,daysUntilDue';

describe('the daily supervisory-review reminder e-mail', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let queue: Queue;
  let events: QueueEvents;
  const today = londonToday();

  // Charnwood: two officers in charge (one left: inactive), a supervisor who is also an officer in charge,
  // a supervisor with no cases of their own, an inactive supervisor, an officer whose only case is not yet due.
  let amy: TestUser;
  let ben: TestUser;
  let sam: TestUser;
  let kim: TestUser;
  let gone: TestUser;
  let cat: TestUser;
  // Melton: an officer with a case due soon, and a supervisor with nothing overdue.
  let mel: TestUser;
  let meltonSup: TestUser;

  type Fixture = { id: string; reference: string; dueAt: Date };
  const cases: Record<string, Fixture> = {};

  /** A case whose review falls due `offsetMs` from now (an hour off a whole day, so its day count holds for the whole test). */
  const dueIn = async (name: string, org: string, officer: TestUser | null, offsetMs: number, extra: { npaCode?: string; cspCode?: string; status?: 'closed' } = {}) => {
    const c = await insertCase(t.db, t.orgs[org], { officerInChargeId: officer?.id, openedAt: new Date(Date.now() - 60 * DAY), ...extra });
    const dueAt = new Date(Math.floor((Date.now() + offsetMs) / 1000) * 1000);
    await t.db.query(`UPDATE cases SET title = $2, review_due_at = $3 WHERE id = $1`, [c.id, `Case ${name}`, dueAt]);
    cases[name] = { ...c, dueAt };
  };
  /** What the e-mail should show for a case's due instant: date and time in London, worked out here with Intl. */
  const shown = (name: string) => {
    const at = cases[name].dueAt;
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    return `${new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)} ${time}`;
  };
  const iso = (name: string) => cases[name].dueAt.toISOString();

  const trigger = async (body: object = {}) => {
    const res = await t.http().post('/api/v1/jobs/review-reminders').set('Authorization', `Bearer ${t.adminToken}`).send(body).expect(202);
    expect(res.body).toEqual({ jobId: expect.any(String) });
    const job = await Job.fromId(queue, res.body.jobId);
    return { jobId: res.body.jobId as string, result: await job!.waitUntilFinished(events, 15000) };
  };
  const userJob = async (user: TestUser, day: string) => {
    const job = await Job.fromId(queue, `review-reminder.${user.id}.${day}`);
    return job ? job.waitUntilFinished(events, 20000) : undefined;
  };
  const mailTo = (user: TestUser, from = 0) => smtp.messages.slice(from).filter((m) => addressOf(m) === user.email);

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_RETRY_DELAY_MS: '300', MAIL_FROM: 'asb@llr.example.org' });
    const connection = { url: t.env.REDIS_URL };
    queue = new Queue('notifications', { connection, prefix: t.env.QUEUE_PREFIX });
    events = new QueueEvents('notifications', { connection, prefix: t.env.QUEUE_PREFIX });
    await events.waitUntilReady();

    amy = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'PC Amy Jones');
    ben = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'PC Ben Left');
    sam = await t.createUser('CHARNWOOD-BC', ['caseworker', 'supervisor'], 'Sgt Sam Patel');
    kim = await t.createUser('CHARNWOOD-BC', ['supervisor'], 'Insp Kim Lee');
    gone = await t.createUser('CHARNWOOD-BC', ['supervisor'], 'Sgt Gone Away');
    cat = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'PC Cat Later');
    mel = await t.createUser('MELTON-BC', ['caseworker'], 'Mel Officer');
    meltonSup = await t.createUser('MELTON-BC', ['supervisor'], 'Melton Supervisor');
    await t.db.query(`UPDATE users SET active = false WHERE id = ANY($1)`, [[ben.id, gone.id]]);

    await dueIn('A-overdue', 'CHARNWOOD-BC', amy, -(3 * DAY + HOUR));
    await dueIn('A-soon', 'CHARNWOOD-BC', amy, 2 * DAY + HOUR);
    await dueIn('A-later', 'CHARNWOOD-BC', amy, 10 * DAY);
    await dueIn('A-closed', 'CHARNWOOD-BC', amy, -(5 * DAY), { status: 'closed' });
    // The edge of the window: 7 days less 10 minutes is in (6 complete days), 7 days and an hour is not.
    await dueIn('A-edge-in', 'CHARNWOOD-BC', amy, 7 * DAY - 10 * 60_000);
    await dueIn('A-edge-out', 'CHARNWOOD-BC', amy, 7 * DAY + HOUR);
    await dueIn('B-overdue', 'CHARNWOOD-BC', ben, -(10 * DAY + HOUR));
    await dueIn('S-soon', 'CHARNWOOD-BC', sam, DAY + HOUR);
    await dueIn('X-unassigned', 'CHARNWOOD-BC', null, -(DAY + HOUR));
    await dueIn('C-later', 'CHARNWOOD-BC', cat, 9 * DAY);
    await dueIn('M-soon', 'MELTON-BC', mel, 3 * DAY + HOUR, { npaCode: 'NM', cspCode: 'MELTON' });
    await t.startWorker();
  });
  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await t?.close();
    await smtp.stop();
  });

  it('is scheduled every day at 07:00 London time', async () => {
    const deadline = Date.now() + 10000;
    let scheduler = (await queue.getJobSchedulers()).find((s) => s.key === 'daily-review-reminders');
    while (!scheduler && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      scheduler = (await queue.getJobSchedulers()).find((s) => s.key === 'daily-review-reminders');
    }
    expect(scheduler).toMatchObject({ key: 'daily-review-reminders', name: 'review-reminders.daily', pattern: '0 7 * * *', tz: 'Europe/London' });
    const next = new Date(scheduler!.next!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime()).toBeLessThanOrEqual(Date.now() + DAY + 3600_000);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false }).format(next)).toBe('07:00');
  });

  it('may be run only by an admin, with a valid body', async () => {
    const rutlandSup = await t.createUser('RUTLAND-CC', ['supervisor']);
    const post = () => t.http().post('/api/v1/jobs/review-reminders');
    expectError(await post().set('Authorization', `Bearer ${rutlandSup.token}`).send({}), 403, 'FORBIDDEN');
    expectError(await post().send({}), 401, 'UNAUTHENTICATED');
    const admin = { Authorization: `Bearer ${t.adminToken}` };
    expectError(await post().set(admin).send({ day: 'tomorrow' }), 400, 'VALIDATION_FAILED');
    expectError(await post().set(admin).send({ day: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    expectError(await post().set(admin).send({ day: '2026-11-23T07:00:00Z' }), 400, 'VALIDATION_FAILED');
    expectError(await post().set(admin).send({ force: 'yes' }), 400, 'VALIDATION_FAILED');
    expectError(await post().set(admin).send({ daysAhead: 14 }), 400, 'VALIDATION_FAILED');
    // None of these started a run.
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
  });

  it('sends each person with anything to hear about exactly one e-mail', async () => {
    const { result } = await trigger();
    // Amy 3 own (overdue, soon, edge); Sam 1 own + 3 overdue in Charnwood; Kim 3 overdue in Charnwood; Mel 1 own.
    expect(result).toEqual({ day: today, recipients: 4, ownCases: 5, organisationCases: 6 });
    for (const u of [amy, sam, kim, mel]) expect(await userJob(u, today)).toMatchObject({ status: 'sent' });
    await smtp.waitFor(4);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.map(addressOf).sort()).toEqual([amy.email, sam.email, kim.email, mel.email].sort());
    for (const nobody of [ben, gone, cat, meltonSup]) expect(mailTo(nobody)).toEqual([]);
    // Nobody had a job but the four: the inactive, the not-yet-due and the other organisation's supervisor were never queued.
    for (const nobody of [ben, gone, cat, meltonSup]) expect(await userJob(nobody, today)).toBeUndefined();
  });

  it("lists an officer's own cases overdue or due within 7 days, and nothing closed or further off", async () => {
    const [mail] = mailTo(amy);
    expect(mail.from).toMatchObject({ value: [{ address: 'asb@llr.example.org' }] });
    expect(mail.subject).toBe(`Supervisory reviews, ${today}: 1 overdue, 2 due within 7 days`);
    expect(mail.text).toContain('Hello PC Amy Jones,');
    expect(mail.text).toContain('Your cases\n1 review overdue, 2 due within 7 days, on cases where you are the officer in charge.');
    expect(mail.text).not.toContain('Overdue in');
    expect(csvLines(mail)).toEqual([
      CSV_HEADER,
      `own,${cases['A-overdue'].reference},NL,Case A-overdue,PC Amy Jones,${iso('A-overdue')},3,`,
      `own,${cases['A-soon'].reference},NL,Case A-soon,PC Amy Jones,${iso('A-soon')},,2`,
      `own,${cases['A-edge-in'].reference},NL,Case A-edge-in,PC Amy Jones,${iso('A-edge-in')},,6`,
    ]);
    expect(mail.text).toMatch(new RegExp(`${cases['A-overdue'].reference}\\s+NL\\s+Case A-overdue\\s+${shown('A-overdue')}\\s+3 days overdue\\n`));
    expect(mail.text).toMatch(new RegExp(`${cases['A-soon'].reference}\\s+NL\\s+Case A-soon\\s+${shown('A-soon')}\\s+due in 2 days\\n`));
    expect(mail.text).toMatch(new RegExp(`${cases['A-edge-in'].reference}\\s+NL\\s+Case A-edge-in\\s+${shown('A-edge-in')}\\s+due in 6 days\\n`));
    for (const name of ['A-later', 'A-closed', 'A-edge-out']) {
      expect(mail.text).not.toContain(cases[name].reference);
      expect(mail.html).not.toContain(cases[name].reference);
    }
    expect(mail.html).toContain('<td style="padding:4px 8px">due in 2 days</td>');
    expect(mail.attachments[0]).toMatchObject({ filename: `review-reminders-${today}.csv`, contentType: 'text/csv' });
  });

  it("gives a supervisor who is also an officer in charge one e-mail with both sections, of their own organisation's overdue cases only", async () => {
    expect(mailTo(sam)).toHaveLength(1);
    const [mail] = mailTo(sam);
    expect(mail.subject).toBe(`Supervisory reviews, ${today}: 3 overdue, 1 due within 7 days`);
    expect(mail.text).toContain('Your cases\n0 reviews overdue, 1 due within 7 days');
    expect(mail.text).toContain('Overdue in Charnwood Borough Council\n3 open cases of Charnwood Borough Council are past the supervisory review due date.');
    expect(mail.text!.indexOf('Your cases')).toBeLessThan(mail.text!.indexOf('Overdue in Charnwood'));
    expect(mail.text).toMatch(new RegExp(`${cases['B-overdue'].reference}\\s+NL\\s+Case B-overdue\\s+PC Ben Left\\s+${shown('B-overdue')}\\s+10\\n`));
    expect(mail.text).toMatch(new RegExp(`${cases['X-unassigned'].reference}\\s+NL\\s+Case X-unassigned\\s+unassigned\\s+${shown('X-unassigned')}\\s+1\\n`));
    expect(csvLines(mail)).toEqual([
      CSV_HEADER,
      `own,${cases['S-soon'].reference},NL,Case S-soon,Sgt Sam Patel,${iso('S-soon')},,1`,
      `organisation,${cases['B-overdue'].reference},NL,Case B-overdue,PC Ben Left,${iso('B-overdue')},10,`,
      `organisation,${cases['A-overdue'].reference},NL,Case A-overdue,PC Amy Jones,${iso('A-overdue')},3,`,
      `organisation,${cases['X-unassigned'].reference},NL,Case X-unassigned,,${iso('X-unassigned')},1,`,
    ]);
    expect(String(mail.html).match(/<table/g)).toHaveLength(2);
    // Closed, not yet overdue, and other organisations' cases are not in the digest.
    for (const name of ['A-closed', 'A-soon', 'C-later', 'M-soon']) expect(mail.text).not.toContain(cases[name].reference);
  });

  it('gives a supervisor with no cases of their own the digest alone, and an officer in another organisation their own case', async () => {
    const [kimMail] = mailTo(kim);
    expect(kimMail.subject).toBe(`Supervisory reviews, ${today}: 3 overdue`);
    expect(kimMail.text).not.toContain('Your cases');
    expect(csvLines(kimMail).slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      `organisation,${cases['B-overdue'].reference}`,
      `organisation,${cases['A-overdue'].reference}`,
      `organisation,${cases['X-unassigned'].reference}`,
    ]);
    const [melMail] = mailTo(mel);
    expect(melMail.subject).toBe(`Supervisory reviews, ${today}: 1 due within 7 days`);
    expect(csvLines(melMail)).toEqual([CSV_HEADER, `own,${cases['M-soon'].reference},NM,Case M-soon,Mel Officer,${iso('M-soon')},,3`]);
  });

  it('logs each delivery with the cases it disclosed', async () => {
    const { rows } = await t.db.query(
      `SELECT user_id, day::text AS day, recipient, cardinality(own_case_ids) AS own, cardinality(organisation_case_ids) AS org, send_count
         FROM review_reminder_deliveries ORDER BY recipient`,
    );
    expect(rows).toEqual(
      [
        { user_id: amy.id, day: today, recipient: amy.email, own: 3, org: 0, send_count: 1 },
        { user_id: sam.id, day: today, recipient: sam.email, own: 1, org: 3, send_count: 1 },
        { user_id: kim.id, day: today, recipient: kim.email, own: 0, org: 3, send_count: 1 },
        { user_id: mel.id, day: today, recipient: mel.email, own: 1, org: 0, send_count: 1 },
      ].sort((a, b) => a.recipient.localeCompare(b.recipient)),
    );
  });

  it('sends nothing more when run again the same day, nor when a send job is run twice', async () => {
    const { result } = await trigger();
    expect(result).toMatchObject({ day: today, recipients: 4 });
    // A second send job for the same person and day (a retry, a second worker): the delivery log stops it.
    const again = await queue.add('review-reminders.user', { userId: amy.id, day: today, force: false }, { jobId: `again-${amy.id}` });
    expect(await again.waitUntilFinished(events, 15000)).toEqual({ status: 'already_sent' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages).toHaveLength(4);
    const { rows } = await t.db.query(`SELECT sum(send_count)::int AS n FROM review_reminder_deliveries`);
    expect(rows).toEqual([{ n: 4 }]);
  });

  it('resends when forced, and records the run in the audit trail', async () => {
    const { jobId } = await trigger({ force: true });
    await smtp.waitFor(8);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages).toHaveLength(8);
    expect(smtp.messages.slice(4).map(addressOf).sort()).toEqual([amy.email, sam.email, kim.email, mel.email].sort());
    const { rows } = await t.db.query(`SELECT send_count FROM review_reminder_deliveries WHERE user_id = $1`, [sam.id]);
    expect(rows).toEqual([{ send_count: 2 }]);
    const audit = await t.db.query(`SELECT actor_kind, action, entity_type, details FROM audit_events WHERE entity_type = 'job' AND details->>'jobId' = $1`, [jobId]);
    expect(audit.rows).toEqual([{ actor_kind: 'user', action: 'create', entity_type: 'job', details: { job: 'review-reminders', day: null, force: true, jobId } }]);
  });

  it('does not list a case reviewed since, nor anyone who was made inactive', async () => {
    const tomorrow = addDays(today, 1);
    // Amy's overdue case has had its review (due again in 28 days); Kim has left.
    await t.db.query(`UPDATE cases SET review_due_at = now() + interval '28 days' WHERE id = $1`, [cases['A-overdue'].id]);
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [kim.id]);
    const before = smtp.messages.length;
    const { result } = await trigger({ day: tomorrow });
    expect(result).toEqual({ day: tomorrow, recipients: 3, ownCases: 4, organisationCases: 2 });
    await smtp.waitFor(before + 3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.slice(before).map(addressOf).sort()).toEqual([amy.email, sam.email, mel.email].sort());
    const [amyMail] = mailTo(amy, before);
    expect(amyMail.subject).toBe(`Supervisory reviews, ${tomorrow}: 2 due within 7 days`);
    expect(amyMail.text).not.toContain(cases['A-overdue'].reference);
    const [samMail] = mailTo(sam, before);
    expect(samMail.text).toContain('2 open cases of Charnwood Borough Council are past the supervisory review due date.');
  });

  it('retries a failed send and delivers exactly once when the mail server is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    const day = addDays(today, 2);
    const before = smtp.messages.length;
    await trigger({ day });
    const deadline = Date.now() + 10000;
    let job = await Job.fromId(queue, `review-reminder.${mel.id}.${day}`);
    while ((job?.attemptsMade ?? 0) < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      job = await Job.fromId(queue, `review-reminder.${mel.id}.${day}`);
    }
    expect(job!.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(job!.failedReason).toMatch(/ECONNREFUSED|connect/i);
    await smtp.start(port);
    expect(await userJob(mel, day)).toMatchObject({ status: 'sent', ownCases: 1, organisationCases: 0 });
    await smtp.waitFor(before + 3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.slice(before).map(addressOf).sort()).toEqual([amy.email, sam.email, mel.email].sort());
  });
});
