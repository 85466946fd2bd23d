/**
 * Whose records the escalation reports count (DOMAIN.md sections 1 and 11):
 * analysts and admins read the whole partnership, in aggregate; a supervisor
 * (without either of those roles) reads the cases their organisation can see.
 * Returns the organisation to restrict to, or null for the whole partnership.
 */
export function reportScopeOrganisation(actor: { organisationId: string; roles: readonly string[] }): string | null {
  return actor.roles.includes('analyst') || actor.roles.includes('admin') ? null : actor.organisationId;
}
