import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@asb/core/auth/actor';
import { AccessService } from '@asb/core/access/access.service';
import { AuditService } from '@asb/core/audit/audit.service';
import { ExternalRefsRepository } from '@asb/core/external-refs/external-refs.repository';
import { DEFAULT_LIMIT } from '@asb/core/pagination/pagination';
import { ReportFilterDto } from '@asb/core/reports/report-filter.dto';
import { postcodePrefix } from '@asb/core/validation/fields';
import { CasesRepository } from '@asb/cases/cases/cases.repository';
import { refuseIfClosed } from '@asb/core/errors/case-closed';
import { IncidentsRepository } from '@asb/cases/incidents/incidents.repository';
import { PartiesRepository } from '@asb/cases/parties/parties.repository';
import { PeopleRepository } from '@asb/people/people/people.repository';
import { caseReviewInfoDue } from '@asb/people/repeat-victim/repeat-victim';
import { RepeatVictimRepository } from '@asb/people/repeat-victim/repeat-victim.repository';
import { RiskAssessmentRepository } from '@asb/risk/assessments/risk-assessment.repository';
import { MissingRiskAssessmentsRepository } from '@asb/risk/missing/missing-risk-assessments.repository';
import { ComplianceRepository } from '@asb/reports/compliance/compliance.repository';
import { ReportScopes } from '@asb/reports/scope/report-scope';
import { OperationName } from './args';
import { BenchAbort } from './environment';
import { HttpCall } from './load';

/**
 * One benchmarked operation, two ways: the HTTP request a client sends, and
 * the database work the service does for it, made here with the service's own
 * repositories (so the same SQL), in the same transactions, without HTTP,
 * Nest, the JWT guard, validation, mapping or JSON. Each `direct` mirrors the
 * service method named in its comment, query for query; keep them in step.
 */
export interface Operation {
  name: OperationName;
  title: string;
  connections: number;
  /** Open-loop requests per second in total, for the casework operations when asked. */
  rate?: number;
  /** The sample the requests cycle through, for the record. */
  sample: string;
  http: (i: number) => HttpCall;
  direct: (i: number) => Promise<unknown>;
}

/**
 * Runs work in one transaction, as the service's `inTransaction` (READ
 * COMMITTED) and the compliance report's REPEATABLE READ do. The explain mode
 * swaps in one that explains each statement and rolls everything back.
 */
export type Transaction = <T>(isolation: 'READ COMMITTED' | 'REPEATABLE READ', work: (em: EntityManager) => Promise<T>) => Promise<T>;

export interface OperationContext {
  db: DataSource;
  transaction: Transaction;
  caseworker: Actor;
  analyst: Actor;
  connections: number;
  rate?: number;
  reportConnections: number;
  /** The compliance report's period: the last 30 days, dates in UTC. */
  reportPeriod: { from: string; to: string };
}

const repos = {
  access: new AccessService(),
  audit: new AuditService(),
  cases: new CasesRepository(),
  parties: new PartiesRepository(),
  externalRefs: new ExternalRefsRepository(),
  incidents: new IncidentsRepository(),
  repeatVictims: new RepeatVictimRepository(),
  riskAssessments: new RiskAssessmentRepository(),
  people: new PeopleRepository(),
  missing: new MissingRiskAssessmentsRepository(),
  scopes: new ReportScopes(),
};
const compliance = new ComplianceRepository();
const DEFAULT_VICTIM_UPDATE_FREQUENCY_DAYS = 28;
const SAMPLE_SIZE = 2000;

export async function buildOperation(name: OperationName, ctx: OperationContext): Promise<Operation> {
  switch (name) {
    case 'read-case':
      return readCase(ctx);
    case 'record-incident':
      return recordIncident(ctx);
    case 'search-people':
      return searchPeople(ctx);
    case 'compliance-report':
      return complianceReport(ctx);
    case 'missing-assessments':
      return missingAssessments(ctx);
  }
}

function pick<T>(sample: T[], i: number): T {
  return sample[i % sample.length];
}

function need<T>(rows: T[], what: string): T[] {
  if (rows.length === 0) throw new BenchAbort(`The database has no ${what} for the benchmark user's organisation: seed it first (npm run seed:demo).`);
  return rows;
}

