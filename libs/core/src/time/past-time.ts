import { DomainError } from '../errors/domain-error';

/**
 * Times that describe something that has happened (openedAt, occurredAt,
 * reportedAt) may be in the past but not in the future (API.md conventions).
 * A minute of grace absorbs clock drift between a partner system and us.
 */
export const FUTURE_TOLERANCE_MS = 60 * 1000;

export function isInFuture(at: Date, now: Date, toleranceMs = FUTURE_TOLERANCE_MS): boolean {
  return at.getTime() > now.getTime() + toleranceMs;
}

/**
 * The earliest time a case or incident may carry. History may be recorded late
 * or migrated, but nothing of ASB casework predates 1900, and a case reference
 * needs a four-digit year (`ASB-YYYY-NNNNNN`): earlier times are typing errors.
 */
export const EARLIEST_RECORDED_TIME = new Date('1900-01-01T00:00:00Z');

export function isTooEarly(at: Date): boolean {
  return at.getTime() < EARLIEST_RECORDED_TIME.getTime();
}

/** A time that says when something happened: not in the future (400 TIME_IN_FUTURE), not before 1900 (400 VALIDATION_FAILED). */
export function checkPastTime(field: string, at: Date, now: Date): void {
  if (isInFuture(at, now)) throw new DomainError('TIME_IN_FUTURE', `${field} may not be in the future`, [{ field, message: `${field} is in the future` }]);
  if (isTooEarly(at)) throw DomainError.validation([{ field, message: `${field} may not be before 1900` }]);
}
