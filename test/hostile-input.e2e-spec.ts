import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { addVictim, caseBody, createCase } from './support/cases-fixtures';
import { createTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Issue 12, "No input produces a 5xx": the hostile inputs of the report and
 * their families get a 4xx in the error shape of API.md (statusCode, code,
 * message, details for every 400, requestId), and write nothing.
 */

/** `{"zz":{"a":{"a":...}}}`, nested `levels` deep. */
const deepJson = (levels: number) => `{"zz":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

/** The API.md error shape, with details naming `field` (exactly, or by a pattern) when given. */
function expectRefused(res: Response, status: number, code: string, field?: string | RegExp): void {
  if (res.status !== status || res.body?.code !== code) throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(typeof res.body.requestId).toBe('string');
  if (status === 400) {
    expect(Array.isArray(res.body.details)).toBe(true);
    expect(res.body.details.length).toBeGreaterThan(0);
  }
  if (field !== undefined) {
    const fields: string[] = res.body.details.map((d: { field?: string }) => d.field ?? '');
    if (!fields.some((f) => (typeof field === 'string' ? f === field : field.test(f)))) throw new Error(`no detail names ${field}: ${JSON.stringify(res.body.details)}`);
  }
}

describe('hostile input', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let supervisor: TestUser;
  let caseId: string;
  let personId: string;
  const auth = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const count = async (table: string) => Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const TABLES = ['people', 'cases', 'incidents', 'external_refs', 'case_parties', 'users', 'api_clients', 'organisations'];
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await count(tb)])));

  beforeAll(async () => {
    t = await createTestApp({ API_LIMIT_PER_CALLER: '0', SIGN_IN_LIMIT_PER_ACCOUNT: '0', SIGN_IN_LIMIT_PER_ADDRESS: '0' });
    caseworker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    supervisor = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    const person = await t.http().post('/api/v1/people').set(auth(caseworker)).send({ kind: 'person', firstName: 'Hostile', lastName: 'Victim' }).expect(201);
    personId = person.body.id;
    caseId = (await createCase(t, caseworker.token)).id;
    await addVictim(t, caseworker.token, caseId, personId);
  });
  afterAll(() => t?.close());

  describe('a body nested 10,000 levels deep', () => {
    it('is 400 on sign-in and token, naming where it is too deep', async () => {
      for (const path of ['/api/v1/auth/login', '/api/v1/auth/token']) {
        const res = await t.http().post(path).set('Content-Type', 'application/json').send(deepJson(10_000));
        expectRefused(res, 400, 'VALIDATION_FAILED', /^zz\.a\.a/);
      }
    });

    it('is 400 on every POST and PATCH of /docs-json, with real and random ids, and writes nothing', async () => {
      const api = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
      const before = await counts();
      let tried = 0;
      for (const [path, ops] of Object.entries(api.paths)) {
        for (const method of Object.keys(ops).filter((m) => m === 'post' || m === 'patch')) {
          for (const ids of ['real', 'random'] as const) {
            const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => (ids === 'real' && name === 'id' && path.startsWith('/api/v1/cases/') ? caseId : ids === 'real' && name === 'personId' ? personId : name === 'code' ? 'NL' : randomUUID()));
            const res = await t.http()[method as 'post' | 'patch'](url).set(auth(caseworker)).set('Content-Type', 'application/json').send(deepJson(10_000));
            expectRefused(res, 400, 'VALIDATION_FAILED');
            tried += 1;
          }
        }
      }
      expect(tried).toBeGreaterThan(80);
      expect(await counts()).toEqual(before);
    });

    it('is refused as deep as 33 levels, and a body 32 deep reaches validation', async () => {
      const at = (levels: number) => t.http().post('/api/v1/people').set(auth(caseworker)).set('Content-Type', 'application/json').send(`{"kind":"person","firstName":"A","lastName":"B","address":${'{"a":'.repeat(levels - 1)}1${'}'.repeat(levels - 1)}}`);
      expectRefused(await at(33), 400, 'VALIDATION_FAILED', /^address(\.a)+$/);
      const ok = await at(32);
      expectRefused(ok, 400, 'VALIDATION_FAILED', 'address.a');
      expect(ok.body.details[0].message).toMatch(/not a known field/);
    });

    it('a body of more than 10,000 keys and elements is 400, one over 1 MB is 413', async () => {
      const wide = Object.fromEntries(Array.from({ length: 10_001 }, (_v, i) => [`k${i}`, 1]));
      expectRefused(await t.http().post('/api/v1/people').set(auth(caseworker)).send(wide), 400, 'VALIDATION_FAILED', 'body');
      expectRefused(await t.http().post('/api/v1/people').set(auth(caseworker)).send({ items: Array(10_001).fill(0) }), 400, 'VALIDATION_FAILED', 'items');
      expectRefused(await t.http().post('/api/v1/people').set(auth(caseworker)).send({ kind: 'person', firstName: 'x'.repeat(1_100_000) }), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('prototype keys are unknown fields', () => {
    it.each([
      ['__proto__', '{"kind":"person","firstName":"A","lastName":"B","__proto__":{"isAdmin":true}}', '__proto__'],
      ['constructor.prototype', '{"kind":"person","firstName":"A","lastName":"B","constructor":{"prototype":{"isAdmin":true}}}', 'constructor'],
      ['prototype', '{"kind":"person","firstName":"A","lastName":"B","prototype":1}', 'prototype'],
      ['a nested __proto__', '{"kind":"person","firstName":"A","lastName":"B","address":{"line1":"1 High St","postcode":"LE11 3QF","__proto__":{"x":1}}}', 'address.__proto__'],
      ['__proto__ in a list', '{"kind":"person","firstName":"A","lastName":"B","externalRefs":[{"system":"S","value":"1","__proto__":{}}]}', 'externalRefs.0.__proto__'],
    ])('%s on POST /people is 400 naming it, and nothing is written', async (_label, body, field) => {
      const before = await counts();
      const res = await t.http().post('/api/v1/people').set(auth(caseworker)).set('Content-Type', 'application/json').send(body);
      expectRefused(res, 400, 'VALIDATION_FAILED', field);
      expect(await counts()).toEqual(before);
    });

    it('on a case, on sign-in, in a query and in a urlencoded body', async () => {
      const res = await t.http().patch(`/api/v1/cases/${caseId}`).set(auth(caseworker)).set('Content-Type', 'application/json').send('{"title":"x","constructor":{"prototype":{"a":1}}}');
      expectRefused(res, 400, 'VALIDATION_FAILED', 'constructor');
      expectRefused(await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":"a@b.org","password":"x","__proto__":{"a":1}}'), 400, 'VALIDATION_FAILED', '__proto__');
      expectRefused(await t.http().get('/api/v1/people?q=smith&constructor=1').set(auth(caseworker)), 400, 'VALIDATION_FAILED', 'constructor');
      expectRefused(await t.http().get('/api/v1/people?q=smith&__proto__=1').set(auth(caseworker)), 400, 'VALIDATION_FAILED', '__proto__');
      const form = await t.http().post('/api/v1/auth/token').set('Content-Type', 'application/x-www-form-urlencoded').send('grant_type=client_credentials&client_id=x&client_secret=y&__proto__=1');
      expectRefused(form, 400, 'VALIDATION_FAILED', '__proto__');
    });
  });

  describe('malformed nested values are 400 naming the path, and write nothing', () => {
    const cases: [string, () => string, object, string][] = [
      ['people: externalRefs [[]]', () => '/api/v1/people', { kind: 'person', firstName: 'A', lastName: 'B', externalRefs: [[]] }, 'externalRefs'],
      ['people: externalRefs [null]', () => '/api/v1/people', { kind: 'person', firstName: 'A', lastName: 'B', externalRefs: [null] }, 'externalRefs'],
      ['people: externalRefs [["S","1"]]', () => '/api/v1/people', { kind: 'person', firstName: 'A', lastName: 'B', externalRefs: [['S', '1']] }, 'externalRefs'],
      ['people: externalRefs {}', () => '/api/v1/people', { kind: 'person', firstName: 'A', lastName: 'B', externalRefs: { system: 'S', value: '1' } }, 'externalRefs'],
      ['people: address []', () => '/api/v1/people', { kind: 'person', firstName: 'A', lastName: 'B', address: [] }, 'address'],
      ['people: address [{...}]', () => '/api/v1/people', { kind: 'person', firstName: 'A', lastName: 'B', address: [{ line1: '1 High St', postcode: 'LE11 3QF' }] }, 'address'],
      ['cases: externalRefs [[]]', () => '/api/v1/cases', caseBody({ externalRefs: [[]] }), 'externalRefs'],
      ['cases: location []', () => '/api/v1/cases', caseBody({ location: [] }), 'location'],
      ['cases: location [[]]', () => '/api/v1/cases', caseBody({ location: [[]] }), 'location'],
      ['incidents: externalRefs [[]]', () => `/api/v1/cases/${caseId}/incidents`, { description: 'x', occurredAt: new Date(Date.now() - 60_000).toISOString(), externalRefs: [[]] }, 'externalRefs'],
      ['incidents: location []', () => `/api/v1/cases/${caseId}/incidents`, { description: 'x', occurredAt: new Date(Date.now() - 60_000).toISOString(), location: [] }, 'location'],
    ];
    it.each(cases)('%s', async (_label, path, body, field) => {
      const before = await counts();
      expectRefused(await t.http().post(path()).set(auth(caseworker)).send(body), 400, 'VALIDATION_FAILED', field);
      expect(await counts()).toEqual(before);
    });

    it('PATCH /people/{id} with address [] and externalRefs [[]]', async () => {
      expectRefused(await t.http().patch(`/api/v1/people/${personId}`).set(auth(caseworker)).send({ address: [] }), 400, 'VALIDATION_FAILED', 'address');
      expectRefused(await t.http().patch(`/api/v1/people/${personId}`).set(auth(caseworker)).send({ externalRefs: [[]] }), 400, 'VALIDATION_FAILED', 'externalRefs');
      expect((await t.http().get(`/api/v1/people/${personId}`).set(auth(caseworker)).expect(200)).body).toMatchObject({ address: null, externalRefs: [] });
    });
  });

  describe('text that cannot be stored', () => {
    it.each([
      ['a NUL character', '{"kind":"person","firstName":"A\\u0000","lastName":"B"}', 'firstName'],
      ['a lone surrogate in an e-mail address', '{"kind":"person","firstName":"A","lastName":"B","email":"\\ud800@example.org"}', 'email'],
    ])('%s is 400 naming the field', async (_label, body, field) => {
      expectRefused(await t.http().post('/api/v1/people').set(auth(caseworker)).set('Content-Type', 'application/json').send(body), 400, 'VALIDATION_FAILED', field);
    });
  });

  describe('dates and times outside 1900-2100', () => {
    const REPORTS = [
      '/api/v1/reports/compliance',
      '/api/v1/reports/supervisory-reviews/overdue',
      '/api/v1/reports/hotspots?groupBy=npa',
      '/api/v1/reports/interventions',
      '/api/v1/reports/jag',
      '/api/v1/reports/case-reviews',
      '/api/v1/exports/cases',
    ];
    it.each(REPORTS)('%s: to=9999-12-31 and from=0000-01-01 are 400 naming the field', async (path) => {
      const sep = path.includes('?') ? '&' : '?';
      expectRefused(await t.http().get(`${path}${sep}to=9999-12-31`).set(auth(supervisor)), 400, 'VALIDATION_FAILED', 'to');
      expectRefused(await t.http().get(`${path}${sep}from=0000-01-01`).set(auth(supervisor)), 400, 'VALIDATION_FAILED', 'from');
      expectRefused(await t.http().get(`${path}${sep}to=9999-12-31T23:59:59Z`).set(auth(supervisor)), 400, 'VALIDATION_FAILED', 'to');
      // The edges of the range are taken.
      expect((await t.http().get(`${path}${sep}from=1900-01-01&to=2100-12-31`).set(auth(supervisor))).status).toBe(200);
    });

    it.each([
      ['openedAt 9999', () => '/api/v1/cases', () => caseBody({ openedAt: '9999-12-31T00:00:00Z' }), 'openedAt'],
      ['openedAt 0000', () => '/api/v1/cases', () => caseBody({ openedAt: '0000-01-01T00:00:00Z' }), 'openedAt'],
      ['occurredAt 0000', () => `/api/v1/cases/${caseId}/incidents`, () => ({ description: 'x', occurredAt: '0000-01-01T00:00:00Z' }), 'occurredAt'],
      ['dateOfBirth 0000', () => '/api/v1/people', () => ({ kind: 'person', firstName: 'A', lastName: 'B', dateOfBirth: '0000-01-01' }), 'dateOfBirth'],
      ['dateOfBirth 9999', () => '/api/v1/people', () => ({ kind: 'person', firstName: 'A', lastName: 'B', dateOfBirth: '9999-12-31' }), 'dateOfBirth'],
    ])('%s in a body is 400 naming the field', async (_label, path, body, field) => {
      expectRefused(await t.http().post(path()).set(auth(caseworker)).send(body()), 400, 'VALIDATION_FAILED', field);
    });
  });

  describe('every 400 has details', () => {
    it('bad JSON, a bad UUID in the path, a bad query value, a forged cursor', async () => {
      expectRefused(await t.http().post('/api/v1/people').set(auth(caseworker)).set('Content-Type', 'application/json').send('{"kind":'), 400, 'VALIDATION_FAILED', 'body');
      expectRefused(await t.http().get('/api/v1/people/not-a-uuid').set(auth(caseworker)), 400, 'VALIDATION_FAILED', 'id');
      expectRefused(await t.http().get('/api/v1/cases?limit=abc').set(auth(caseworker)), 400, 'VALIDATION_FAILED', 'limit');
      const forged = Buffer.from(JSON.stringify(['0000-01-01T00:00:00Z', randomUUID()])).toString('base64url');
      expectRefused(await t.http().get(`/api/v1/cases/${caseId}/victims/${personId}/updates?cursor=${forged}`).set(auth(caseworker)), 400, 'VALIDATION_FAILED', 'cursor');
    });
  });

  describe('a sub-resource of a record that does not exist is 404', () => {
    it('GET /cases/{id}/victims/{random}/updates and victim-first-referrals, on a real case', async () => {
      for (const sub of ['updates', 'victim-first-referrals']) {
        expectRefused(await t.http().get(`/api/v1/cases/${caseId}/victims/${randomUUID()}/${sub}`).set(auth(caseworker)), 404, 'NOT_FOUND');
        // The victim of the case: their (empty) lists.
        expect((await t.http().get(`/api/v1/cases/${caseId}/victims/${personId}/${sub}`).set(auth(caseworker))).status).toBe(200);
      }
    });

    it('every GET below a random case, person or JAG referral', async () => {
      const paths = [
        `/api/v1/cases/${randomUUID()}/victims/${personId}/updates`,
        `/api/v1/cases/${randomUUID()}/victims/${personId}/victim-first-referrals`,
        `/api/v1/cases/${randomUUID()}/incidents`,
        `/api/v1/cases/${randomUUID()}/risk-assessments`,
        `/api/v1/cases/${randomUUID()}/reviews`,
        `/api/v1/cases/${randomUUID()}/interventions`,
        `/api/v1/people/${randomUUID()}/possible-duplicates`,
        `/api/v1/jag-referrals/${randomUUID()}`,
        `/api/v1/case-reviews/${randomUUID()}`,
        `/api/v1/imports/${randomUUID()}`,
      ];
      for (const path of paths) expectRefused(await t.http().get(path).set(auth(caseworker)), 404, 'NOT_FOUND');
    });

    it('a victim removed from the case keeps their history readable', async () => {
      const other = await t.http().post('/api/v1/people').set(auth(caseworker)).send({ kind: 'person', firstName: 'Former', lastName: 'Victim' }).expect(201);
      await addVictim(t, caseworker.token, caseId, other.body.id);
      await t.http().post(`/api/v1/cases/${caseId}/victims/${other.body.id}/updates`).set(auth(caseworker)).send({ method: 'phone', summary: 'Called' }).expect(201);
      await t.http().delete(`/api/v1/cases/${caseId}/victims/${other.body.id}`).set(auth(caseworker)).expect(204);
      const res = await t.http().get(`/api/v1/cases/${caseId}/victims/${other.body.id}/updates`).set(auth(caseworker)).expect(200);
      expect(res.body.items).toHaveLength(1);
    });
  });
});