/** GET /api/v1/cases/{id}: CasesService.get, then CasesService.answer. Random cases the caseworker's organisation leads. */
async function readCase(ctx: OperationContext): Promise<Operation> {
  const actor = ctx.caseworker;
  const rows: { id: string }[] = await ctx.db.query(`SELECT id FROM cases WHERE lead_organisation_id = $1 ORDER BY random() LIMIT ${SAMPLE_SIZE}`, [actor.organisationId]);
  const ids = need(rows.map((r) => r.id), 'case');
  return {
    name: 'read-case',
    title: 'read a case',
    connections: ctx.connections,
    rate: ctx.rate,
    sample: `${ids.length} random cases of the caseworker's organisation`,
    http: (i) => ({ method: 'GET', path: `/api/v1/cases/${pick(ids, i)}` }),
    direct: (i) => {
      const id = pick(ids, i);
      const now = new Date();
      return ctx.transaction('READ COMMITTED', async (em) => {
        await repos.access.requireVisibleCase(em, actor, id);
        const row = (await repos.cases.findById(em, id))!;
        await repos.audit.record(em, actor, [{ action: 'read', entityType: 'case', entityId: id, caseId: id }]);
        // CasesService.answer
        const parties = await repos.parties.ofCase(em, row.id);
        const victimIds = parties.filter((p) => p.role === 'victim').map((p) => p.person_id);
        await repos.repeatVictims.statusAt(em, victimIds, now);
        await repos.cases.sharedWith(em, row.id);
        await repos.externalRefs.forEntities(em, 'case', [row.id]);
        await repos.riskAssessments.findCurrentForCases(em, [row.id]);
      });
    },
  };
}

/**
 * POST /api/v1/cases/{id}/incidents naming one victim: IncidentsService.create
 * (case lock, victim check, victim lock, insert, victims, repeat-victim and
 * Case Review counts, audit). Random victims of open cases of the caseworker's
 * organisation; each request a different time in the last 60 days.
 */
async function recordIncident(ctx: OperationContext): Promise<Operation> {
  const actor = ctx.caseworker;
  const pairs: { case_id: string; person_id: string }[] = need(
    await ctx.db.query(
      `SELECT cp.case_id, cp.person_id FROM cases c JOIN case_parties cp ON cp.case_id = c.id AND cp.role = 'victim'
        WHERE c.status = 'open' AND c.lead_organisation_id = $1 ORDER BY random() LIMIT ${SAMPLE_SIZE}`,
      [actor.organisationId],
    ),
    'open case with a victim',
  );
  const started = Date.now();
  // Request i happened 1 hour + (i * 7919 mod 60 days) minutes before the run began: distinct, in the past, spread.
  const occurredAt = (i: number) => new Date(started - 3_600_000 - ((i * 7919) % (60 * 24 * 60)) * 60_000);
  return {
    name: 'record-incident',
    title: 'record an incident',
    connections: ctx.connections,
    rate: ctx.rate,
    sample: `${pairs.length} random victims of open cases of the caseworker's organisation`,
    http: (i) => {
      const p = pick(pairs, i);
      return {
        method: 'POST',
        path: `/api/v1/cases/${p.case_id}/incidents`,
        body: { occurredAt: occurredAt(i).toISOString(), description: `Benchmark incident ${i}`, victimPersonIds: [p.person_id] },
      };
    },
    direct: (i) => {
      const p = pick(pairs, i);
      const now = new Date();
      const at = occurredAt(i);
      const victimIds = [p.person_id];
      return ctx.transaction('READ COMMITTED', async (em) => {
        await repos.access.requireVisibleCase(em, actor, p.case_id, { lock: true });
        refuseIfClosed((await repos.cases.findById(em, p.case_id))!.status, 'recording an incident');
        const onCase = await repos.parties.victimsAmong(em, p.case_id, victimIds);
        if (onCase.size !== victimIds.length) throw new Error('the victim is not on the case');
        await repos.incidents.lockVictimsForCounting(em, victimIds);
        const row = await repos.incidents.insert(
          em,
          {
            caseId: p.case_id,
            occurredAt: at,
            reportedAt: now,
            description: `Benchmark incident ${i}`,
            reportedByPersonId: null,
            address: null,
            postcode: null,
            latitude: null,
            longitude: null,
            recordedByKind: actor.kind,
            recordedById: actor.id,
          },
          now,
        );
        await repos.incidents.addVictims(em, row.id, victimIds, at);
        await repos.externalRefs.add(em, actor, 'incident', row.id, undefined);
        const repeat = await repos.repeatVictims.statusAt(em, victimIds, at);
        const reports = await repos.repeatVictims.reportsForCaseReview(em, victimIds, at);
        await repos.audit.record(em, actor, [
          {
            action: 'create',
            entityType: 'incident',
            entityId: row.id,
            caseId: p.case_id,
            details: { victimPersonIds: victimIds, repeatVictims: victimIds.filter((id) => repeat.get(id)?.isRepeat), caseReviewInfoDue: victimIds.filter((id) => caseReviewInfoDue(reports.get(id) ?? 0)) },
          },
        ]);
      });
    },
  };
}

