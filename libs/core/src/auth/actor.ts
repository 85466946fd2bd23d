import { Role } from './roles';

/** Who is calling: a signed-in user or a partner system (API client), always of one organisation. */
export interface Actor {
  kind: 'user' | 'client';
  id: string;
  organisationId: string;
  roles: Role[];
  requestId?: string;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
