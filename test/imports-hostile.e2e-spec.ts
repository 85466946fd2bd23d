import { Queue } from 'bullmq';
import { bullConnection, QueueName } from '@asb/core/jobs/queues';
import { count } from './support/cases-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 12: an import line fails with the code its body would get from the
 * endpoint (never INTERNAL), and fails alone: the lines after it are still
 * imported, in the job's first attempt.
 */

jest.setTimeout(240_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bundles are JSON, built freely by the tests
type Json = Record<string, any>;

const ref = (value: string) => ({ system: 'LEGACY', value });
/** A bundle line whose case location is nested `levels` deep (written as text: JSON.stringify itself overflows at this depth). */
const deepLocationLine = (bundle: Json, levels: number): string => {
  const text = JSON.stringify(bundle);
  const at = text.indexOf('"location":') + '"location":'.length;
  const end = text.indexOf('}', at) + 1;
  return `${text.slice(0, at)}${'{"a":'.repeat(levels)}${text.slice(at, end)}${'}'.repeat(levels)}${text.slice(end)}`;
};

describe('imports: hostile lines', () => {
  let t: TestApp;
  let partner: string;
  let queue: Queue;

  const bundle = (key: string, caseOver: Json = {}): Json => ({
    case: {
      title: `Imported case ${key}`,
      category: 'nuisance',
      type: 'youth_rowdy_inconsiderate',
      location: { address: 'Queens Park, Loughborough', postcode: 'le11 2tq' },
      npaCode: 'NL',
      externalRefs: [ref(`C-${key}`)],
      ...caseOver,
    },
  });

  async function importFile(lines: string[]): Promise<{ id: string; final: Json }> {
    const res = await t.http().post('/api/v1/imports').set('Authorization', `Bearer ${partner}`).set('Content-Type', 'application/x-ndjson').send(lines.join('\n') + '\n').expect(202);
    const id = res.body.importId as string;
    const deadline = Date.now() + 200_000;
    while (Date.now() < deadline) {
      const s = await t.http().get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${partner}`).expect(200);
      if (s.body.status === 'completed') return { id, final: s.body };
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`import ${id} did not complete`);
  }

  /** The import's job ran once and never failed: no retry, no back-off. */
  async function expectOneAttempt(id: string): Promise<void> {
    const job = await queue.getJob(`import.${id}`);
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe('completed');
    expect(job!.attemptsStarted).toBe(1);
    expect(job!.stacktrace ?? []).toEqual([]);
  }

  beforeAll(async () => {
    t = await createTestApp({ API_LIMIT_PER_CALLER: '0', SIGN_IN_LIMIT_PER_ACCOUNT: '0', SIGN_IN_LIMIT_PER_ADDRESS: '0' });
    await t.startWorker();
    const made = await t.http().post('/api/v1/api-clients').set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'Legacy ASB system', organisationId: t.orgs['CHARNWOOD-BC'] }).expect(201);
    const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: made.body.clientId, client_secret: made.body.clientSecret }).expect(200);
    partner = tok.body.access_token;
    const { prefix, connection } = bullConnection(t.env.REDIS_URL, t.env.QUEUE_PREFIX);
    queue = new Queue(QueueName.Imports, { prefix, connection });
  });

  afterAll(async () => {
    await t?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  it('a good line, a line with a 10,000-deep location, a good line: 2 succeed, the deep one fails alone with VALIDATION_FAILED, at the first attempt', async () => {
    const before = await count(t, 'cases');
    const { id, final } = await importFile([JSON.stringify(bundle('G1')), deepLocationLine(bundle('D1'), 10_000), JSON.stringify(bundle('G2'))]);
    expect(final).toMatchObject({ status: 'completed', total: 3, succeeded: 2, failed: 1 });
    expect(final.errors).toHaveLength(1);
    expect(final.errors[0]).toMatchObject({ line: 2, code: 'VALIDATION_FAILED' });
    expect(final.errors[0].message).toMatch(/too deep/);
    expect(await count(t, 'cases')).toBe(before + 2);
    await expectOneAttempt(id);
  });

  it('each line of the hostile families fails alone with the code of its endpoint; the good lines between them are imported', async () => {
    const before = await count(t, 'cases');
    const lines = [
      JSON.stringify(bundle('H1')),
      `{"case":${JSON.stringify(bundle('P1').case).slice(0, -1)},"__proto__":{"isAdmin":true}}}`,
      JSON.stringify(bundle('H2')),
      JSON.stringify(bundle('R1', { externalRefs: [[]] })),
      JSON.stringify(bundle('N1', { title: 'NUL \u0000 here' })),
      JSON.stringify(bundle('Y1', { openedAt: '9999-12-31T00:00:00Z' })),
      JSON.stringify({ ...bundle('L1'), people: [{ role: 'victim', person: { kind: 'person', firstName: 'A', lastName: 'B', address: [], externalRefs: [ref('PL1')] } }] }),
      JSON.stringify({ ...bundle('W1'), people: [[]] }),
      JSON.stringify(bundle('H3')),
    ];
    const { id, final } = await importFile(lines);
    expect(final).toMatchObject({ status: 'completed', total: 9, succeeded: 3, failed: 6 });
    expect(final.errors.map((e: Json) => [e.line, e.code])).toEqual([
      [2, 'VALIDATION_FAILED'],
      [4, 'VALIDATION_FAILED'],
      [5, 'VALIDATION_FAILED'],
      [6, 'VALIDATION_FAILED'],
      [7, 'VALIDATION_FAILED'],
      [8, 'VALIDATION_FAILED'],
    ]);
    expect(final.errors[0].message).toMatch(/case\.__proto__/);
    expect(final.errors[1].message).toMatch(/externalRefs/);
    expect(final.errors[3].message).toMatch(/openedAt/);
    expect(final.errors[4].message).toMatch(/address/);
    expect(await count(t, 'cases')).toBe(before + 3);
    await expectOneAttempt(id);
  });
});