/**
 * GET /api/v1/people?postcode=LE11%203: PeopleService.search (one page of 50,
 * repeat status of the page, audit). Partial postcodes (district and sector,
 * "LE11 3") of random people, so busy sectors come up as often as they hold people.
 */
async function searchPeople(ctx: OperationContext): Promise<Operation> {
  const actor = ctx.caseworker;
  const rows: { prefix: string }[] = await ctx.db.query(
    `SELECT split_part(postcode, ' ', 1) || ' ' || left(split_part(postcode, ' ', 2), 1) AS prefix
       FROM people WHERE postcode IS NOT NULL AND merged_into IS NULL ORDER BY random() LIMIT ${SAMPLE_SIZE}`,
  );
  const prefixes = need(rows.map((r) => r.prefix), 'person with a postcode');
  return {
    name: 'search-people',
    title: 'search people by partial postcode',
    connections: ctx.connections,
    rate: ctx.rate,
    sample: `${prefixes.length} postcode sectors of random people (${new Set(prefixes).size} distinct)`,
    http: (i) => ({ method: 'GET', path: `/api/v1/people?postcode=${encodeURIComponent(pick(prefixes, i))}` }),
    direct: (i) => {
      const prefix = postcodePrefix(pick(prefixes, i))!;
      return ctx.transaction('READ COMMITTED', async (em) => {
        const rows = await repos.people.search(em, actor.organisationId, { postcodePrefix: prefix }, undefined, DEFAULT_LIMIT);
        const pageRows = rows.slice(0, DEFAULT_LIMIT);
        await repos.repeatVictims.statusAt(em, pageRows.map((r) => r.id), new Date());
        await repos.audit.record(em, actor, [{ action: 'search', entityType: 'person', details: { criteria: ['postcode'], resultIds: pageRows.map((r) => r.id) } }]);
      });
    },
  };
}

/** GET /api/v1/reports/compliance?from=&to= as an analyst (the whole partnership): ComplianceService.report. */
function complianceReport(ctx: OperationContext): Operation {
  const actor = ctx.analyst;
  const filter = Object.assign(new ReportFilterDto(), ctx.reportPeriod);
  return {
    name: 'compliance-report',
    title: 'compliance report, whole partnership',
    connections: ctx.reportConnections,
    sample: `an analyst, from=${ctx.reportPeriod.from}&to=${ctx.reportPeriod.to}`,
    http: () => ({ method: 'GET', path: `/api/v1/reports/compliance?from=${ctx.reportPeriod.from}&to=${ctx.reportPeriod.to}` }),
    direct: () => {
      const now = new Date();
      return ctx.transaction('REPEATABLE READ', async (em) => {
        await em.query('SET TRANSACTION READ ONLY');
        const scope = await repos.scopes.resolve(em, actor, filter);
        await compliance.counts(em, scope, now, DEFAULT_VICTIM_UPDATE_FREQUENCY_DAYS);
      });
    },
  };
}

/** GET /api/v1/risk-assessments/missing (first page) as the caseworker: RiskAssessmentService.listMissing. */
function missingAssessments(ctx: OperationContext): Operation {
  const actor = ctx.caseworker;
  return {
    name: 'missing-assessments',
    title: 'missing-assessment list',
    connections: ctx.reportConnections,
    sample: `first page (${DEFAULT_LIMIT}) for the caseworker's organisation`,
    http: () => ({ method: 'GET', path: '/api/v1/risk-assessments/missing' }),
    direct: () =>
      ctx.transaction('READ COMMITTED', async (em) => {
        const rows = await repos.missing.findRows(em, { now: new Date(), npaCode: undefined, visibleToOrganisationId: actor.organisationId, limit: DEFAULT_LIMIT, after: undefined });
        await repos.audit.record(em, actor, [{ action: 'list', entityType: 'risk_assessment', details: { report: 'missing', npaCode: null, rows: Math.min(rows.length, DEFAULT_LIMIT) } }]);
      }),
  };
}
