import { DomainError } from './domain-error';

/**
 * A closed case takes no new casework (incidents, parties, assessments, victim
 * contact, changes) until a supervisor reopens it: 422 CASE_CLOSED.
 */
export function refuseIfClosed(status: 'open' | 'closed', what: string): void {
  if (status === 'closed') throw new DomainError('CASE_CLOSED', `The case is closed: reopen it before ${what}`);
}
