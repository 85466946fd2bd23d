import { Actor, hasRole, periodOf, ReportFilterDto } from '@asb/core';

/** Which interventions a report counts. */
export interface InterventionScope {
  /** Issued at or after. */
  from?: Date;
  /** Issued at or before. */
  to?: Date;
  /** The case's NPA and CSP. */
  npaCode?: string;
  cspCode?: string;
  /** The organisation that issued the intervention. */
  organisationId?: string;
  /** Only interventions on cases this organisation can see; absent, the whole partnership. */
  visibleToOrganisationId?: string;
}

/**
 * The scope of a report from its filters and who asks: a supervisor sees the
 * cases their organisation can see; an analyst or an admin the whole partnership.
 */
export function interventionScope(actor: Actor, f: ReportFilterDto): InterventionScope {
  const { from, to } = periodOf(f);
  return {
    from,
    to,
    npaCode: f.npaCode,
    cspCode: f.cspCode,
    organisationId: f.organisationId?.toLowerCase(),
    visibleToOrganisationId: hasRole(actor, 'analyst', 'admin') ? undefined : actor.organisationId,
  };
}
