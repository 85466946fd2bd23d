import { randomUUID } from 'node:crypto';
import { addVictim, createCase, daysAgo, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

/** Every foreign-key column that points at people, from the catalogue: a table added later is checked too. */
async function personReferences(t: TestApp): Promise<{ table: string; column: string }[]> {
  const { rows } = await t.db.query(
    `SELECT c.conrelid::regclass::text AS table, a.attname AS column
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'people'::regclass ORDER BY 1, 2`,
  );
  return rows;
}

describe('possible duplicates and merging', () => {
  let t: TestApp;
  let cw: TestUser; // Charnwood caseworker
  let sup: TestUser; // Charnwood supervisor
  let blabyCw: TestUser;
  let blabySup: TestUser;
  let analyst: TestUser;
  const auth = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });

  beforeAll(async () => {
    t = await createTestApp();
    cw = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    sup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    blabyCw = await t.createUser('BLABY-DC', ['caseworker']);
    blabySup = await t.createUser('BLABY-DC', ['supervisor']);
    analyst = await t.createUser('CHARNWOOD-BC', ['analyst']);
  });
  afterAll(() => t.close());

  async function person(u: TestUser, body: Record<string, unknown>): Promise<string> {
    const res = await t.http().post('/api/v1/people').set(auth(u)).send({ kind: 'person', ...body });
    if (res.status !== 201) throw new Error(`create person failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
  const duplicatesOf = (u: TestUser, id: string, query: Record<string, string | number> = {}) =>
    t.http().get(`/api/v1/people/${id}/possible-duplicates`).query(query).set(auth(u));
  const merge = (u: { token: string }, keptId: string, body: Record<string, unknown>) => t.http().post(`/api/v1/people/${keptId}/merge`).set(auth(u)).send(body);

  describe('GET /api/v1/people/{id}/possible-duplicates', () => {
    let ann: string;
    let annCaps: string;
    let anne: string;
    let hidden: string;
    let others: string[];

    beforeAll(async () => {
      const address = { line1: '12 Ashby Road', town: 'Loughborough', postcode: 'LE11 3QF' };
      ann = await person(cw, { firstName: 'Ann', lastName: 'Smith', dateOfBirth: '1956-03-02', address });
      // Same name once normalised (case, spacing, punctuation), same date of birth, no address
      annCaps = await person(cw, { firstName: 'ANN', lastName: 'SMITH.', dateOfBirth: '1956-03-02' });
      // Similar name, same postcode (written differently), no date of birth
      anne = await person(cw, { firstName: 'Anne', lastName: 'Smith', address: { line1: 'Flat 2, 12 Ashby Road', postcode: 'le113qf' } });
      // Both rules, held only by Blaby: Charnwood sees it restricted
      hidden = await person(blabyCw, { firstName: 'Ann', lastName: 'Smith', dateOfBirth: '1956-03-02', address: { line1: '12 Ashby Rd', postcode: 'LE11 3QF' } });
      others = [
        await person(cw, { firstName: 'Ann', lastName: 'Smith', dateOfBirth: '1960-01-01', address: { line1: '1 High Street', postcode: 'LE1 1AA' } }), // same name, other date and postcode
        await person(cw, { firstName: 'Bob', lastName: 'Smith', dateOfBirth: '1956-03-02', address }), // same date and postcode, name not similar enough (0.43)
        await person(cw, { firstName: 'Ann', lastName: 'Smithson', dateOfBirth: '1956-03-02' }), // other name, no postcode
        await person(cw, { kind: 'organisation', organisationName: 'Ann Smith', address }), // a body, not a person
      ];
    });

    it('finds the same name and date of birth, and a similar name at the same postcode, strongest first; not the others', async () => {
      const res = await duplicatesOf(cw, ann).expect(200);
      expect(res.body.nextCursor).toBeNull();
      const byId = Object.fromEntries(res.body.items.map((i: { id: string }) => [i.id, i]));
      expect(Object.keys(byId).sort()).toEqual([annCaps, anne, hidden].sort());
      for (const o of others) expect(byId[o]).toBeUndefined();
      expect(byId[annCaps]).toMatchObject({ restricted: false, reason: 'same_name_and_date_of_birth', reasons: ['same_name_and_date_of_birth'], displayName: 'ANN SMITH.' });
      expect(byId[anne]).toMatchObject({ restricted: false, reason: 'similar_name_and_postcode', reasons: ['similar_name_and_postcode'] });
      expect(byId[hidden]).toEqual({
        id: hidden, restricted: true, displayName: 'Ann Smith', birthYear: 1956, repeatVictim: { isRepeat: false, incidentsLast12Months: 0 },
        heldBy: ['Blaby District Council'], reason: 'same_name_and_date_of_birth', reasons: ['same_name_and_date_of_birth', 'similar_name_and_postcode'],
      });
      // the whole person for a visible one, as GET /people/{id} gives it
      expect(byId[annCaps]).toMatchObject({ firstName: 'ANN', lastName: 'SMITH.', dateOfBirth: '1956-03-02', address: null, externalRefs: [] });
      // the same name and date of birth come before a similar name at one postcode
      expect(res.body.items[2].id).toBe(anne);
    });

    it('works both ways, and pages with a cursor', async () => {
      const fromAnne = await duplicatesOf(cw, anne).expect(200);
      expect(fromAnne.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ann, hidden].sort());
      const first = await duplicatesOf(cw, ann, { limit: 2 }).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await duplicatesOf(cw, ann, { limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([anne]);
      expect(second.body.nextCursor).toBeNull();
      expectError(await duplicatesOf(cw, ann, { cursor: 'not-a-cursor' }), 400, 'VALIDATION_FAILED');
    });

    it('finds nothing for a profile without likely duplicates', async () => {
      expect((await duplicatesOf(cw, others[0]).expect(200)).body).toEqual({ items: [], nextCursor: null });
    });

    it('audits the read with the ids shown', async () => {
      await duplicatesOf(sup, ann).expect(200);
      const { rows } = await t.db.query(`SELECT actor_id, details FROM audit_events WHERE action = 'read' AND entity_type = 'person' AND entity_id = $1 AND actor_id = $2`, [ann, sup.id]);
      expect(rows).toHaveLength(1);
      expect([...rows[0].details.possibleDuplicates].sort()).toEqual([annCaps, anne, hidden].sort());
    });

    it('answers 404 for a profile the caller cannot see, 400 for a bad id, 403 for an analyst', async () => {
      expectError(await duplicatesOf(cw, hidden), 404, 'NOT_FOUND');
      expectError(await duplicatesOf(cw, randomUUID()), 404, 'NOT_FOUND');
      expectError(await t.http().get('/api/v1/people/not-a-uuid/possible-duplicates').set(auth(cw)), 400, 'VALIDATION_FAILED');
      expectError(await duplicatesOf(analyst, ann), 403, 'FORBIDDEN');
      // Blaby sees its own profile whole and Charnwood's restricted
      const fromBlaby = await duplicatesOf(blabyCw, hidden).expect(200);
      expect(fromBlaby.body.items.every((i: { restricted: boolean }) => i.restricted)).toBe(true);
      expect(fromBlaby.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ann, annCaps, anne].sort());
    });
  });

  describe('POST /api/v1/people/{id}/merge', () => {
    let kept: string;
    let dup: string;
    let older: string; // merged into dup earlier
    let caseX: string;
    let caseY: string;
    let caseZ: string;
    let i1: string;
    let i2: string;
    let i3: string;
    let keptAssessmentX: string;
    let dupAssessmentX: string;

    async function insertAssessment(caseId: string, personId: string, assessedAt: string): Promise<string> {
      const { rows } = await t.db.query(
        `INSERT INTO risk_assessments (case_id, subject, person_id, template_version, answers, score, computed_level, level, assessed_at, assessed_by_kind, assessed_by_id, review_due_at)
         VALUES ($1, 'victim', $2, 1, '{}', 0, 'standard', 'standard', $3, 'user', $4, $3::timestamptz + interval '90 days') RETURNING id`,
        [caseId, personId, assessedAt, sup.id],
      );
      return rows[0].id;
    }

    /** A fingerprint of everything a merge could write, to show a refused merge wrote nothing. */
    async function fingerprint(): Promise<string> {
      const tables = ['people', 'case_parties', 'incident_victims', 'incidents', 'risk_assessments', 'victim_updates', 'victim_first_referrals', 'interventions', 'external_refs', 'audit_events'];
      const parts = [];
      for (const table of tables) {
        const { rows } = await t.db.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${table} x`);
        parts.push(`${table}:${rows[0].h}`);
      }
      return parts.join(',');
    }

    beforeAll(async () => {
      kept = await person(cw, { firstName: 'Mary', lastName: "O'Brien", vulnerabilities: ['disability'], phone: '01509 111111' });
      dup = await person(cw, {
        firstName: 'Mary', lastName: 'OBrien', dateOfBirth: '1948-11-30', phone: '07700 900000', vulnerabilities: ['isolation'],
        address: { line1: '3 Forest Road', town: 'Loughborough', postcode: 'LE11 3NP' }, externalRefs: [{ system: 'LEGACY', value: 'P-2' }],
      });
      older = await person(cw, { firstName: 'M', lastName: 'OBrien' });
      await t.db.query(`UPDATE people SET merged_into = $1 WHERE id = $2`, [dup, older]);

      caseX = (await createCase(t, cw.token, { title: 'Case X' })).id;
      caseY = (await createCase(t, cw.token, { title: 'Case Y' })).id;
      caseZ = (await createCase(t, cw.token, { title: 'Case Z' })).id;
      // Both are victims on X (the same case in the same role); dup alone on Y; dup a perpetrator on Z
      await addVictim(t, cw.token, caseX, kept, { updateFrequencyDays: 14 });
      await addVictim(t, cw.token, caseX, dup, { updateFrequencyDays: 7 });
      await addVictim(t, cw.token, caseY, dup);
      await t.http().post(`/api/v1/cases/${caseZ}/perpetrators`).set(auth(cw)).send({ personId: dup }).expect(201);

      // One incident each in the last 12 months (neither is a repeat victim), and an older one naming both
      i1 = (await recordIncident(t, cw.token, caseX, { occurredAt: daysAgo(60), victimPersonIds: [kept] })).id;
      i2 = (await recordIncident(t, cw.token, caseY, { occurredAt: daysAgo(30), victimPersonIds: [dup], reportedByPersonId: dup })).id;
      i3 = (await recordIncident(t, cw.token, caseX, { occurredAt: daysAgo(400), victimPersonIds: [kept, dup] })).id;

      // Both have a current victim assessment on X: dup's is the later
      keptAssessmentX = await insertAssessment(caseX, kept, daysAgo(50));
      dupAssessmentX = await insertAssessment(caseX, dup, daysAgo(40));
      await insertAssessment(caseY, dup, daysAgo(20));

      await t.http().post(`/api/v1/cases/${caseX}/victims/${dup}/updates`).set(auth(cw)).send({ method: 'phone', summary: 'Called' }).expect(201);
      await t.http().post(`/api/v1/cases/${caseY}/victims/${dup}/updates`).set(auth(cw)).send({ method: 'letter', summary: 'Wrote' }).expect(201);
      await t.http().post(`/api/v1/cases/${caseY}/victims/${dup}/victim-first-referrals`).set(auth(cw)).send({ consent: true }).expect(201);
      await t.http().post(`/api/v1/cases/${caseZ}/perpetrators/${dup}/interventions`).set(auth(cw)).send({ type: 'verbal_warning' }).expect(201);
    });

    it('refuses a merge into itself, into or from a merged profile, and of a person with a body, writing nothing', async () => {
      const body = await person(cw, { kind: 'organisation', organisationName: "O'Brien Stores" });
      const before = await fingerprint();
      expectError(await merge(sup, kept, { mergeId: kept }), 400, 'VALIDATION_FAILED');
      const intoMerged = await merge(sup, older, { mergeId: kept });
      expectError(intoMerged, 409, 'CONFLICT');
      expect(intoMerged.body.details).toEqual([expect.objectContaining({ field: 'id', mergedInto: dup })]);
      const fromMerged = await merge(sup, kept, { mergeId: older });
      expectError(fromMerged, 409, 'CONFLICT');
      expect(fromMerged.body.details).toEqual([expect.objectContaining({ field: 'mergeId', mergedInto: dup })]);
      expectError(await merge(sup, kept, { mergeId: body }), 400, 'VALIDATION_FAILED');
      expect(await fingerprint()).toBe(before);
    });

    it('refuses callers who may not merge, unknown or invisible profiles and bad bodies, writing nothing', async () => {
      const blabyOwn = await person(blabyCw, { firstName: 'Mary', lastName: 'Obrien' });
      const before = await fingerprint();
      expectError(await merge(cw, kept, { mergeId: dup }), 403, 'FORBIDDEN');
      expectError(await merge(analyst, kept, { mergeId: dup }), 403, 'FORBIDDEN');
      expectError(await merge(blabySup, kept, { mergeId: dup }), 404, 'NOT_FOUND'); // Blaby cannot see either
      expectError(await merge(sup, kept, { mergeId: blabyOwn }), 404, 'NOT_FOUND'); // Charnwood cannot see Blaby's
      expectError(await merge(sup, kept, { mergeId: randomUUID() }), 404, 'NOT_FOUND');
      expectError(await merge(sup, kept, { mergeId: 'nope' }), 400, 'VALIDATION_FAILED');
      expectError(await merge(sup, kept, {}), 400, 'VALIDATION_FAILED');
      expectError(await merge(sup, kept, { mergeId: dup, extra: 1 }), 400, 'VALIDATION_FAILED');
      expect(await fingerprint()).toBe(before);
    });

    it('before the merge, neither profile is a repeat victim and the search finds both', async () => {
      for (const id of [kept, dup]) {
        const res = await t.http().get(`/api/v1/people/${id}`).set(auth(cw)).expect(200);
        expect(res.body.repeatVictim).toEqual({ isRepeat: false, incidentsLast12Months: 1 });
      }
      // "Mary O'Brien" and "Mary OBrien" normalise alike, but kept has no date of birth and no postcode: no rule applies yet
      expect((await duplicatesOf(cw, kept).expect(200)).body.items).toEqual([]);
      const search = await t.http().get('/api/v1/people').query({ q: 'obrien' }).set(auth(cw)).expect(200);
      expect(search.body.items.map((i: { id: string }) => i.id)).toContain(dup);
    });

    it('moves every link to the kept profile in one go; the kept profile becomes a repeat victim', async () => {
      const res = await merge(sup, kept, { mergeId: dup }).expect(200);
      expect(res.body).toMatchObject({
        id: kept, firstName: 'Mary', lastName: "O'Brien", dateOfBirth: '1948-11-30', phone: '01509 111111',
        address: { line1: '3 Forest Road', line2: null, town: 'Loughborough', postcode: 'LE11 3NP' },
        vulnerabilities: ['disability', 'isolation'], externalRefs: [{ system: 'LEGACY', value: 'P-2' }],
        repeatVictim: { isRepeat: true, incidentsLast12Months: 2 },
      });

      // Nothing anywhere points at the merged profile any more, in any table with a foreign key to people
      const refs = await personReferences(t);
      expect(refs.map((r) => `${r.table}.${r.column}`)).toEqual(expect.arrayContaining(['case_parties.person_id', 'incident_victims.person_id', 'incidents.reported_by_person_id', 'risk_assessments.person_id', 'victim_updates.person_id', 'victim_first_referrals.person_id', 'interventions.person_id']));
      for (const r of refs) {
        const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM ${r.table} WHERE ${r.column} = $1`, [dup]);
        expect({ ref: `${r.table}.${r.column}`, n: rows[0].n }).toEqual({ ref: `${r.table}.${r.column}`, n: 0 });
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM external_refs WHERE entity_id = $1`, [dup])).rows[0].n).toBe(0);

      // case_parties: one victim row on X (the earlier added_at, kept's own frequency), victim on Y, perpetrator on Z
      const parties = (await t.db.query(`SELECT case_id, role, update_frequency_days FROM case_parties WHERE person_id = $1 ORDER BY role, case_id`, [kept])).rows;
      expect(parties).toHaveLength(3);
      expect(parties).toEqual(expect.arrayContaining([
        { case_id: caseX, role: 'victim', update_frequency_days: 14 },
        { case_id: caseY, role: 'victim', update_frequency_days: 28 },
        { case_id: caseZ, role: 'perpetrator', update_frequency_days: null },
      ]));
      // incident_victims: I1, I2 and I3 once each
      const victimOf = (await t.db.query(`SELECT incident_id FROM incident_victims WHERE person_id = $1`, [kept])).rows.map((r) => r.incident_id);
      expect(victimOf.sort()).toEqual([i1, i2, i3].sort());
      expect((await t.db.query(`SELECT count(*)::int AS n FROM incident_victims WHERE incident_id = $1`, [i3])).rows[0].n).toBe(1);
      expect((await t.db.query(`SELECT reported_by_person_id FROM incidents WHERE id = $1`, [i2])).rows[0].reported_by_person_id).toBe(kept);
      // risk assessments: all three now kept's; on X only the later (dup's former) is current
      const ras = (await t.db.query(`SELECT id, case_id, is_current FROM risk_assessments WHERE person_id = $1`, [kept])).rows;
      expect(ras).toHaveLength(3);
      expect(ras.filter((r) => r.case_id === caseX && r.is_current).map((r) => r.id)).toEqual([dupAssessmentX]);
      expect(ras.find((r) => r.id === keptAssessmentX).is_current).toBe(false);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM victim_updates WHERE person_id = $1`, [kept])).rows[0].n).toBe(2);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM victim_first_referrals WHERE person_id = $1`, [kept])).rows[0].n).toBe(1);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM interventions WHERE person_id = $1 AND case_id = $2`, [kept, caseZ])).rows[0].n).toBe(1);
      // a profile merged earlier into dup now points straight at kept
      expect((await t.db.query(`SELECT merged_into FROM people WHERE id = $1`, [older])).rows[0].merged_into).toBe(kept);

      // The merge is audited on both profiles and on each case
      const audit = (await t.db.query(`SELECT entity_type, entity_id, case_id, details FROM audit_events WHERE action = 'merge' AND actor_id = $1`, [sup.id])).rows;
      expect(audit.find((a) => a.entity_type === 'person' && a.entity_id === kept).details).toMatchObject({
        mergedId: dup, moved: { case_parties: 3, incident_victims: 2, 'incidents.reported_by_person_id': 1, risk_assessments: 2, victim_updates: 2, victim_first_referrals: 1, interventions: 1, external_refs: 1, 'people.merged_into': 1 },
      });
      expect(audit.find((a) => a.entity_type === 'person' && a.entity_id === dup).details).toEqual({ mergedInto: kept });
      expect(audit.filter((a) => a.entity_type === 'case_party').map((a) => a.case_id).sort()).toEqual([caseX, caseY, caseZ].sort());
    });

    it('after the merge, the old ids answer with mergedInto, and the cases show the kept profile as a repeat victim', async () => {
      expect((await t.http().get(`/api/v1/people/${dup}`).set(auth(cw)).expect(200)).body).toEqual({ id: dup, mergedInto: kept });
      expect((await t.http().get(`/api/v1/people/${older}`).set(auth(cw)).expect(200)).body).toEqual({ id: older, mergedInto: kept });
      for (const caseId of [caseX, caseY]) {
        const c = (await t.http().get(`/api/v1/cases/${caseId}`).set(auth(cw)).expect(200)).body;
        expect(c.victims.map((v: { personId: string }) => v.personId)).toEqual([kept]);
        expect(c.victims[0].repeatVictim).toEqual({ isRepeat: true, incidentsLast12Months: 2 });
      }
      const report = await t.http().get('/api/v1/reports/repeat-victims').set(auth(sup)).expect(200);
      expect(report.body.items.map((i: { personId: string }) => i.personId)).toEqual([kept]);
      expect(report.body.items[0]).toMatchObject({ incidentsLast12Months: 2 });
      // a search no longer finds the merged profile
      const search = await t.http().get('/api/v1/people').query({ q: 'obrien' }).set(auth(cw)).expect(200);
      expect(search.body.items.map((i: { id: string }) => i.id)).not.toContain(dup);
    });

    it('refuses new links to the merged profile, and a second merge of it', async () => {
      expectError(await t.http().post(`/api/v1/cases/${caseZ}/witnesses`).set(auth(cw)).send({ personId: dup }), 409, 'CONFLICT');
      expectError(await t.http().post(`/api/v1/cases/${caseY}/incidents`).set(auth(cw)).send({ occurredAt: daysAgo(1), description: 'More noise', victimPersonIds: [dup] }), 422, 'PERSON_NOT_ON_CASE');
      expectError(await merge(sup, kept, { mergeId: dup }), 409, 'CONFLICT');
      expectError(await t.http().get(`/api/v1/people/${dup}/possible-duplicates`).set(auth(cw)), 409, 'CONFLICT');
    });

    it('merges a pair once when two supervisors merge it both ways at the same moment (locks in a fixed order: no deadlock)', async () => {
      for (let round = 0; round < 3; round++) {
        const a = await person(cw, { firstName: 'Lee', lastName: `Race${round}`, dateOfBirth: '1970-01-01' });
        const b = await person(cw, { firstName: 'Lee', lastName: `Race${round}`, dateOfBirth: '1970-01-01' });
        const caseId = (await createCase(t, cw.token)).id;
        await addVictim(t, cw.token, caseId, a);
        await addVictim(t, cw.token, caseId, b);
        const [ab, ba] = await Promise.all([merge(sup, a, { mergeId: b }), merge(sup, b, { mergeId: a })]);
        expect([ab.status, ba.status].sort()).toEqual([200, 409]);
        const { rows } = await t.db.query(`SELECT id, merged_into FROM people WHERE id = ANY($1::uuid[])`, [[a, b]]);
        expect(rows.filter((r) => r.merged_into === null)).toHaveLength(1);
        expect((await t.db.query(`SELECT count(*)::int AS n FROM case_parties WHERE case_id = $1`, [caseId])).rows[0].n).toBe(1);
      }
    });

    it('lets an admin merge duplicates held by different organisations, audited on both profiles and both cases', async () => {
      const charnwoodCase = (await createCase(t, cw.token)).id;
      const blabyCase = (await createCase(t, blabyCw.token, { npaCode: 'NH', cspCode: 'BLABY' })).id;
      const a = await person(cw, { firstName: 'Rita', lastName: 'Cross', dateOfBirth: '1971-05-06' });
      const b = await person(blabyCw, { firstName: 'Rita', lastName: 'Cross', dateOfBirth: '1971-05-06', phone: '0116 000 0000' });
      await addVictim(t, cw.token, charnwoodCase, a);
      await addVictim(t, blabyCw.token, blabyCase, b);
      // neither supervisor can see the other organisation's profile: 404, nothing written
      expectError(await merge(sup, a, { mergeId: b }), 404, 'NOT_FOUND');
      expectError(await merge(blabySup, b, { mergeId: a }), 404, 'NOT_FOUND');
      expect((await t.db.query(`SELECT count(*)::int AS n FROM people WHERE id = ANY($1) AND merged_into IS NOT NULL`, [[a, b]])).rows[0].n).toBe(0);

      // the bootstrap admin (Partnership Administration, which holds neither) merges them
      const res = await merge({ token: t.adminToken }, a, { mergeId: b }).expect(200);
      expect(res.body).toMatchObject({ id: a, firstName: 'Rita', lastName: 'Cross', phone: '0116 000 0000' });
      expect((await t.http().get(`/api/v1/people/${b}`).set(auth(blabyCw)).expect(200)).body).toEqual({ id: b, mergedInto: a });
      const parties = await t.db.query(`SELECT case_id, person_id FROM case_parties WHERE case_id = ANY($1) ORDER BY case_id`, [[charnwoodCase, blabyCase]]);
      expect(parties.rows.map((r) => r.person_id)).toEqual([a, a]);

      const { rows: [adminUser] } = await t.db.query(`SELECT id FROM users WHERE email = 'admin@example.org'`);
      const audit = await t.db.query(
        `SELECT entity_type, entity_id, case_id, actor_id, details FROM audit_events WHERE action = 'merge' AND (entity_id = ANY($1)) ORDER BY entity_type, entity_id, case_id`,
        [[a, b]],
      );
      expect(audit.rows.every((r) => r.actor_id === adminUser.id)).toBe(true);
      expect(audit.rows.filter((r) => r.entity_type === 'person').map((r) => [r.entity_id, r.details.mergedId ?? null, r.details.mergedInto ?? null]).sort()).toEqual(
        [[a, b, null], [b, null, a]].sort(),
      );
      expect(audit.rows.filter((r) => r.entity_type === 'case_party').map((r) => r.case_id).sort()).toEqual([charnwoodCase, blabyCase].sort());
    });

    it('lets a supervisor merge across organisations when both profiles are visible to them, and no other', async () => {
      // Blaby's profile on a Charnwood case: Charnwood sees it, Blaby's supervisor cannot see Charnwood's own
      const charnwoodCase = (await createCase(t, cw.token)).id;
      const own = await person(cw, { firstName: 'Tom', lastName: 'Wynn', dateOfBirth: '1980-02-03' });
      const blabys = await person(blabyCw, { firstName: 'Tom', lastName: 'Wynn', dateOfBirth: '1980-02-03' });
      await addVictim(t, cw.token, charnwoodCase, blabys);
      expectError(await merge(blabySup, blabys, { mergeId: own }), 404, 'NOT_FOUND');
      await merge(sup, own, { mergeId: blabys }).expect(200);
      expect((await t.db.query(`SELECT merged_into FROM people WHERE id = $1`, [blabys])).rows[0].merged_into).toBe(own);
      const { rows } = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'merge' AND entity_type = 'person' AND entity_id = ANY($1)`, [[own, blabys]]);
      expect(rows.map((r) => r.actor_id)).toEqual([sup.id, sup.id]);
    });

    it('lets an admin merge profiles their organisation can see', async () => {
      const admin = await t.createUser('CHARNWOOD-BC', ['admin']);
      const a = await person(cw, { firstName: 'Sam', lastName: 'Lee', dateOfBirth: '1990-01-01' });
      const b = await person(cw, { firstName: 'Sam', lastName: 'Lee', dateOfBirth: '1990-01-01' });
      expect((await duplicatesOf(admin, a).expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual([b]);
      await merge(admin, a, { mergeId: b }).expect(200);
      expect((await duplicatesOf(admin, a).expect(200)).body.items).toEqual([]);
    });
  });
});
