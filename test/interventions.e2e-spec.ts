import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Response, Test } from 'supertest';
import { addParty, insertCase, insertPerson } from './support/fixtures';
import { count, createCase, daysAgo } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const ROOT = join(__dirname, '..');
const COMPLIANCE_JS = join(ROOT, 'dist/api/libs/reports/src/compliance/compliance.repository.js');
const ADHERENCE_JS = join(ROOT, 'dist/api/libs/enforcement/src/incremental-approach.js');
const SECOND = 1000;
const DAY = 24 * 60 * 60 * 1000;
const INTERVENTION_KEYS = [
  'id', 'caseId', 'personId', 'type', 'level', 'status', 'outOfSequence', 'justification', 'issuingOrganisationId', 'issuedAt', 'complianceDueAt',
  'servedAt', 'requirements', 'amount', 'breachId', 'notes', 'recordedBy', 'approvedBy', 'approvedAt', 'withdrawnAt', 'withdrawalReason', 'withdrawnBy',
  'breaches', 'createdAt', 'updatedAt',
].sort();
const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const REQUIREMENTS = ['Stop playing amplified music audible outside the property between 23:00 and 07:00'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read freely by the tests
type Json = Record<string, any>;

describe('interventions: the Incremental Approach', () => {
  let t: TestApp;
  let cbcCw: TestUser; // Charnwood Borough Council caseworker: leads the cases, issues most interventions
  let cbcSupA: TestUser; // Charnwood supervisor who proposes a CPN
  let cbcSupB: TestUser; // Charnwood supervisor who approves it
  let policeCw: TestUser; // police caseworker: the cases are shared with the police
  let policeSup: TestUser;
  let housingCw: TestUser; // a housing provider not designated to issue CPNs: the cases are shared with it
  let blabyCw: TestUser; // Blaby: nothing of Charnwood's is shared with Blaby
  let blabySup: TestUser;
  let analyst: TestUser;
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: TestUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(auth(u)).send(body);
  const intervene = (u: TestUser, caseId: string, personId: string, body: object) => post(u, `/cases/${caseId}/perpetrators/${personId}/interventions`, body);

  async function ok(req: Test, status = 201): Promise<Json> {
    const res = await req;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** What any change to interventions would move: rows, their states, breaches and the audit trail of both. */
  const footprint = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM interventions)::int AS interventions,
                (SELECT string_agg(id || status || updated_at::text, ',' ORDER BY id) FROM interventions) AS states,
                (SELECT count(*) FROM intervention_breaches)::int AS breaches,
                (SELECT count(*) FROM audit_events WHERE entity_type IN ('intervention', 'intervention_breach') AND action <> 'list')::int AS audit`,
      )
    ).rows[0];

  /** The request is refused with this status and code, and nothing is written. */
  async function refused(req: Test, status: number, code: string): Promise<Response> {
    const before = await footprint();
    const res = await req;
    expectError(res, status, code);
    expect(await footprint()).toEqual(before);
    return res;
  }

  /** A Charnwood case opened 400 days ago, shared with the police and the housing provider, with a perpetrator. */
  async function charnwoodCase(perpetrator: { dateOfBirth?: string | null; body?: string } = {}): Promise<{ caseId: string; personId: string }> {
    const c = await createCase(t, cbcCw.token, { openedAt: daysAgo(400) });
    for (const org of [policeCw.organisationId, housingCw.organisationId]) await ok(post(cbcCw, `/cases/${c.id}/shares`, { organisationId: org }));
    const personId = perpetrator.body
      ? (await t.db.query(`INSERT INTO people (kind, organisation_name, owner_organisation_id) VALUES ('organisation', $1, $2) RETURNING id`, [perpetrator.body, cbcCw.organisationId])).rows[0].id
      : await insertPerson(t.db, cbcCw.organisationId, { firstName: 'Kyle', lastName: 'Barnes', dateOfBirth: perpetrator.dateOfBirth === null ? undefined : (perpetrator.dateOfBirth ?? '1990-05-05') });
    await ok(post(cbcCw, `/cases/${c.id}/perpetrators`, { personId }));
    return { caseId: c.id, personId };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const housing = await ok(t.http().post('/api/v1/organisations').set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'Charnwood Homes', code: 'CHARNWOOD-HOMES', kind: 'housing' }));
    expect(housing.canIssueCpn).toBe(false);
    t.orgs['CHARNWOOD-HOMES'] = housing.id;
    cbcCw = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'Amy Jones');
    cbcSupA = await t.createUser('CHARNWOOD-BC', ['supervisor'], 'Sam Proposer');
    cbcSupB = await t.createUser('CHARNWOOD-BC', ['supervisor'], 'Pat Approver');
    policeCw = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Plod');
    policeSup = await t.createUser('LEICS-POLICE', ['supervisor'], 'Sgt Police');
    housingCw = await t.createUser('CHARNWOOD-HOMES', ['caseworker'], 'Housing Officer');
    blabyCw = await t.createUser('BLABY-DC', ['caseworker'], 'Blaby Officer');
    blabySup = await t.createUser('BLABY-DC', ['supervisor'], 'Blaby Supervisor');
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);
  });
  afterAll(() => t.close());

  /**
   * incrementalApproachFigures(em, scope), the function the compliance
   * report calls, run from the built service on this test's database (Jest
   * cannot load Nest's ES modules in-process).
   */
  async function figuresOf(scopes: Record<string, string>[]): Promise<unknown[]> {
    const script = `
      const { Pool } = require('pg');
      const { ComplianceRepository } = require(${JSON.stringify(COMPLIANCE_JS)});
      const { adherencePercent } = require(${JSON.stringify(ADHERENCE_JS)});
      const figures = async (em, scope) => {
        const c = await new ComplianceRepository().counts(em, scope, new Date(), 28);
        return { interventions: c.interventions, outOfSequence: c.interventionsOutOfSequence, adherencePercent: adherencePercent(c.interventions, c.interventionsOutOfSequence) };
      };
      const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
      const em = { query: async (sql, params) => (await pool.query(sql, params)).rows };
      const scopes = JSON.parse(process.env.SCOPES, (k, v) => (k === 'from' || k === 'to' ? new Date(v) : v));
      Promise.all(scopes.map((scope) => figures(em, scope)))
        .then((f) => { process.stdout.write(JSON.stringify(f)); return pool.end(); })
        .catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.env.DATABASE_URL, SCOPES: JSON.stringify(scopes) },
    });
    return JSON.parse(stdout);
  }

  it('walks one perpetrator up the ladder from a warning letter to prosecution, refusing every step out of turn', async () => {
    const { caseId, personId } = await charnwoodCase();
    const witness = await insertPerson(t.db, cbcCw.organisationId, { lastName: 'Witness' });
    await addParty(t.db, caseId, witness, 'witness');
    const letterAt = daysAgo(300);

    // Who may not call, and where the person or the time is wrong.
    await refused(intervene(analyst, caseId, personId, { type: 'warning_letter' }), 403, 'FORBIDDEN');
    await refused(t.http().post(`/api/v1/cases/${caseId}/perpetrators/${personId}/interventions`).set('Authorization', `Bearer ${t.adminToken}`).send({ type: 'warning_letter' }), 403, 'FORBIDDEN');
    await refused(t.http().post(`/api/v1/cases/${caseId}/perpetrators/${personId}/interventions`).send({ type: 'warning_letter' }), 401, 'UNAUTHENTICATED');
    await refused(intervene(blabyCw, caseId, personId, { type: 'warning_letter' }), 404, 'NOT_FOUND');
    await refused(intervene(cbcCw, randomUUID(), personId, { type: 'warning_letter' }), 404, 'NOT_FOUND');
    await refused(intervene(cbcCw, caseId, witness, { type: 'warning_letter' }), 422, 'PERSON_NOT_ON_CASE');
    await refused(intervene(cbcCw, caseId, randomUUID(), { type: 'warning_letter' }), 422, 'PERSON_NOT_ON_CASE');
    await refused(intervene(cbcCw, caseId, 'not-a-uuid', { type: 'warning_letter' }), 400, 'VALIDATION_FAILED');
    await refused(intervene(cbcCw, caseId, personId, { type: 'warning_letter', issuedAt: at(new Date().toISOString(), 5 * 60 * SECOND) }), 400, 'TIME_IN_FUTURE');
    await refused(intervene(cbcCw, caseId, personId, { type: 'warning_letter', issuedAt: daysAgo(401) }), 400, 'VALIDATION_FAILED');
    await refused(intervene(cbcCw, caseId, personId, { type: 'stern_look' }), 400, 'VALIDATION_FAILED');
    await refused(intervene(cbcCw, caseId, personId, { type: 'warning_letter', colour: 'red' }), 400, 'VALIDATION_FAILED');
    await refused(intervene(cbcCw, caseId, personId, { type: 'warning_letter', amount: 50 }), 400, 'VALIDATION_FAILED');
    await refused(intervene(cbcCw, caseId, personId, { type: 'warning_letter', breachId: randomUUID() }), 400, 'VALIDATION_FAILED');
    // Level 2 first is two steps up from nothing.
    const abcFirst = await refused(intervene(cbcCw, caseId, personId, { type: 'acceptable_behaviour_contract' }), 422, 'INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED');
    expect(abcFirst.body.message).toContain('level 2');

    // Level 1: a warning letter.
    const before = Date.now();
    const letter = await ok(intervene(cbcCw, caseId, personId, { type: 'warning_letter', issuedAt: letterAt, notes: 'Hand-delivered' }));
    expect(Object.keys(letter).sort()).toEqual(INTERVENTION_KEYS);
    expect(letter).toMatchObject({
      caseId, personId, type: 'warning_letter', level: 1, status: 'served', outOfSequence: false, justification: null,
      issuingOrganisationId: cbcCw.organisationId, issuedAt: letterAt, servedAt: letterAt, complianceDueAt: null, requirements: [], amount: null,
      breachId: null, notes: 'Hand-delivered', recordedBy: { kind: 'user', id: cbcCw.id }, approvedBy: null, withdrawnAt: null, breaches: [],
    });
    expect(Date.parse(letter.createdAt)).toBeGreaterThanOrEqual(before - SECOND);
    expect(await count(t, 'audit_events', `entity_type = 'intervention' AND action = 'create' AND entity_id = $1 AND case_id = $2`, [letter.id, caseId])).toBe(1);

    // Level 3 straight after level 1 is out of sequence.
    await refused(
      intervene(cbcCw, caseId, personId, { type: 'community_protection_warning', issuedAt: daysAgo(295), complianceDueAt: daysAgo(280) }),
      422,
      'INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED',
    );

    // Level 2: an ABC, in sequence.
    const abc = await ok(intervene(cbcCw, caseId, personId, { type: 'acceptable_behaviour_contract', issuedAt: daysAgo(290), requirements: ['No contact with No. 14'] }));
    expect(abc).toMatchObject({ level: 2, status: 'served', outOfSequence: false, requirements: ['No contact with No. 14'] });

    // A CPN before any warning; a CPNW without its compliance date, by an organisation that may not issue one.
    await refused(intervene(cbcCw, caseId, personId, { type: 'community_protection_notice', issuedAt: daysAgo(285), requirements: REQUIREMENTS }), 422, 'CPN_REQUIRES_WARNING');
    await refused(intervene(cbcCw, caseId, personId, { type: 'community_protection_warning', issuedAt: daysAgo(280) }), 400, 'VALIDATION_FAILED');
    const cpnwAt = daysAgo(280);
    await refused(intervene(cbcCw, caseId, personId, { type: 'community_protection_warning', issuedAt: cpnwAt, complianceDueAt: cpnwAt }), 400, 'VALIDATION_FAILED');
    await refused(intervene(housingCw, caseId, personId, { type: 'community_protection_warning', issuedAt: daysAgo(280), complianceDueAt: daysAgo(250) }), 403, 'ISSUER_NOT_AUTHORISED');

    // Level 3: the CPNW, with the date by which the behaviour must stop.
    const complianceDueAt = daysAgo(250);
    const cpnw = await ok(intervene(cbcCw, caseId, personId, { type: 'community_protection_warning', issuedAt: cpnwAt, complianceDueAt }));
    expect(cpnw).toMatchObject({ type: 'community_protection_warning', level: 3, status: 'served', outOfSequence: false, complianceDueAt });

    // Level 4: the CPN, issued one second before the warning's compliance date refused, one second after proposed.
    const cpnBody = { type: 'community_protection_notice', requirements: REQUIREMENTS };
    const early = await refused(intervene(cbcSupA, caseId, personId, { ...cpnBody, issuedAt: at(complianceDueAt, -SECOND) }), 422, 'CPN_WARNING_PERIOD_NOT_ELAPSED');
    expect(early.body.message).toContain(complianceDueAt);
    await refused(intervene(cbcSupA, caseId, personId, { ...cpnBody, issuedAt: complianceDueAt }), 422, 'CPN_WARNING_PERIOD_NOT_ELAPSED');
    await refused(intervene(cbcSupA, caseId, personId, { type: 'community_protection_notice', issuedAt: at(complianceDueAt, SECOND) }), 400, 'VALIDATION_FAILED');
    await refused(intervene(housingCw, caseId, personId, { ...cpnBody, issuedAt: at(complianceDueAt, SECOND) }), 403, 'ISSUER_NOT_AUTHORISED');
    const cpn = await ok(intervene(cbcSupA, caseId, personId, { ...cpnBody, issuedAt: at(complianceDueAt, SECOND) }));
    expect(cpn).toMatchObject({ type: 'community_protection_notice', level: 4, status: 'proposed', outOfSequence: false, servedAt: null, recordedBy: { kind: 'user', id: cbcSupA.id } });

    // Not served before approval, not breached before service, and approved only by another supervisor of the issuing organisation.
    await refused(post(cbcCw, `/interventions/${cpn.id}/serve`, {}), 422, 'CPN_NOT_APPROVED');
    await refused(post(cbcCw, `/interventions/${cpn.id}/breaches`, { occurredAt: daysAgo(240), description: 'Music at 2am' }), 409, 'CONFLICT');
    await refused(post(cbcSupA, `/interventions/${cpn.id}/approve`), 422, 'APPROVER_IS_PROPOSER');
    await refused(post(cbcCw, `/interventions/${cpn.id}/approve`), 403, 'FORBIDDEN');
    await refused(post(policeSup, `/interventions/${cpn.id}/approve`), 403, 'FORBIDDEN');
    await refused(post(blabySup, `/interventions/${cpn.id}/approve`), 404, 'NOT_FOUND');
    await refused(post(cbcSupB, `/interventions/${randomUUID()}/approve`), 404, 'NOT_FOUND');
    await refused(post(cbcSupB, `/interventions/${letter.id}/approve`), 409, 'CONFLICT');
    const approved = await ok(post(cbcSupB, `/interventions/${cpn.id}/approve`), 200);
    expect(approved).toMatchObject({ id: cpn.id, status: 'approved', approvedBy: cbcSupB.id, servedAt: null });
    await refused(post(cbcSupB, `/interventions/${cpn.id}/approve`), 409, 'CONFLICT');

    // Served by the issuing organisation, not in the future, not before it was issued.
    await refused(post(policeCw, `/interventions/${cpn.id}/serve`, {}), 403, 'FORBIDDEN');
    await refused(post(analyst, `/interventions/${cpn.id}/serve`, {}), 403, 'FORBIDDEN');
    await refused(post(blabyCw, `/interventions/${cpn.id}/serve`, {}), 404, 'NOT_FOUND');
    await refused(post(cbcCw, `/interventions/${cpn.id}/serve`, { servedAt: at(new Date().toISOString(), 5 * 60 * SECOND) }), 400, 'TIME_IN_FUTURE');
    await refused(post(cbcCw, `/interventions/${cpn.id}/serve`, { servedAt: complianceDueAt }), 400, 'VALIDATION_FAILED');
    const servedAt = daysAgo(249);
    await refused(post(cbcCw, `/interventions/${cpn.id}/serve`, { servedAt, complianceDueAt: servedAt }), 400, 'VALIDATION_FAILED');
    const cpnComplianceDueAt = daysAgo(220);
    const served = await ok(post(cbcCw, `/interventions/${cpn.id}/serve`, { servedAt, complianceDueAt: cpnComplianceDueAt }), 200);
    expect(served).toMatchObject({ status: 'served', servedAt, complianceDueAt: cpnComplianceDueAt, approvedBy: cbcSupB.id });
    await refused(post(cbcCw, `/interventions/${cpn.id}/serve`, {}), 409, 'CONFLICT');
    await refused(post(cbcCw, `/interventions/${letter.id}/serve`, {}), 409, 'CONFLICT');

    // Level 5 needs a recorded breach of the served CPN.
    const fpnBody = { type: 'fixed_penalty_notice', amount: 100, issuedAt: daysAgo(199) };
    await refused(intervene(cbcCw, caseId, personId, fpnBody), 422, 'BREACH_REQUIRED');
    await refused(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: randomUUID() }), 422, 'BREACH_REQUIRED');
    await refused(intervene(cbcCw, caseId, personId, { type: 'prosecution', issuedAt: daysAgo(199) }), 422, 'BREACH_REQUIRED');
    // A breach is recorded by anyone working the case, but not in the future and not before the CPN was served.
    await refused(post(cbcCw, `/interventions/${cpn.id}/breaches`, { occurredAt: at(new Date().toISOString(), 5 * 60 * SECOND), description: 'Music' }), 400, 'TIME_IN_FUTURE');
    await refused(post(cbcCw, `/interventions/${cpn.id}/breaches`, { occurredAt: at(servedAt, -SECOND), description: 'Music' }), 400, 'VALIDATION_FAILED');
    await refused(post(cbcCw, `/interventions/${cpn.id}/breaches`, { occurredAt: daysAgo(200) }), 400, 'VALIDATION_FAILED');
    await refused(post(analyst, `/interventions/${cpn.id}/breaches`, { occurredAt: daysAgo(200), description: 'Music' }), 403, 'FORBIDDEN');
    await refused(post(blabyCw, `/interventions/${cpn.id}/breaches`, { occurredAt: daysAgo(200), description: 'Music' }), 404, 'NOT_FOUND');
    const occurredAt = daysAgo(200);
    const breach = await ok(post(policeCw, `/interventions/${cpn.id}/breaches`, { occurredAt, description: '  Amplified music at 02:10, heard from the street  ' }));
    expect(breach).toEqual({
      id: expect.any(String), interventionId: cpn.id, caseId, personId, occurredAt, description: 'Amplified music at 02:10, heard from the street',
      recordedBy: { kind: 'user', id: policeCw.id }, createdAt: expect.any(String),
    });
    expect(await count(t, 'audit_events', `entity_type = 'intervention_breach' AND action = 'create' AND entity_id = $1 AND case_id = $2`, [breach.id, caseId])).toBe(1);
    // A breach of the ABC is not a breach of a CPN.
    const abcBreach = await ok(post(cbcCw, `/interventions/${abc.id}/breaches`, { occurredAt, description: 'Contacted No. 14' }));
    await refused(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: abcBreach.id }), 422, 'BREACH_REQUIRED');

    // The fixed penalty notice: never by the police, never over the limit, never before the breach.
    await refused(intervene(policeCw, caseId, personId, { ...fpnBody, breachId: breach.id }), 403, 'FPN_NOT_BY_POLICE');
    await refused(intervene(housingCw, caseId, personId, { ...fpnBody, breachId: breach.id }), 403, 'ISSUER_NOT_AUTHORISED');
    const overFpn = await refused(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: breach.id, amount: 100.01 }), 422, 'AMOUNT_OVER_LIMIT');
    expect(overFpn.body.message).toContain('£100');
    await refused(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: breach.id, amount: undefined }), 400, 'VALIDATION_FAILED');
    await refused(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: breach.id, amount: 10.001 }), 400, 'VALIDATION_FAILED');
    await refused(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: breach.id, issuedAt: daysAgo(201) }), 400, 'VALIDATION_FAILED');
    const fpn = await ok(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: breach.id }));
    expect(fpn).toMatchObject({ type: 'fixed_penalty_notice', level: 5, status: 'served', outOfSequence: false, amount: 100, breachId: breach.id });
    await refused(intervene(cbcCw, caseId, personId, { ...fpnBody, breachId: breach.id, amount: 50 }), 409, 'CONFLICT');

    // Prosecution: the fine for an individual is capped.
    const prosecutionBody = { type: 'prosecution', breachId: breach.id, issuedAt: daysAgo(150) };
    const overFine = await refused(intervene(policeCw, caseId, personId, { ...prosecutionBody, amount: 2500.01 }), 422, 'AMOUNT_OVER_LIMIT');
    expect(overFine.body.message).toContain('£2,500');
    const prosecution = await ok(intervene(policeCw, caseId, personId, { ...prosecutionBody, amount: 2500 }));
    expect(prosecution).toMatchObject({ type: 'prosecution', level: 5, status: 'served', amount: 2500, issuingOrganisationId: policeCw.organisationId });

    // The case's interventions, newest first, paginated, each with its breaches.
    const first = await ok(t.http().get(`/api/v1/cases/${caseId}/interventions?limit=4`).set(auth(policeCw)), 200);
    expect(first.items.map((i: Json) => i.id)).toEqual([prosecution.id, fpn.id, cpn.id, cpnw.id]);
    expect(first.items[2].breaches).toEqual([{ id: breach.id, occurredAt, description: 'Amplified music at 02:10, heard from the street' }]);
    expect(Object.keys(first.items[0]).sort()).toEqual(INTERVENTION_KEYS);
    const second = await ok(t.http().get(`/api/v1/cases/${caseId}/interventions?limit=4&cursor=${first.nextCursor}`).set(auth(cbcCw)), 200);
    expect(second).toEqual({ items: [expect.objectContaining({ id: abc.id, breaches: [expect.objectContaining({ id: abcBreach.id })] }), expect.objectContaining({ id: letter.id })], nextCursor: null });
    expectError(await t.http().get(`/api/v1/cases/${caseId}/interventions`).set(auth(blabyCw)), 404, 'NOT_FOUND');
    expectError(await t.http().get(`/api/v1/cases/${caseId}/interventions`).set(auth(analyst)), 403, 'FORBIDDEN');
    expectError(await t.http().get(`/api/v1/cases/${caseId}/interventions?cursor=garbage`).set(auth(cbcCw)), 400, 'VALIDATION_FAILED');
    expect(await count(t, 'audit_events', `entity_type = 'intervention' AND action = 'list' AND case_id = $1`, [caseId])).toBe(2);

    // Every change is in the audit trail.
    const changes = (await t.db.query(`SELECT details->>'change' AS change FROM audit_events WHERE entity_type = 'intervention' AND action = 'update' AND entity_id = $1 ORDER BY id`, [cpn.id])).rows;
    expect(changes.map((r) => r.change)).toEqual(['approve', 'serve']);

    // A perpetrator with interventions stays on the case.
    expectError(await t.http().delete(`/api/v1/cases/${caseId}/perpetrators/${personId}`).set(auth(cbcCw)), 409, 'CONFLICT');
  });

  it('issues CPNWs and CPNs only to someone 16 or over on the day, or to a body, whose fine has no cap', async () => {
    // A 16th birthday 200 days ago (never a 29 February, to keep the arithmetic plain).
    let birthday = new Date(Date.now() - 200 * DAY).toISOString().slice(0, 10);
    if (birthday.endsWith('-02-29')) birthday = new Date(Date.now() - 201 * DAY).toISOString().slice(0, 10);
    const dateOfBirth = `${Number(birthday.slice(0, 4)) - 16}${birthday.slice(4)}`;
    const dayBefore = new Date(Date.parse(`${birthday}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    const young = await charnwoodCase({ dateOfBirth });
    const warningBody = { type: 'community_protection_warning', justification: 'Serious and persistent', complianceDueAt: daysAgo(100) };
    const under = await refused(intervene(cbcCw, young.caseId, young.personId, { ...warningBody, issuedAt: `${dayBefore}T12:00:00Z` }), 422, 'CPN_RECIPIENT_UNDER_16');
    expect(under.body.message).toContain(`15 on ${dayBefore}`);
    const sixteen = await ok(intervene(cbcCw, young.caseId, young.personId, { ...warningBody, issuedAt: `${birthday}T12:00:00Z` }));
    expect(sixteen).toMatchObject({ level: 3, outOfSequence: true, justification: 'Serious and persistent' });

    const unknownAge = await charnwoodCase({ dateOfBirth: null });
    await refused(intervene(cbcCw, unknownAge.caseId, unknownAge.personId, { ...warningBody, issuedAt: daysAgo(150) }), 422, 'DATE_OF_BIRTH_REQUIRED');
    // A warning letter needs no date of birth.
    await ok(intervene(cbcCw, unknownAge.caseId, unknownAge.personId, { type: 'warning_letter', issuedAt: daysAgo(150) }));

    // A body: the whole ladder, two fixed penalty notices for one breach at once (one wins), and a fine above the individual cap.
    const bar = await charnwoodCase({ body: 'Noisy Bar Ltd' });
    const cpnw = await ok(intervene(cbcCw, bar.caseId, bar.personId, { ...warningBody, issuedAt: daysAgo(120), complianceDueAt: daysAgo(100) }));
    const cpn = await ok(intervene(cbcCw, bar.caseId, bar.personId, { type: 'community_protection_notice', requirements: REQUIREMENTS, issuedAt: daysAgo(99) }));
    await ok(post(cbcSupB, `/interventions/${cpn.id}/approve`), 200);
    await ok(post(cbcCw, `/interventions/${cpn.id}/serve`, { servedAt: daysAgo(98) }), 200);
    const breach = await ok(post(cbcCw, `/interventions/${cpn.id}/breaches`, { occurredAt: daysAgo(90), description: 'Live music after 23:00' }));
    const fpnBody = { type: 'fixed_penalty_notice', breachId: breach.id, amount: 100, issuedAt: daysAgo(89) };
    const [a, b] = await Promise.all([intervene(cbcCw, bar.caseId, bar.personId, fpnBody), intervene(cbcCw, bar.caseId, bar.personId, fpnBody)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await count(t, 'interventions', `breach_id = $1 AND type = 'fixed_penalty_notice'`, [breach.id])).toBe(1);
    const fine = await ok(intervene(cbcCw, bar.caseId, bar.personId, { type: 'prosecution', breachId: breach.id, amount: 20000, issuedAt: daysAgo(60) }));
    expect(fine).toMatchObject({ amount: 20000, level: 5 });
    expect(cpnw.outOfSequence).toBe(true);
  });

  it('withdraws: a withdrawn step counts for nothing, and a CPN cannot be served once its warning is withdrawn', async () => {
    const { caseId, personId } = await charnwoodCase();
    const cpnw = await ok(intervene(cbcCw, caseId, personId, { type: 'community_protection_warning', justification: 'Threats', issuedAt: daysAgo(100), complianceDueAt: daysAgo(80) }));
    const cpn = await ok(intervene(cbcCw, caseId, personId, { type: 'community_protection_notice', requirements: REQUIREMENTS, issuedAt: daysAgo(70) }));
    await ok(post(cbcSupA, `/interventions/${cpn.id}/approve`), 200);

    await refused(post(policeCw, `/interventions/${cpnw.id}/withdraw`, { reason: 'Issued in error' }), 403, 'FORBIDDEN');
    await refused(post(cbcCw, `/interventions/${cpnw.id}/withdraw`, { reason: '  ' }), 400, 'VALIDATION_FAILED');
    await refused(post(blabyCw, `/interventions/${cpnw.id}/withdraw`, { reason: 'Issued in error' }), 404, 'NOT_FOUND');
    const withdrawn = await ok(post(cbcCw, `/interventions/${cpnw.id}/withdraw`, { reason: 'Issued in error' }), 200);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Issued in error', withdrawnBy: { kind: 'user', id: cbcCw.id } });
    await refused(post(cbcCw, `/interventions/${cpnw.id}/withdraw`, { reason: 'Again' }), 409, 'CONFLICT');
    await refused(post(cbcCw, `/interventions/${cpnw.id}/breaches`, { occurredAt: daysAgo(50), description: 'x' }), 409, 'CONFLICT');

    await refused(post(cbcCw, `/interventions/${cpn.id}/serve`, { servedAt: daysAgo(60) }), 422, 'CPN_REQUIRES_WARNING');
    await refused(intervene(cbcCw, caseId, personId, { type: 'community_protection_notice', requirements: REQUIREMENTS }), 422, 'CPN_REQUIRES_WARNING');
    await ok(post(cbcCw, `/interventions/${cpn.id}/withdraw`, { reason: 'Warning withdrawn' }), 200);
    // With both withdrawn nothing has been used: a CPNW is out of sequence again.
    await refused(intervene(cbcCw, caseId, personId, { type: 'community_protection_warning', issuedAt: daysAgo(40), complianceDueAt: daysAgo(20) }), 422, 'INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED');
    expect(await count(t, 'audit_events', `entity_type = 'intervention' AND action = 'update' AND details->>'change' = 'withdraw' AND case_id = $1`, [caseId])).toBe(2);
  });

  it('refuses new interventions and changes on a closed case', async () => {
    const c = await insertCase(t.db, cbcCw.organisationId, { openedAt: new Date(Date.now() - 100 * DAY), status: 'closed' });
    const personId = await insertPerson(t.db, cbcCw.organisationId, { dateOfBirth: '1990-01-01' });
    await addParty(t.db, c.id, personId, 'perpetrator');
    await refused(intervene(cbcCw, c.id, personId, { type: 'warning_letter' }), 422, 'CASE_CLOSED');

    const open = await charnwoodCase();
    const cpnw = await ok(intervene(cbcCw, open.caseId, open.personId, { type: 'community_protection_warning', justification: 'Threats', issuedAt: daysAgo(100), complianceDueAt: daysAgo(80) }));
    await t.db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [open.caseId]);
    await refused(post(cbcCw, `/interventions/${cpnw.id}/breaches`, { occurredAt: daysAgo(50), description: 'x' }), 422, 'CASE_CLOSED');
    await refused(post(cbcCw, `/interventions/${cpnw.id}/withdraw`, { reason: 'x' }), 422, 'CASE_CLOSED');
  });

  describe('the interventions report', () => {
    /*
     * Interventions issued in 2024 (cases opened 1 December 2023):
     *   Case A, NPA NL (Charnwood), lead Charnwood BC, shared with no one:
     *     warning letter (CBC), CPNW (CBC, out of sequence), CPN (CBC, served), FPN (CBC)
     *   Case B, NPA NH (Hinckley and Blaby, CSP HINCKLEY), lead Blaby DC, shared with the police:
     *     verbal warning (Blaby), ABC (Blaby, withdrawn), tenancy warning (Blaby), CPNW (police), CPN (police, proposed),
     *     support referral (Blaby) at 2024-12-31T23:59:00Z; and a warning letter (Blaby) in 2025, outside the period.
     */
    const report = (u: TestUser | string, query: string) =>
      t.http().get(`/api/v1/reports/interventions?${query}`).set('Authorization', `Bearer ${typeof u === 'string' ? u : u.token}`);
    const PERIOD = 'from=2024-01-01&to=2024-12-31';
    const zero = { interventions: 0, cpnw: 0, cpn: 0, cpnAwaitingService: 0, fpn: 0, prosecution: 0, outOfSequence: 0, withdrawn: 0 };

    beforeAll(async () => {
      const openedAt = '2023-12-01T00:00:00Z';
      const caseA = (await createCase(t, cbcCw.token, { openedAt, npaCode: 'NL' })).id;
      const caseB = (await createCase(t, blabyCw.token, { openedAt, npaCode: 'NH' })).id;
      await ok(post(blabyCw, `/cases/${caseB}/shares`, { organisationId: policeCw.organisationId }));
      const a = await insertPerson(t.db, cbcCw.organisationId, { lastName: 'Alpha', dateOfBirth: '1980-01-01' });
      const b = await insertPerson(t.db, blabyCw.organisationId, { lastName: 'Bravo', dateOfBirth: '1985-01-01' });
      await ok(post(cbcCw, `/cases/${caseA}/perpetrators`, { personId: a }));
      await ok(post(blabyCw, `/cases/${caseB}/perpetrators`, { personId: b }));

      await ok(intervene(cbcCw, caseA, a, { type: 'warning_letter', issuedAt: '2024-02-01T10:00:00Z' }));
      await ok(intervene(cbcCw, caseA, a, { type: 'community_protection_warning', justification: 'Threats with a weapon', issuedAt: '2024-03-01T10:00:00Z', complianceDueAt: '2024-03-15T10:00:00Z' }));
      const cpnA = await ok(intervene(cbcCw, caseA, a, { type: 'community_protection_notice', requirements: REQUIREMENTS, issuedAt: '2024-04-01T10:00:00Z' }));
      await ok(post(cbcSupB, `/interventions/${cpnA.id}/approve`), 200);
      await ok(post(cbcCw, `/interventions/${cpnA.id}/serve`, { servedAt: '2024-04-02T10:00:00Z' }), 200);
      const breachA = await ok(post(cbcCw, `/interventions/${cpnA.id}/breaches`, { occurredAt: '2024-05-01T22:00:00Z', description: 'Music' }));
      await ok(intervene(cbcCw, caseA, a, { type: 'fixed_penalty_notice', breachId: breachA.id, amount: 80, issuedAt: '2024-05-02T10:00:00Z' }));

      await ok(intervene(blabyCw, caseB, b, { type: 'verbal_warning', issuedAt: '2024-06-01T10:00:00Z' }));
      const abcB = await ok(intervene(blabyCw, caseB, b, { type: 'acceptable_behaviour_contract', issuedAt: '2024-06-05T10:00:00Z' }));
      await ok(post(blabyCw, `/interventions/${abcB.id}/withdraw`, { reason: 'Refused to sign' }), 200);
      await ok(intervene(blabyCw, caseB, b, { type: 'tenancy_warning', issuedAt: '2024-06-10T10:00:00Z' }));
      await ok(intervene(policeCw, caseB, b, { type: 'community_protection_warning', issuedAt: '2024-07-01T10:00:00Z', complianceDueAt: '2024-07-20T10:00:00Z' }));
      await ok(intervene(policeCw, caseB, b, { type: 'community_protection_notice', requirements: REQUIREMENTS, issuedAt: '2024-08-01T10:00:00Z' }));
      await ok(intervene(blabyCw, caseB, b, { type: 'support_referral', issuedAt: '2024-12-31T23:59:00Z' }));
      await ok(intervene(blabyCw, caseB, b, { type: 'warning_letter', issuedAt: '2025-01-01T00:00:00Z' }));
    });

    const rowNL = { key: 'NL', name: 'Charnwood', interventions: 4, cpnw: 1, cpn: 1, cpnAwaitingService: 0, fpn: 1, prosecution: 0, outOfSequence: 1, adherencePercent: 75, withdrawn: 0 };
    const rowNH = { key: 'NH', name: 'Hinckley and Blaby', interventions: 5, cpnw: 1, cpn: 0, cpnAwaitingService: 1, fpn: 0, prosecution: 0, outOfSequence: 0, adherencePercent: 100, withdrawn: 1 };

    it('counts by NPA over the partnership for analysts and admins, a date as "to" covering the whole day', async () => {
      expect((await ok(report(analyst, PERIOD), 200)).items).toEqual([rowNH, rowNL]);
      expect((await ok(report(t.adminToken, `${PERIOD}&groupBy=npa`), 200)).items).toEqual([rowNH, rowNL]);
      // Up to the end of 30 December the support referral is outside; into 2025 the warning letter is inside.
      expect((await ok(report(analyst, 'from=2024-01-01&to=2024-12-30'), 200)).items).toEqual([{ ...rowNH, interventions: 4 }, rowNL]);
      expect((await ok(report(analyst, 'from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z'), 200)).items).toEqual([{ ...rowNH, interventions: 6 }, rowNL]);
    });

    it('counts by issuing organisation and by type', async () => {
      expect((await ok(report(analyst, `${PERIOD}&groupBy=organisation`), 200)).items).toEqual([
        { ...zero, key: 'BLABY-DC', name: 'Blaby District Council', interventions: 3, withdrawn: 1, adherencePercent: 100 },
        { ...zero, key: 'CHARNWOOD-BC', name: 'Charnwood Borough Council', interventions: 4, cpnw: 1, cpn: 1, fpn: 1, outOfSequence: 1, adherencePercent: 75 },
        { ...zero, key: 'LEICS-POLICE', name: 'Leicestershire Police', interventions: 2, cpnw: 1, cpnAwaitingService: 1, adherencePercent: 100 },
      ]);
      expect((await ok(report(analyst, `${PERIOD}&groupBy=type`), 200)).items).toEqual([
        { ...zero, key: 'support_referral', name: 'support or diversion referral', interventions: 1, adherencePercent: 100 },
        { ...zero, key: 'verbal_warning', name: 'verbal warning', interventions: 1, adherencePercent: 100 },
        { ...zero, key: 'warning_letter', name: 'warning letter', interventions: 1, adherencePercent: 100 },
        { ...zero, key: 'acceptable_behaviour_contract', name: 'acceptable behaviour contract (ABC)', withdrawn: 1, adherencePercent: null },
        { ...zero, key: 'tenancy_warning', name: 'tenancy warning', interventions: 1, adherencePercent: 100 },
        { ...zero, key: 'community_protection_warning', name: 'Community Protection Notice Warning (CPNW)', interventions: 2, cpnw: 2, outOfSequence: 1, adherencePercent: 50 },
        { ...zero, key: 'community_protection_notice', name: 'Community Protection Notice (CPN)', interventions: 2, cpn: 1, cpnAwaitingService: 1, adherencePercent: 100 },
        { ...zero, key: 'fixed_penalty_notice', name: 'fixed penalty notice', interventions: 1, fpn: 1, adherencePercent: 100 },
      ]);
    });

    it('filters by NPA, CSP and issuing organisation', async () => {
      expect((await ok(report(analyst, `${PERIOD}&npaCode=NL`), 200)).items).toEqual([rowNL]);
      expect((await ok(report(analyst, `${PERIOD}&cspCode=HINCKLEY`), 200)).items).toEqual([rowNH]);
      expect((await ok(report(analyst, `${PERIOD}&cspCode=MELTON`), 200)).items).toEqual([]);
      expect((await ok(report(analyst, `${PERIOD}&organisationId=${policeCw.organisationId}`), 200)).items).toEqual([
        { ...zero, key: 'NH', name: 'Hinckley and Blaby', interventions: 2, cpnw: 1, cpnAwaitingService: 1, adherencePercent: 100 },
      ]);
    });

    it("shows a supervisor only the cases their organisation can see", async () => {
      expect((await ok(report(cbcSupA, PERIOD), 200)).items).toEqual([rowNL]);
      expect((await ok(report(blabySup, PERIOD), 200)).items).toEqual([rowNH]);
      // Case B is shared with the police: every intervention on it counts, whoever issued it.
      expect((await ok(report(policeSup, PERIOD), 200)).items).toEqual([rowNH]);
    });

    it('comes as CSV', async () => {
      const res = await report(analyst, `${PERIOD}&format=csv`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('interventions-by-npa.csv');
      expect(res.text).toBe(
        'key,name,interventions,cpnw,cpn,cpnAwaitingService,fpn,prosecution,outOfSequence,adherencePercent,withdrawn\r\n' +
          'NH,Hinckley and Blaby,5,1,0,1,0,0,0,100,1\r\n' +
          'NL,Charnwood,4,1,1,0,1,0,1,75,0\r\n',
      );
      const byType = await report(analyst, `${PERIOD}&groupBy=type`).set('Accept', 'text/csv').expect(200);
      expect(byType.text.split('\r\n')).toContain('acceptable_behaviour_contract,acceptable behaviour contract (ABC),0,0,0,0,0,0,0,,1');
    });

    it('refuses callers without a report role and bad filters', async () => {
      expectError(await report(cbcCw, PERIOD), 403, 'FORBIDDEN');
      expectError(await report(policeCw, PERIOD), 403, 'FORBIDDEN');
      expectError(await t.http().get(`/api/v1/reports/interventions?${PERIOD}`), 401, 'UNAUTHENTICATED');
      expectError(await report(analyst, 'from=2024-12-31&to=2024-01-01'), 400, 'VALIDATION_FAILED');
      expectError(await report(analyst, 'groupBy=district'), 400, 'VALIDATION_FAILED');
      expectError(await report(analyst, 'from=yesterday'), 400, 'VALIDATION_FAILED');
      expectError(await report(analyst, 'npaCode=nl'), 400, 'VALIDATION_FAILED');
      expectError(await report(analyst, 'npaCode=XX'), 400, 'VALIDATION_FAILED');
      expectError(await report(analyst, `organisationId=${randomUUID()}`), 400, 'VALIDATION_FAILED');
      expectError(await report(analyst, 'organisationId=police'), 400, 'VALIDATION_FAILED');
    });

    it('gives the compliance report its Incremental Approach figures', async () => {
      const period = { from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59.999Z' };
      // 9 in force (the withdrawn ABC left out), 1 out of sequence: 8/9 = 88.9%.
      const blaby = blabySup.organisationId;
      const police = policeSup.organisationId;
      // The scope as every compliance figure reads it: organisationId is the case's lead organisation, so police-issued steps on Blaby's case count for Blaby.
      const scopes = [period, { ...period, npaCode: 'NL' }, { ...period, visibleTo: blaby }, { ...period, organisationId: blaby }, { ...period, organisationId: police }, { ...period, cspCode: 'MELTON' }];
      expect(await figuresOf(scopes)).toEqual([
        { interventions: 9, outOfSequence: 1, adherencePercent: 88.9 },
        { interventions: 4, outOfSequence: 1, adherencePercent: 75 },
        { interventions: 5, outOfSequence: 0, adherencePercent: 100 },
        { interventions: 5, outOfSequence: 0, adherencePercent: 100 },
        { interventions: 0, outOfSequence: 0, adherencePercent: null },
        { interventions: 0, outOfSequence: 0, adherencePercent: null },
      ]);
    });
  });
});
