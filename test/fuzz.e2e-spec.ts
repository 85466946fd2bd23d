import { addVictim, createCase, recordIncident } from './support/cases-fixtures';
import { FuzzGenerator, FuzzRequest, OpenApi } from './support/fuzz';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Walks every operation of the live OpenAPI description (/docs-json) with
 * generated bad input (wrong types, nulls, extremes, odd text, dates in the
 * years 0000 and 9999, NUL characters, deep nesting, unknown and prototype
 * keys, arrays for objects and objects for arrays) in path parameters (random
 * UUIDs and real ids), query strings and bodies, as an admin and as a
 * caseworker. No answer may be a 5xx, and every 400 names what is wrong in
 * `details`. Seeded, and bounded in count: the same requests every run.
 */
/** FUZZ_SEED=n explores other inputs; the default is the one CI runs. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261208);
/** Requests per operation and caller, at most. */
const PER_OPERATION = 80;
const CONCURRENCY = 4;

jest.setTimeout(240_000);

interface Outcome {
  req: FuzzRequest;
  status: number;
  body: string;
}

async function send(baseUrl: string, token: string, r: FuzzRequest, retry = true): Promise<Outcome> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (r.contentType) headers['Content-Type'] = r.contentType;
  try {
    const res = await fetch(`${baseUrl}${r.url}`, { method: r.method, headers, body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body });
    return { req: r, status: res.status, body: await res.text() };
  } catch (e) {
    // A kept-alive connection the server closed after refusing a body it did not read (415, 403) can fail the next
    // request sent on it: that one request is sent again once, on a new connection. No answer twice is a failure.
    if (retry) return send(baseUrl, token, r, false);
    const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
    return { req: r, status: 599, body: `no answer: ${e instanceof Error ? e.message : String(e)}${cause}` };
  }
}

async function runAll(baseUrl: string, token: string, requests: FuzzRequest[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const r = requests[next++];
        out.push(await send(baseUrl, token, r));
      }
    }),
  );
  return out;
}

function describeFailure(o: Outcome): string {
  const body = o.req.body === undefined ? '' : ` body ${o.req.body.length > 300 ? `${o.req.body.slice(0, 300)}… (${o.req.body.length} characters)` : o.req.body}`;
  const url = o.req.url.length > 300 ? `${o.req.url.slice(0, 300)}…` : o.req.url;
  return `${o.status} ${o.req.method} ${url} [${o.req.label}]${body} -> ${o.body.slice(0, 300)}`;
}

/** 5xx answers, and 400s without details (API.md: every VALIDATION_FAILED names the fields at fault). */
function failures(outcomes: Outcome[]): string[] {
  const bad: string[] = [];
  for (const o of outcomes) {
    if (o.status >= 500) bad.push(describeFailure(o));
    else if (o.status === 400) {
      let parsed: { code?: string; details?: unknown[]; requestId?: string } = {};
      try {
        parsed = JSON.parse(o.body);
      } catch {
        /* not JSON: reported below */
      }
      if (!Array.isArray(parsed.details) || parsed.details.length === 0 || typeof parsed.requestId !== 'string') bad.push(`400 without details or requestId: ${describeFailure(o)}`);
    }
  }
  return bad;
}

