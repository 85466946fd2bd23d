import { createTestApp, expectError, TestApp } from './support/test-app';

describe('the audit trail', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('records reads and changes of personal data, filterable by entity and actor, newest first, paged', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const auth = { Authorization: `Bearer ${u.token}` };
    const person = await t.http().post('/api/v1/people').set(auth).set('X-Request-Id', 'req-create-1').send({ kind: 'person', firstName: 'Ann', lastName: 'Smith' }).expect(201);
    await t.http().get(`/api/v1/people/${person.body.id}`).set(auth).expect(200);
    await t.http().patch(`/api/v1/people/${person.body.id}`).set(auth).send({ firstName: 'Anne' }).expect(200);

    const admin = { Authorization: `Bearer ${t.adminToken}` };
    const res = await t.http().get(`/api/v1/audit-events?entityType=person&entityId=${person.body.id}`).set(admin).expect(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'read', 'create']);
    expect(res.body.items[2]).toMatchObject({ actorKind: 'user', actorId: u.id, organisationId: u.organisationId, requestId: 'req-create-1', entityType: 'person', entityId: person.body.id });

    const page1 = await t.http().get(`/api/v1/audit-events?actorId=${u.id}&limit=2`).set(admin).expect(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await t.http().get(`/api/v1/audit-events?actorId=${u.id}&limit=2&cursor=${page1.body.nextCursor}`).set(admin).expect(200);
    expect(Number(page2.body.items[0].id)).toBeLessThan(Number(page1.body.items[1].id));
    expect(page2.body.items.every((e: { actorId: string }) => e.actorId === u.id)).toBe(true);
  });

  it('is for admins only, and refuses bad filters', async () => {
    const sup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    expectError(await t.http().get('/api/v1/audit-events').set('Authorization', `Bearer ${sup.token}`), 403, 'FORBIDDEN');
    expectError(await t.http().get('/api/v1/audit-events'), 401, 'UNAUTHENTICATED');
    const admin = { Authorization: `Bearer ${t.adminToken}` };
    expectError(await t.http().get('/api/v1/audit-events?entityId=nope').set(admin), 400, 'VALIDATION_FAILED');
    expectError(await t.http().get('/api/v1/audit-events?from=2026-12-01&to=2026-01-01').set(admin), 400, 'VALIDATION_FAILED');
    expectError(await t.http().get('/api/v1/audit-events?cursor=xyz').set(admin), 400, 'VALIDATION_FAILED');
  });

  it('filters by every action the trail records, replays of an Idempotency-Key answer included', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const keyed = () => t.http().post('/api/v1/people').set('Authorization', `Bearer ${u.token}`).set('Idempotency-Key', 'audit-replay-1').send({ kind: 'person', firstName: 'Rae', lastName: 'Play' });
    const first = await keyed().expect(201);
    const again = await keyed().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);

    const admin = { Authorization: `Bearer ${t.adminToken}` };
    const res = await t.http().get(`/api/v1/audit-events?action=replay&actorId=${u.id}`).set(admin).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ action: 'replay', actorId: u.id, entityType: 'request', details: { method: 'POST', status: 201, responseId: first.body.id } });
    const creates = await t.http().get(`/api/v1/audit-events?action=create&actorId=${u.id}`).set(admin).expect(200);
    expect(creates.body.items.map((e: { entityId: string }) => e.entityId)).toEqual([first.body.id]);

    const unknown = await t.http().get('/api/v1/audit-events?action=teleport').set(admin);
    expectError(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'action', message: expect.stringContaining('replay') })]);
  });

  it('cannot be changed or deleted, even through the database', async () => {
    await expect(t.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });
});
