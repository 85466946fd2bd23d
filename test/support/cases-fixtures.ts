import { insertPerson as insertPersonRow } from './fixtures';
import { TestApp } from './test-app';

/** A person profile made directly in the database (the people endpoints are not under test here). */
export function insertPerson(t: TestApp, organisationId: string, firstName = 'Alex', lastName = 'Smith'): Promise<string> {
  return insertPersonRow(t.db, organisationId, { firstName, lastName });
}

export function caseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Youths gathering at the park',
    category: 'nuisance',
    type: 'youth_rowdy_inconsiderate',
    location: { address: 'Queens Park, Loughborough', postcode: 'le11 2tq' },
    npaCode: 'NL',
    ...overrides,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read freely by the tests
export async function createCase(t: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.http().post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send(caseBody(overrides));
  if (res.status !== 201) throw new Error(`create case failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function addVictim(t: TestApp, token: string, caseId: string, personId: string, extra: Record<string, unknown> = {}) {
  const res = await t.http().post(`/api/v1/cases/${caseId}/victims`).set('Authorization', `Bearer ${token}`).send({ personId, ...extra });
  if (res.status !== 201) throw new Error(`add victim failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function recordIncident(t: TestApp, token: string, caseId: string, body: Record<string, unknown>) {
  const res = await t
    .http()
    .post(`/api/v1/cases/${caseId}/incidents`)
    .set('Authorization', `Bearer ${token}`)
    .send({ description: 'Shouting and banging on the door', ...body });
  if (res.status !== 201) throw new Error(`record incident failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function count(t: TestApp, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return rows[0].n;
}

export const daysAgo = (n: number, from = new Date()) => new Date(from.getTime() - n * 24 * 60 * 60 * 1000).toISOString();
export const daysAhead = (n: number, from = new Date()) => new Date(from.getTime() + n * 24 * 60 * 60 * 1000).toISOString();