describe('fuzz: every operation of /docs-json with generated bad input', () => {
  let t: TestApp;
  let api: OpenApi;
  let caseworker: { token: string; id: string };
  let spareUserId: string;
  const ids: Record<string, string> = {};
  const auth = () => ({ Authorization: `Bearer ${caseworker.token}` });

  beforeAll(async () => {
    t = await createTestApp({ API_LIMIT_PER_CALLER: '0', SIGN_IN_LIMIT_PER_ACCOUNT: '0', SIGN_IN_LIMIT_PER_ADDRESS: '0' });
    api = (await t.http().get('/docs-json')).body as OpenApi;
    caseworker = await t.createUser('LEICS-POLICE', ['caseworker', 'supervisor'], 'Fuzz Caseworker');
    spareUserId = (await t.createUser('LEICS-POLICE', ['caseworker'], 'Spare User')).id;
    // Real records, so path parameters reach past "not found" into the services.
    const person = await t.http().post('/api/v1/people').set(auth()).send({ kind: 'person', firstName: 'Fuzz', lastName: 'Victim' });
    expect(person.status).toBe(201);
    ids.person = person.body.id;
    const kase = await createCase(t, caseworker.token, { openedAt: new Date(Date.now() - 7_200_000).toISOString() });
    ids.case = kase.id;
    await addVictim(t, caseworker.token, ids.case, ids.person);
    await recordIncident(t, caseworker.token, ids.case, { occurredAt: new Date(Date.now() - 3_600_000).toISOString(), victimPersonIds: [ids.person] });
    ids.org = t.orgs['LEICS-POLICE'];
    // A perpetrator with a warning, a JAG referral and a Case Review, when the rules let the fixture make them (ids stay random otherwise).
    const perpetrator = await t.http().post('/api/v1/people').set(auth()).send({ kind: 'person', firstName: 'Fuzz', lastName: 'Perpetrator' });
    ids.perpetrator = perpetrator.body.id;
    await t.http().post(`/api/v1/cases/${ids.case}/perpetrators`).set(auth()).send({ personId: ids.perpetrator });
    const warning = await t.http().post(`/api/v1/cases/${ids.case}/perpetrators/${ids.perpetrator}/interventions`).set(auth()).send({ type: 'verbal_warning' });
    if (warning.status === 201) ids.intervention = warning.body.id;
    const jag = await t.http().post(`/api/v1/cases/${ids.case}/jag-referrals`).set(auth()).send({ reasons: ['complex'], complexReason: 'Fuzz fixture', summary: 'Fuzz fixture' });
    if (jag.status === 201) ids.jag = jag.body.id;
    const review = await t.http().post('/api/v1/case-reviews').set(auth()).send({ applicantPersonId: ids.person, caseId: ids.case });
    if (review.status === 201) ids.caseReview = review.body.id;
    // A time after the case opened and before now, for every field named ...At.
    ids.at = new Date(Date.now() - 1000).toISOString();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  /** The real id for a path parameter of an operation, when there is one. */
  const realId = (path: string, param: string): string | undefined => {
    if (param === 'personId') return ids.person;
    if (param === 'organisationId') return ids.org;
    if (param === 'code') return 'NL';
    if (param !== 'id') return undefined;
    if (path.startsWith('/api/v1/cases/')) return ids.case;
    if (path.startsWith('/api/v1/people/')) return ids.person;
    if (path.startsWith('/api/v1/users/')) return spareUserId;
    if (path.startsWith('/api/v1/interventions/')) return ids.intervention;
    if (path.startsWith('/api/v1/jag-referrals/')) return ids.jag;
    if (path.startsWith('/api/v1/case-reviews/')) return ids.caseReview;
    return undefined;
  };

  function generate(seed: number): FuzzRequest[] {
    const gen = new FuzzGenerator(api, seed, realId, {
      at: ids.at,
      personId: ids.person,
      applicantPersonId: ids.person,
      victimPersonId: ids.person,
      reportedByPersonId: ids.person,
      caseId: ids.case,
      organisationId: ids.org,
      attendingOrganisationId: ids.org,
      npaCode: 'NL',
      cspCode: 'CHARNWOOD',
      defaultCspCode: 'CHARNWOOD',
      postcode: 'LE11 3QF',
      from: '2026-01-01',
      to: '2026-12-31',
    });
    const requests: FuzzRequest[] = [];
    for (const path of Object.keys(api.paths).sort()) {
      for (const method of Object.keys(api.paths[path]).sort()) {
        requests.push(...gen.requestsFor(path, method, api.paths[path][method], PER_OPERATION));
      }
    }
    return requests;
  }

  it('walks every operation the description lists', () => {
    const operations = Object.values(api.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).toBeGreaterThan(60);
    // Deterministic: the same seed gives the same requests.
    expect(generate(SEED).map((r) => `${r.method} ${r.url} ${r.body ?? ''}`)).toEqual(generate(SEED).map((r) => `${r.method} ${r.url} ${r.body ?? ''}`));
  });

  it('no 5xx, and details on every 400, as a caseworker', async () => {
    const outcomes = await runAll(t.url, caseworker.token, generate(SEED));
    expect(outcomes.length).toBeGreaterThan(500);
    expect(failures(outcomes)).toEqual([]);
  });

  it('no 5xx, and details on every 400, as an admin', async () => {
    const outcomes = await runAll(t.url, t.adminToken, generate(SEED + 1));
    expect(outcomes.length).toBeGreaterThan(500);
    expect(failures(outcomes)).toEqual([]);
    // The service is still there, and still answers a sound request.
    expect((await t.http().get('/health/live')).status).toBe(200);
    expect((await t.http().get(`/api/v1/cases/${ids.case}`).set('Authorization', `Bearer ${caseworker.token}`)).status).toBe(200);
  });
});
