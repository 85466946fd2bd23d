import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { caseBody, count } from './support/cases-fixtures';
import { createTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Exactly once through a crash (issue 12, item 3): the stored answer of an
 * Idempotency-Key commits in the same transaction as the write it answers, so
 * a retry after the API dies either replays the answer or runs a request that
 * never committed, at once. The crash between COMMIT and the answer is made
 * deterministic by the test hooks TEST_CRASH_AFTER_COMMIT and
 * TEST_CRASH_BEFORE_COMMIT (NODE_ENV=test only), which SIGKILL the API there.
 */
describe('Idempotency-Key through a crash of the API', () => {
  let t: TestApp;
  let caseworker: TestUser;

  const postCase = (key: string, body: object) => t.http().post('/api/v1/cases').set('Authorization', `Bearer ${caseworker.token}`).set('Idempotency-Key', key).send(body);
  const casesTitled = (title: string) => count(t, 'cases', 'title = $1', [title]);

  /** Sends a request the API dies on: no answer at all, and the process gone. */
  async function sendAndDie(key: string, body: object): Promise<void> {
    const dead = once(t.api(), 'exit');
    const outcome = await postCase(key, body).then(
      (res) => `answered ${res.status}`,
      (err: Error) => `no answer (${err.message})`,
    );
    expect(outcome).toMatch(/^no answer/);
    await dead;
  }

  beforeAll(async () => {
    t = await createTestApp();
    caseworker = await t.createUser('LEICS-POLICE', ['caseworker']);
  });
  afterAll(() => t.close());

  it('replays the answer after the API died between COMMIT and the answer: one case, the same id', async () => {
    await t.restartApi({ TEST_CRASH_AFTER_COMMIT: '1' });
    const key = randomUUID();
    const body = caseBody({ title: 'Committed, never answered' });
    await sendAndDie(key, body);
    expect(await casesTitled('Committed, never answered')).toBe(1);

    await t.restartApi({ TEST_CRASH_AFTER_COMMIT: '0' });
    const retry = await postCase(key, body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const { rows } = await t.db.query(`SELECT id FROM cases WHERE title = 'Committed, never answered'`);
    expect(rows).toEqual([{ id: retry.body.id }]);
    expect(retry.body).toMatchObject({ title: 'Committed, never answered' });
  });

  it('runs the retry at once after the API died before COMMIT: nothing of the first is left, one case', async () => {
    await t.restartApi({ TEST_CRASH_BEFORE_COMMIT: '1' });
    const key = randomUUID();
    const body = caseBody({ title: 'Died before commit' });
    await sendAndDie(key, body);
    expect(await casesTitled('Died before commit')).toBe(0);
    expect(await count(t, 'idempotency_keys', `status = 'pending'`)).toBe(0);

    await t.restartApi({ TEST_CRASH_BEFORE_COMMIT: '0' });
    // The key is free at once: no 409 "still being processed", no two minutes' wait.
    const retry = await postCase(key, body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await casesTitled('Died before commit')).toBe(1);
    const again = await postCase(key, body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(retry.body.id);
  });

  it('answers the error, not the 201, when the COMMIT itself fails, and keeps nothing: the key runs again', async () => {
    // A check PostgreSQL makes only at COMMIT (a deferred constraint trigger), made for this test.
    await t.db.query(`CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.title = 'Refused at commit' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$`);
    await t.db.query(`CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON cases DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()`);
    const key = randomUUID();
    const body = caseBody({ title: 'Refused at commit' });
    try {
      const res = await postCase(key, body);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ statusCode: 500, code: 'INTERNAL', requestId: expect.any(String) });
      expect(res.body.id).toBeUndefined();
      expect(await casesTitled('Refused at commit')).toBe(0);
    } finally {
      await t.db.query('DROP TRIGGER test_refuse_at_commit ON cases');
      await t.db.query('DROP FUNCTION test_refuse_at_commit()');
    }
    const retry = await postCase(key, body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await casesTitled('Refused at commit')).toBe(1);
  });

  it('ends the transaction of a client that hung up before its answer: the retry is answered, one case', async () => {
    const key = randomUUID();
    const body = JSON.stringify(caseBody({ title: 'Hung up' }));
    await new Promise<void>((resolve) => {
      const req = request(`${t.url}/api/v1/cases`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${caseworker.token}`, 'Idempotency-Key': key, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.end(body, () => setImmediate(() => req.destroy()));
    });
    const retry = await postCase(key, JSON.parse(body)).expect(201);
    expect(await casesTitled('Hung up')).toBe(1);
    const { rows } = await t.db.query(`SELECT id FROM cases WHERE title = 'Hung up'`);
    expect(retry.body.id).toBe(rows[0].id);
    // Nothing of that request is left holding a connection in a transaction.
    const open = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
    expect(open.rows[0].n).toBe(0);
  });

  it('kill -9 in the middle of a burst of keyed writes: every key gets one case and its answer, retried until acknowledged', async () => {
    const clients = 20;
    const perClient = 6;
    const jobs = Array.from({ length: clients }, (_, c) => Array.from({ length: perClient }, (_, i) => ({ key: randomUUID(), title: `Burst ${c}-${i}` })));
    let acknowledged = 0;
    let killed = false;
    let restarted: Promise<void> | undefined;
    const answers = new Map<string, { id: string; replayed: boolean; attempts: number }>();

    // Each client sends its writes one after another and retries the same key and body, when it got no answer, until it gets a 201.
    const client = async (writes: { key: string; title: string }[]) => {
      for (const w of writes) {
        for (let attempt = 1; ; attempt++) {
          const res = await fetch(`${t.url}/api/v1/cases`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${caseworker.token}`, 'Idempotency-Key': w.key, 'Content-Type': 'application/json' },
            body: JSON.stringify(caseBody({ title: w.title })),
          }).catch(() => undefined);
          if (res?.status === 201) {
            const b = (await res.json()) as { id: string };
            answers.set(w.key, { id: b.id, replayed: res.headers.get('idempotent-replayed') === 'true', attempts: attempt });
            if (++acknowledged === 25 && !killed) {
              killed = true;
              t.api().kill('SIGKILL');
              restarted = once(t.api(), 'exit').then(() => t.restartApi());
            }
            break;
          }
          // A 409 "still being processed" would be a key held by a request that died with the API: none may be.
          if (res && res.status < 500) throw new Error(`${w.title}: ${res.status} ${await res.text()}`);
          await res?.body?.cancel();
          if (attempt > 400) throw new Error(`${w.title}: not acknowledged after ${attempt} attempts (last ${res?.status ?? 'no answer'})`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    await Promise.all(jobs.map(client));
    await restarted;
    expect(killed).toBe(true);

    const { rows } = await t.db.query<{ title: string; ids: string[] }>(`SELECT title, array_agg(id::text) AS ids FROM cases WHERE title LIKE 'Burst %' GROUP BY title`);
    const byTitle = new Map(rows.map((r) => [r.title, r.ids]));
    for (const w of jobs.flat()) {
      // One case per key, and the answer the client kept names it.
      expect({ title: w.title, ids: byTitle.get(w.title) }).toEqual({ title: w.title, ids: [answers.get(w.key)!.id] });
    }
    expect(rows).toHaveLength(clients * perClient);
    // Some writes were in flight when the API died, and were retried.
    expect([...answers.values()].some((a) => a.attempts > 1)).toBe(true);
  }, 120_000);
});
