/**
 * The life of a JAG referral (DOMAIN.md section 10). Our decisions, where the
 * domain leaves them open:
 *
 * - Anyone doing casework on a case they can see (caseworker, supervisor,
 *   partner system) may refer it, add actions, record meetings and complete
 *   or cancel actions; `complex` needs a supervisor (see jag-criteria.ts).
 * - Resolving a referral is a supervisor's act (a signed-in user with the
 *   supervisor role, of any organisation that can see the case): the JAG
 *   decides, and a supervisor records it.
 * - A referral is resolved with an outcome only when none of its actions is
 *   still open (each is completed or cancelled): JAG_ACTIONS_OUTSTANDING.
 * - An action is completed or cancelled once; a resolved referral takes no
 *   new actions and is not resolved again (409 CONFLICT).
 */
export interface JagActor {
  kind: 'user' | 'client';
  roles: readonly string[];
}

export type JagRefusal = { code: 'FORBIDDEN' | 'JAG_ACTIONS_OUTSTANDING' | 'CONFLICT'; message: string };

export function isSupervisor(actor: JagActor): boolean {
  return actor.kind === 'user' && actor.roles.includes('supervisor');
}

/** Why this referral may not be resolved now, or null. */
export function resolveRefusal(actor: JagActor, referral: { status: 'open' | 'resolved'; openActions: number }): JagRefusal | null {
  if (!isSupervisor(actor)) return { code: 'FORBIDDEN', message: 'Only a supervisor may resolve a JAG referral' };
  if (referral.status === 'resolved') return { code: 'CONFLICT', message: 'The JAG referral is already resolved' };
  if (referral.openActions > 0) {
    return { code: 'JAG_ACTIONS_OUTSTANDING', message: `${referral.openActions} action(s) of the referral are still open: complete or cancel them first` };
  }
  return null;
}

/** Why an action may not be added to this referral now, or null. */
export function addActionRefusal(referral: { status: 'open' | 'resolved' }): JagRefusal | null {
  return referral.status === 'resolved' ? { code: 'CONFLICT', message: 'The JAG referral is resolved: it takes no new actions' } : null;
}

/** Why the action may not be completed or cancelled, or null. */
export function closeActionRefusal(action: { status: 'open' | 'completed' | 'cancelled' }): JagRefusal | null {
  return action.status === 'open' ? null : { code: 'CONFLICT', message: `The action is already ${action.status}` };
}
