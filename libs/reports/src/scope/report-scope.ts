import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, Actor, DomainError, hasRole, periodOf, ReportFilterDto } from '@asb/core';
import { exclusiveEnd } from '../rules/period-end';

/**
 * Which cases a report counts (API.md "Reports"; issue 4): a supervisor sees
 * the cases visible to their own organisation; an analyst or an admin sees the
 * whole partnership. Then the filters: NPA, CSP, lead organisation, period.
 */
export interface ReportScope {
  /** Only cases visible to this organisation; absent for the partnership view. */
  visibleTo?: string;
  npaCode?: string;
  cspCode?: string;
  /** The case's lead organisation. */
  organisationId?: string;
  from?: Date;
  to?: Date;
}

export function seesPartnership(actor: Actor): boolean {
  return hasRole(actor, 'analyst', 'admin');
}

/**
 * SQL conditions on the case aliased `c` for the scope, their values appended
 * to `params`. Always at least one condition, so callers may join with AND.
 */
export function caseScopeSql(c: string, scope: ReportScope, params: unknown[]): string {
  const where = ['true'];
  const add = (value: unknown, sql: (p: string) => string) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (scope.npaCode) add(scope.npaCode, (p) => `${c}.npa_code = ${p}`);
  if (scope.cspCode) add(scope.cspCode, (p) => `${c}.csp_code = ${p}`);
  if (scope.organisationId) add(scope.organisationId, (p) => `${c}.lead_organisation_id = ${p}::uuid`);
  if (scope.visibleTo) add(scope.visibleTo, (p) => AccessService.caseVisibleSql(c, `${p}::uuid`));
  return where.join(' AND ');
}

/**
 * SQL condition: the timestamp expression falls in the scope's period: from
 * `from`, up to and including `to` (before `exclusiveEnd(to)`, so a date `to`
 * is the whole day, to midnight, as the compliance report's tallies read it).
 */
export function periodSql(column: string, scope: ReportScope, params: unknown[]): string {
  const where = ['true'];
  if (scope.from) {
    params.push(scope.from.toISOString());
    where.push(`${column} >= $${params.length}::timestamptz`);
  }
  if (scope.to) {
    params.push(exclusiveEnd(scope.to));
    where.push(`${column} < $${params.length}::timestamptz`);
  }
  return where.join(' AND ');
}

@Injectable()
export class ReportScopes {
  /**
   * The caller's scope for the filter. An NPA, CSP or organisation that does
   * not exist is a 400 naming the field: a mistyped code must not read as a
   * clean bill of health.
   */
  async resolve(em: EntityManager, actor: Actor, f: ReportFilterDto): Promise<ReportScope> {
    const { from, to } = periodOf(f);
    if (f.npaCode || f.cspCode || f.organisationId) {
      const [known]: { npa: boolean; csp: boolean; org: boolean }[] = await em.query(
        `SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM npas WHERE code = $1)) AS npa,
                ($2::text IS NULL OR EXISTS (SELECT 1 FROM csps WHERE code = $2)) AS csp,
                ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM organisations WHERE id = $3)) AS org`,
        [f.npaCode ?? null, f.cspCode ?? null, f.organisationId ?? null],
      );
      const unknown = [
        ...(known.npa ? [] : [{ field: 'npaCode', message: `there is no NPA ${f.npaCode}` }]),
        ...(known.csp ? [] : [{ field: 'cspCode', message: `there is no CSP ${f.cspCode}` }]),
        ...(known.org ? [] : [{ field: 'organisationId', message: 'there is no such organisation' }]),
      ];
      if (unknown.length) throw DomainError.validation(unknown);
    }
    return {
      visibleTo: seesPartnership(actor) ? undefined : actor.organisationId,
      npaCode: f.npaCode,
      cspCode: f.cspCode,
      organisationId: f.organisationId,
      from,
      to,
    };
  }
}
