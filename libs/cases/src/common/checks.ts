import { DomainError } from '@asb/core';
import { isInFuture, isTooEarly } from '../rules/time';

/** A time that says when something happened: not in the future (400 TIME_IN_FUTURE), not before 1900 (400 VALIDATION_FAILED). */
export function checkPastTime(field: string, at: Date, now: Date): void {
  if (isInFuture(at, now)) throw new DomainError('TIME_IN_FUTURE', `${field} may not be in the future`, [{ field, message: `${field} is in the future` }]);
  if (isTooEarly(at)) throw DomainError.validation([{ field, message: `${field} may not be before 1900` }]);
}

