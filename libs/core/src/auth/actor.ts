import { Role } from './roles';

/** Who is calling: a signed-in user or a partner system (API client), always of one organisation. */
export interface Actor {
  kind: 'user' | 'client';
  id: string;
  organisationId: string;
  roles: Role[];
  requestId?: string;
  /** A user whose password an admin reset: until they choose a new one, only routes marked @PasswordChangeRoute() are open to them. */
  passwordChangeRequired?: boolean;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
