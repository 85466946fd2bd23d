import { randomUUID } from 'node:crypto';
import { idempotencyKeyHash, idempotencyScope, requestFingerprint } from '@asb/core/idempotency/idempotency-key';
import { caseBody, count } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

interface Partner {
  id: string;
  token: string;
}

/**
 * Idempotency-Key on POST (API.md "Conventions"): a partner system pushing
 * the same record twice gets one record and the same answer.
 */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let storm: Partner;
  let genie: Partner;
  let caseworker: TestUser;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const postCase = (token: string, key: string | undefined, body: object) => {
    const req = t.http().post('/api/v1/cases').set(auth(token));
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const casesTitled = (title: string) => count(t, 'cases', 'title = $1', [title]);
  const keyRows = () => count(t, 'idempotency_keys');

  /** An API client made through the admin endpoint, signed in with client credentials. */
  async function partner(name: string): Promise<Partner> {
    const made = await t.http().post('/api/v1/api-clients').set(auth(t.adminToken)).send({ name, organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
    const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: made.body.clientId, client_secret: made.body.clientSecret }).expect(200);
    return { id: made.body.id, token: tok.body.access_token };
  }

  beforeAll(async () => {
    t = await createTestApp();
    storm = await partner('STORM');
    genie = await partner('GENIE');
    caseworker = await t.createUser('LEICS-POLICE', ['caseworker']);
  });
  afterAll(() => t.close());

  it('answers a retry with the first answer and creates one case', async () => {
    const key = randomUUID();
    const body = caseBody({ title: 'Pushed twice', externalRefs: [{ system: 'STORM', value: 'LP-1' }] });
    const audits = await count(t, 'audit_events', `action = 'create' AND entity_type = 'case'`);

    const first = await postCase(storm.token, key, body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await postCase(storm.token, key, body).expect(201);

    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.text).toBe(first.text);
    expect(second.body.id).toBe(first.body.id);
    expect(await casesTitled('Pushed twice')).toBe(1);
    expect(await count(t, 'external_refs', `system = 'STORM' AND value = 'LP-1'`)).toBe(1);
    expect(await count(t, 'audit_events', `action = 'create' AND entity_type = 'case'`)).toBe(audits + 1);
    // The replay discloses the case again, so it is audited too.
    const replays = await t.db.query(`SELECT actor_kind, actor_id, details FROM audit_events WHERE action = 'replay'`);
    expect(replays.rows).toEqual([{ actor_kind: 'client', actor_id: storm.id, details: { method: 'POST', path: '/api/v1/cases', status: 201, responseId: first.body.id } }]);
  });

  it('takes the same body with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const first = await postCase(storm.token, key, { title: 'Reordered', category: 'nuisance', type: 'other', npaCode: 'NL', location: { postcode: 'LE11 3QF', address: 'Ashby Road' } }).expect(201);
    const again = await postCase(storm.token, key, { location: { address: 'Ashby Road', postcode: 'LE11 3QF' }, npaCode: 'NL', type: 'other', category: 'nuisance', title: 'Reordered' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await casesTitled('Reordered')).toBe(1);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED, writing nothing', async () => {
    const key = randomUUID();
    await postCase(storm.token, key, caseBody({ title: 'First body' })).expect(201);
    const cases = await count(t, 'cases');
    const res = await postCase(storm.token, key, caseBody({ title: 'Second body' }));
    expectError(res, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(res.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await count(t, 'cases')).toBe(cases);
    // The first request is still answered as before.
    const replay = await postCase(storm.token, key, caseBody({ title: 'First body' })).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps keys of different callers and endpoints apart', async () => {
    const key = randomUUID();
    const body = caseBody({ title: 'Same key, two partners' });
    const a = await postCase(storm.token, key, body).expect(201);
    const b = await postCase(genie.token, key, body).expect(201);
    const c = await postCase(caseworker.token, key, body).expect(201);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(await casesTitled('Same key, two partners')).toBe(3);

    // Another endpoint with the same key and caller is another key too.
    const person = await t.http().post('/api/v1/people').set(auth(storm.token)).set('Idempotency-Key', key).send({ kind: 'person', lastName: 'Keyed' });
    expect(person.status).toBe(201);
    expect(person.headers['idempotent-replayed']).toBeUndefined();
  });

  it('creates one case for ten simultaneous requests with one key, and every answer agrees', async () => {
    const key = randomUUID();
    const body = caseBody({ title: 'Ten at once', externalRefs: [{ system: 'STORM', value: 'RACE-1' }] });
    const answers = await Promise.all(Array.from({ length: 10 }, () => postCase(storm.token, key, body)));

    expect(await casesTitled('Ten at once')).toBe(1);
    const created = answers.filter((r) => r.status === 201);
    // A retry waits up to 5 s for the first to finish; one that waits longer would be 409 CONFLICT.
    for (const r of answers.filter((a) => a.status !== 201)) expectError(r, 409, 'CONFLICT');
    expect(created.length).toBeGreaterThanOrEqual(1);
    const { rows } = await t.db.query(`SELECT id FROM cases WHERE title = 'Ten at once'`);
    for (const r of created) expect(r.text).toBe(created[0].text);
    expect(created[0].body.id).toBe(rows[0].id);
    expect(created.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
  });

  it.each([
    ['an empty key', ''],
    ['a key of 256 characters', 'k'.repeat(256)],
    ['a key with a character outside printable ASCII', 'clé-1'],
  ])('refuses %s with 400, writing nothing', async (_label, key) => {
    const before = [await count(t, 'cases'), await keyRows()];
    const res = await postCase(storm.token, key, caseBody({ title: 'Bad key' }));
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('1-255') }]);
    expect([await count(t, 'cases'), await keyRows()]).toEqual(before);
  });

  it('accepts a key of 255 characters and a quoted key', async () => {
    await postCase(storm.token, 'k'.repeat(255), caseBody({ title: 'Long key' })).expect(201);
    const quoted = `"${randomUUID()}"`;
    await postCase(storm.token, quoted, caseBody({ title: 'Quoted key' })).expect(201);
    await postCase(storm.token, quoted, caseBody({ title: 'Quoted key' })).expect(201);
    expect(await casesTitled('Quoted key')).toBe(1);
  });

  it('does not keep a 400: the same key may carry the corrected request', async () => {
    const key = randomUUID();
    expectError(await postCase(storm.token, key, caseBody({ title: 'Corrected', npaCode: 'nl' })), 400, 'VALIDATION_FAILED');
    expectError(await postCase(storm.token, key, caseBody({ title: 'Corrected', npaCode: 'ZZ' })), 400, 'VALIDATION_FAILED');
    const ok = await postCase(storm.token, key, caseBody({ title: 'Corrected' })).expect(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
    expect(await casesTitled('Corrected')).toBe(1);
  });

  it('keeps a refusal the endpoint made (409) and answers it again, first request id included', async () => {
    await postCase(storm.token, undefined, caseBody({ title: 'Holder', externalRefs: [{ system: 'STORM', value: 'TAKEN-1' }] })).expect(201);
    const key = randomUUID();
    const body = caseBody({ title: 'Refused', externalRefs: [{ system: 'STORM', value: 'TAKEN-1' }] });
    const first = await postCase(storm.token, key, body);
    expectError(first, 409, 'DUPLICATE_EXTERNAL_REF');
    const again = await postCase(storm.token, key, body);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(first.body);
    expect(again.headers['x-request-id']).not.toBe(first.body.requestId);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await casesTitled('Refused')).toBe(0);
  });

  it('keeps answers on other routes too: an incident and a 404', async () => {
    const c = await postCase(storm.token, undefined, caseBody({ title: 'Routes' })).expect(201);
    const key = randomUUID();
    const incident = { occurredAt: new Date(Date.now() - 3600_000).toISOString(), description: 'Noise', victimPersonIds: [] };
    const i1 = await t.http().post(`/api/v1/cases/${c.body.id}/incidents`).set(auth(storm.token)).set('Idempotency-Key', key).send(incident).expect(201);
    const i2 = await t.http().post(`/api/v1/cases/${c.body.id}/incidents`).set(auth(storm.token)).set('Idempotency-Key', key).send(incident).expect(201);
    expect(i2.body).toEqual(i1.body);
    expect(await count(t, 'incidents', 'case_id = $1', [c.body.id])).toBe(1);

    const missing = `/api/v1/cases/${randomUUID()}/incidents`;
    expectError(await t.http().post(missing).set(auth(storm.token)).set('Idempotency-Key', key).send(incident), 404, 'NOT_FOUND');
    const again = await t.http().post(missing).set(auth(storm.token)).set('Idempotency-Key', key).send(incident);
    expectError(again, 404, 'NOT_FOUND');
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('ignores the header on the public sign-in routes', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Idempotency-Key', '').send({ email: caseworker.email, password: 'test-password-123' });
    expect(res.status).toBe(200);
  });

  it('stores only hashes of the key and request, and the answer encrypted', async () => {
    const key = `visible-key-${randomUUID()}`;
    await postCase(storm.token, key, caseBody({ title: 'Intimidation at Ashby Road' })).expect(201);
    const { rows } = await t.db.query(`SELECT scope, key_hash, request_hash, status, response_status, response_type, response_body FROM idempotency_keys WHERE scope = $1 AND key_hash = $2`, [
      idempotencyScope({ kind: 'client', id: storm.id }, 'POST', '/api/v1/cases'),
      idempotencyKeyHash(key),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'completed', response_status: 201, response_type: expect.stringContaining('application/json') });
    const stored = Buffer.concat([rows[0].key_hash, rows[0].request_hash, rows[0].response_body]).toString('latin1');
    expect(stored).not.toContain('Ashby');
    expect(stored).not.toContain('visible-key');
  });

  describe('time', () => {
    const scope = () => idempotencyScope({ kind: 'client', id: storm.id }, 'POST', '/api/v1/cases');

    it('forgets a key after 24 hours: the same request then runs again, and expired keys are purged', async () => {
      const key = randomUUID();
      const body = caseBody({ title: 'A day later' });
      const first = await postCase(storm.token, key, body).expect(201);
      const other = randomUUID();
      await postCase(storm.token, other, caseBody({ title: 'Another old key' })).expect(201);
      await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE key_hash = ANY($1)`, [[idempotencyKeyHash(key), idempotencyKeyHash(other)]]);
      const justInside = randomUUID();
      await postCase(storm.token, justInside, caseBody({ title: 'Not yet old' })).expect(201);
      await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '23 hours 59 minutes' WHERE key_hash = $1`, [idempotencyKeyHash(justInside)]);

      const later = await postCase(storm.token, key, body).expect(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.body.id).not.toBe(first.body.id);
      expect(await casesTitled('A day later')).toBe(2);
      // The claim of a key purges the expired ones; the one 23 h 59 min old stays and still replays.
      expect(await count(t, 'idempotency_keys', `created_at < now() - interval '24 hours'`)).toBe(0);
      expect(await count(t, 'idempotency_keys', 'key_hash = $1', [idempotencyKeyHash(other)])).toBe(0);
      const replay = await postCase(storm.token, justInside, caseBody({ title: 'Not yet old' })).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await casesTitled('Not yet old')).toBe(1);
    });

    /**
     * A first request with the key still running, as the service runs it: its claim (a pending row) inserted
     * in a transaction that is still open. Returns that transaction's connection.
     */
    async function firstStillRunning(key: string, body: object) {
      const first = await t.db.connect();
      first.on('error', () => undefined); // one test ends its connection from the server side
      await first.query('BEGIN');
      await first.query(`INSERT INTO idempotency_keys (scope, key_hash, request_hash, claim_id, status) VALUES ($1, $2, $3, $4, 'pending')`, [
        scope(),
        idempotencyKeyHash(key),
        requestFingerprint('', JSON.parse(JSON.stringify(body))),
        randomUUID(),
      ]);
      return first;
    }

    it('answers 409 CONFLICT after 5 s while the first request with the key is still running, and runs the retry at once when that request dies', async () => {
      const key = randomUUID();
      const body = caseBody({ title: 'Still running' });
      const first = await firstStillRunning(key, body);
      try {
        const started = Date.now();
        const res = await postCase(storm.token, key, body);
        expectError(res, 409, 'CONFLICT');
        expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
        expect(res.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('still being processed'), retryAfterSeconds: 1 }]);
        expect(res.headers['retry-after']).toBe('1');
        expect(await casesTitled('Still running')).toBe(0);

        // The first request's process dies: PostgreSQL ends its connection and rolls its transaction back.
        const [{ pid }] = (await first.query('SELECT pg_backend_pid() AS pid')).rows;
        const gone = new Promise((resolve) => first.once('error', resolve));
        await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
        await gone;
      } finally {
        first.release(true);
      }
      const retry = await postCase(storm.token, key, body).expect(201);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(await casesTitled('Still running')).toBe(1);
      const again = await postCase(storm.token, key, body).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(retry.body.id);
    });

    it('answers a retry waiting on the first request as soon as that one commits: its answer, or 422 for another body', async () => {
      const key = randomUUID();
      const body = caseBody({ title: 'First of two' });
      const first = await firstStillRunning(key, body);
      const waiting = postCase(storm.token, key, caseBody({ title: 'Other body' })).then((r) => r);
      await new Promise((r) => setTimeout(r, 300));
      await first.query(
        `UPDATE idempotency_keys SET status = 'completed', response_status = 201, response_type = 'application/json', response_body = '\\x00', completed_at = now()
          WHERE scope = $1 AND key_hash = $2`,
        [scope(), idempotencyKeyHash(key)],
      );
      await first.query('COMMIT');
      first.release();
      expectError(await waiting, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await casesTitled('Other body')).toBe(0);
    });

    it('frees a key at once when the first request rolls back (a 5xx or a 400 is not kept)', async () => {
      const key = randomUUID();
      const body = caseBody({ title: 'Rolled back first' });
      const first = await firstStillRunning(key, body);
      const waiting = postCase(storm.token, key, body).then((r) => r);
      await new Promise((r) => setTimeout(r, 300));
      await first.query('ROLLBACK');
      first.release();
      const res = await waiting;
      expect(res.status).toBe(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(await casesTitled('Rolled back first')).toBe(1);
    });

    it('takes over a pending key left visible by the version before this one after 2 minutes, and answers 409 before', async () => {
      const key = randomUUID();
      const body = caseBody({ title: 'Orphaned key' });
      const orphan = async (age: string) =>
        t.db.query(
          `INSERT INTO idempotency_keys (scope, key_hash, request_hash, claim_id, status, created_at) VALUES ($1, $2, $3, $4, 'pending', now() - $5::interval)
           ON CONFLICT (scope, key_hash) DO UPDATE SET created_at = EXCLUDED.created_at`,
          [scope(), idempotencyKeyHash(key), requestFingerprint('', JSON.parse(JSON.stringify(body))), randomUUID(), age],
        );
      await orphan('10 seconds');
      expectError(await postCase(storm.token, key, body), 409, 'CONFLICT');
      await orphan('121 seconds');
      const res = await postCase(storm.token, key, body).expect(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(await casesTitled('Orphaned key')).toBe(1);
      await postCase(storm.token, key, body).expect(201);
      expect(await casesTitled('Orphaned key')).toBe(1);
    });
  });

  it('documents the header on authenticated POST routes', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    const names = (op: { parameters?: { name: string; in: string }[] }) => (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    expect(names(doc.paths['/api/v1/cases'].post)).toContain('Idempotency-Key');
    expect(names(doc.paths['/api/v1/people'].post)).toContain('Idempotency-Key');
    expect(names(doc.paths['/api/v1/auth/login'].post)).not.toContain('Idempotency-Key');
    expect(names(doc.paths['/api/v1/cases'].get)).not.toContain('Idempotency-Key');
  });
});
