import { Client } from 'pg';
import { addVictim, createCase, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

interface Change {
  cursor: string;
  at: string;
  entityType: string;
  entityId: string | null;
  caseId: string | null;
  action: string;
}
interface AuditRow {
  id: number;
  xid: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  case_id: string | null;
}

/**
 * The feed serves a change once every older transaction in the PostgreSQL cluster has ended. Other
 * test files (and anything else on the same server) write at the same time, so a test waits for that
 * horizon, up to this long, before it expects to see what it wrote.
 */
const SETTLE_MS = 60000;
jest.setTimeout(2 * SETTLE_MS);

const CHANGE_ACTIONS = ['create', 'update', 'delete', 'link', 'unlink', 'share', 'unshare', 'merge', 'revoke'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The (xid, id) a cursor carries: the test reads it to compare with the audit rows. */
const position = (cursor: string) => {
  const [xid, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
  return { xid, id };
};
const key = (c: Change) => ({ ...position(c.cursor), action: c.action, entityType: c.entityType, entityId: c.entityId, caseId: c.caseId });
const rowKey = (r: AuditRow) => ({ xid: r.xid, id: Number(r.id), action: r.action, entityType: r.entity_type, entityId: r.entity_id, caseId: r.case_id });

/**
 * The change feed (API.md "Jobs, integration, audit"): order, completeness and
 * exactly-once delivery while others write, including a transaction that
 * commits after later ones; resuming from a cursor; what each caller sees.
 */
describe('change feed', () => {
  let t: TestApp;
  let pc: TestUser; // police caseworker
  let pc2: TestUser; // another police caseworker
  let cbc: TestUser; // Charnwood caseworker
  let blaby: TestUser; // Blaby supervisor
  let analyst: TestUser;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokenOf = (u: TestUser | string) => (typeof u === 'string' ? u : u.token);

  const page = async (who: TestUser | string, after?: string, limit?: number): Promise<{ items: Change[]; nextCursor: string | null }> => {
    const res = await t.http().get('/api/v1/changes').query({ ...(after ? { after } : {}), ...(limit ? { limit } : {}) }).set(auth(tokenOf(who)));
    if (res.status !== 200) throw new Error(`feed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /**
   * Waits until every audit row written so far is below the horizon (no older transaction still
   * running anywhere in the cluster: other test files write at the same time), then reads on until
   * a short page: everything after `after`.
   */
  const readAll = async (who: TestUser | string, after?: string, limit = 200) => {
    await settled();
    const items: Change[] = [];
    let cursor = after;
    for (;;) {
      const p = await page(who, cursor, limit);
      items.push(...p.items);
      cursor = p.nextCursor ?? cursor;
      if (p.items.length < limit) return { items, cursor };
    }
  };
  const settled = async () => {
    const deadline = Date.now() + SETTLE_MS;
    for (;;) {
      const { rows } = await t.db.query(`SELECT coalesce((SELECT max(xid) FROM audit_events) < pg_snapshot_xmin(pg_current_snapshot()), true) AS settled`);
      if (rows[0].settled) return;
      if (Date.now() > deadline) throw new Error(`a transaction older than the last audit row is still running after ${SETTLE_MS / 1000} s`);
      await sleep(20);
    }
  };
  const createPerson = async (who: TestUser, lastName: string): Promise<string> => {
    const res = await t.http().post('/api/v1/people').set(auth(who.token)).send({ kind: 'person', firstName: 'Feed', lastName });
    if (res.status !== 201) throw new Error(`create person: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const auditRows = async (where: string, params: unknown[]): Promise<AuditRow[]> =>
    (
      await t.db.query(
        `SELECT id, xid::text AS xid, action, entity_type, entity_id, case_id FROM audit_events
          WHERE action = ANY($1) AND ${where} ORDER BY xid, id`,
        [CHANGE_ACTIONS, ...params],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Feed');
    pc2 = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Feed Two');
    cbc = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'Charnwood Feed');
    blaby = await t.createUser('BLABY-DC', ['supervisor'], 'Blaby Feed');
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);
  });
  afterAll(() => t.close());

  describe('while others write', () => {
    let followed: Change[];

    it('delivers every change exactly once, in order, even one whose transaction commits after later ones', async () => {
      const incidentCase = await createCase(t, pc2.token);
      const slowCases = [await createCase(t, pc.token), await createCase(t, pc.token), await createCase(t, pc.token)];
      let writing = true;

      // The follower: from the start, small pages, polling until the writers are done and it has caught up.
      const follower = (async () => {
        const items: Change[] = [];
        let cursor: string | undefined;
        const deadline = Date.now() + SETTLE_MS;
        for (;;) {
          const stillWriting = writing;
          const p = await page(pc, cursor, 7);
          items.push(...p.items);
          cursor = p.nextCursor ?? cursor;
          if (p.items.length < 7) {
            if (!stillWriting) {
              const expected = await auditRows(`organisation_id = $2`, [pc.organisationId]);
              if (items.length >= expected.length) return items;
            }
            if (Date.now() > deadline) return items;
            await sleep(20);
          }
        }
      })();

      // Writers: cases, people and incidents from two police caseworkers, cases from Charnwood (not to be seen), in parallel.
      const writers = (n: number, write: (i: number) => Promise<unknown>) => Promise.all(Array.from({ length: n }, (_, i) => write(i)));
      await Promise.all([
        writers(15, () => createCase(t, pc.token)),
        writers(15, (i) => createPerson(pc2, `Parallel ${i}`)),
        writers(8, (i) => recordIncident(t, pc2.token, incidentCase.id, { occurredAt: new Date(Date.now() - (i + 1) * 60000).toISOString(), victimPersonIds: [] })),
        writers(8, () => createCase(t, cbc.token)),
      ]);

      // Long transactions through HTTP: changing a case writes the case and its audit entry, then reads
      // risk_assessments for the answer. With that table locked here, three changes (to three cases, so
      // they do not wait for each other) hold their written but uncommitted audit rows while other
      // writes commit behind them.
      const lock = new Client({ connectionString: t.env.DATABASE_URL });
      await lock.connect();
      let maxCommittedDuringHold = 0;
      let held: string[] = [];
      try {
        await lock.query(`BEGIN`);
        await lock.query(`LOCK TABLE risk_assessments IN ACCESS EXCLUSIVE MODE`);
        const slow = writers(3, (i) => t.http().patch(`/api/v1/cases/${slowCases[i].id}`).set(auth(pc.token)).send({ title: `Held ${i}` }).expect(200));
        const deadline = Date.now() + 10000;
        for (;;) {
          const { rows } = await t.db.query(
            `SELECT a.backend_xid::text AS xid FROM pg_stat_activity a
              WHERE a.datname = current_database() AND a.wait_event_type = 'Lock' AND a.backend_xid IS NOT NULL
                AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.relation = 'audit_events'::regclass AND l.mode = 'RowExclusiveLock')`,
          );
          if (rows.length === 3) {
            held = rows.map((r) => r.xid);
            break;
          }
          if (Date.now() > deadline) throw new Error(`expected 3 blocked case changes, saw ${rows.length}`);
          await sleep(20);
        }
        await writers(12, (i) => createPerson(pc, `Behind ${i}`));
        maxCommittedDuringHold = Number((await t.db.query(`SELECT max(id) AS id FROM audit_events`)).rows[0].id);
        await sleep(300); // the follower keeps polling meanwhile
        await lock.query(`COMMIT`);
        await slow;
      } finally {
        await lock.end();
      }
      writing = false;
      followed = await follower;

      // The held transactions' rows have ids below rows that committed before them: a reader going by id alone would have passed them.
      const heldRows = await auditRows(`xid::text = ANY($2)`, [held]);
      expect(heldRows).toHaveLength(3);
      for (const r of heldRows) expect(Number(r.id)).toBeLessThan(maxCommittedDuringHold);

      // Exactly the police organisation's changes (4 + 15 cases opened, 3 changed, 27 people, 8 incidents), once each, in (xid, id) order.
      const expected = await auditRows(`organisation_id = $2`, [pc.organisationId]);
      expect(expected).toHaveLength(4 + 15 + 3 + 15 + 12 + 8);
      expect(heldRows.map((r) => [r.action, r.entity_type])).toEqual([['update', 'case'], ['update', 'case'], ['update', 'case']]);
      expect(followed.map(key)).toEqual(expected.map(rowKey));
      expect(new Set(followed.map((c) => c.cursor)).size).toBe(followed.length);
      for (const r of heldRows) expect(followed.filter((c) => position(c.cursor).id === Number(r.id))).toHaveLength(1);
      // Charnwood's cases are not among them.
      const charnwood = await auditRows(`organisation_id = $2`, [cbc.organisationId]);
      expect(charnwood).toHaveLength(8);
      const seen = new Set(followed.map((c) => c.entityId));
      expect(charnwood.filter((r) => seen.has(r.entity_id))).toEqual([]);
      expect(followed[0]).toEqual({ cursor: expect.any(String), at: expect.any(String), entityType: 'case', entityId: incidentCase.id, caseId: incidentCase.id, action: 'create' });
    });

    it('resumes behind any cursor with the same changes, page by page', async () => {
      const fromMiddle = await readAll(pc, followed[19].cursor);
      expect(fromMiddle.items).toEqual(followed.slice(20));
      const byOne: Change[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 5; i++) {
        const p = await page(pc, cursor, 1);
        expect(p.items).toHaveLength(1);
        expect(p.nextCursor).toBe(p.items[0].cursor);
        byOne.push(...p.items);
        cursor = p.nextCursor!;
      }
      expect(byOne).toEqual(followed.slice(0, 5));
    });

    it('answers a caught-up caller with no items and a cursor to poll with, which then yields only what is new', async () => {
      const { cursor } = await readAll(pc);
      const idle = await page(pc, cursor);
      expect(idle.items).toEqual([]);
      expect(idle.nextCursor).toEqual(expect.any(String));
      const c = await createCase(t, pc.token);
      await createCase(t, cbc.token); // not for the police feed
      const next = await readAll(pc, idle.nextCursor!);
      expect(next.items.map((i) => [i.entityType, i.entityId, i.action])).toEqual([['case', c.id, 'create']]);
    });
  });

  describe('visibility', () => {
    it('shows another organisation none of a case until it is shared, then all of it from the start; an unshare takes it away again', async () => {
      const c = await createCase(t, pc.token);
      const victim = await createPerson(pc, 'Shared Victim');
      await addVictim(t, pc.token, c.id, victim);
      await recordIncident(t, pc.token, c.id, { occurredAt: new Date(Date.now() - 3600000).toISOString(), victimPersonIds: [victim] });
      await t.http().patch(`/api/v1/cases/${c.id}`).set(auth(pc.token)).send({ title: 'Renamed for the feed' }).expect(200);
      const about = (items: Change[]) => items.filter((i) => i.caseId === c.id || i.entityId === victim);

      const before = await readAll(cbc);
      expect(about(before.items)).toEqual([]);
      expect(about((await readAll(blaby)).items)).toEqual([]);

      await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(pc.token)).send({ organisationId: cbc.organisationId }).expect(201);
      // From the start: every change of the case, earlier ones included, and the victim's profile (visible through the case).
      const caseRows = await auditRows(`(case_id = $2 OR (entity_id = $3 AND case_id IS NULL))`, [c.id, victim]);
      expect(caseRows.map((r) => [r.entity_type, r.action])).toEqual([
        ['case', 'create'], ['person', 'create'], ['case_party', 'link'], ['incident', 'create'], ['case', 'update'], ['case_share', 'share'],
      ]);
      expect(about((await readAll(cbc)).items).map(key)).toEqual(caseRows.map(rowKey));
      // A follower already past the earlier changes gets the share, and reads the case itself from there.
      expect(about((await readAll(cbc, before.cursor)).items).map((i) => [i.entityType, i.entityId, i.action])).toEqual([['case_share', cbc.organisationId, 'share']]);
      // The police feed has the same changes.
      expect(about((await readAll(pc)).items).map(key)).toEqual(caseRows.map(rowKey));
      // Blaby still sees nothing of it.
      expect(about((await readAll(blaby)).items)).toEqual([]);

      await t.http().delete(`/api/v1/cases/${c.id}/shares/${cbc.organisationId}`).set(auth(pc.token)).expect(204);
      const after = about((await readAll(cbc)).items);
      expect(after.map((i) => [i.entityType, i.entityId, i.caseId, i.action])).toEqual([
        ['case_share', cbc.organisationId, c.id, 'share'],
        ['case_share', cbc.organisationId, c.id, 'unshare'],
      ]);
    });

    it('shows admins the administrative changes only, and casework roles none of them', async () => {
      const res = await t.http().post('/api/v1/users').set(auth(t.adminToken))
        .send({ email: 'feed.user@example.org', name: 'Feed User', password: 'a-long-password-1', organisationId: t.orgs['LEICS-POLICE'], roles: ['caseworker'] })
        .expect(201);
      const admin = (await readAll(t.adminToken)).items;
      expect(admin.filter((i) => i.entityId === res.body.id).map((i) => [i.entityType, i.action, i.caseId])).toEqual([['user', 'create', null]]);
      expect(admin.filter((i) => i.caseId !== null || i.entityType === 'person')).toEqual([]);
      expect((await readAll(pc)).items.filter((i) => i.entityType === 'user' || i.entityId === res.body.id)).toEqual([]);
    });

    it('gives a partner system its organisation feed', async () => {
      const client = await t.http().post('/api/v1/api-clients').set(auth(t.adminToken)).send({ name: 'Feed reader', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
      const token = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: client.body.clientId, client_secret: client.body.clientSecret }).expect(200);
      const partner = (await readAll(token.body.access_token as string)).items;
      expect(partner.length).toBeGreaterThan(50);
      expect(partner).toEqual((await readAll(pc)).items);
    });
  });

  describe('refusals', () => {
    it('needs a token and a role that reads casework or administers', async () => {
      expectError(await t.http().get('/api/v1/changes'), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get('/api/v1/changes').set(auth(analyst.token)), 403, 'FORBIDDEN');
    });

    it('refuses a cursor it did not give and a bad limit, naming the field', async () => {
      const forged = Buffer.from(JSON.stringify(['12', 'x'])).toString('base64url');
      for (const after of ['nonsense', forged, Buffer.from(JSON.stringify(['1', 2, 3])).toString('base64url')]) {
        const res = await t.http().get('/api/v1/changes').query({ after }).set(auth(pc.token));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details).toEqual([{ field: 'after', message: expect.any(String) }]);
      }
      for (const limit of ['0', '201', 'ten']) {
        const res = await t.http().get('/api/v1/changes').query({ limit }).set(auth(pc.token));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('limit');
      }
      expectError(await t.http().get('/api/v1/changes').query({ cursor: 'x' }).set(auth(pc.token)), 400, 'VALIDATION_FAILED');
    });
  });
});
