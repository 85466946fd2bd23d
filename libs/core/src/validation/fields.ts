import { Transform } from 'class-transformer';
import { isValid as isValidPostcode, toNormalised, validOutcode } from 'postcode';
import { registerDecorator, ValidationOptions } from 'class-validator';

export const CODE_PATTERN = /^[A-Z0-9-]{1,16}$/;
export const CODE_MESSAGE = 'must be 1-16 characters of A-Z, 0-9 and -';

/** A UK postcode, any case, with or without the space; stored normalised (`LE11 3QF`). */
export function normalisePostcode(value: string): string | null {
  const v = value.trim();
  return isValidPostcode(v) ? toNormalised(v) : null;
}

/**
 * A full or partial postcode for search ("LE11", "le11 3", "LE11 3QF") as a
 * prefix of the normalised form, or null when it is not one. "LE1" matches
 * "LE1 ..." and not "LE11 ...".
 */
export function postcodePrefix(value: string): string | null {
  const v = value.trim().toUpperCase().replace(/\s+/g, ' ');
  if (isValidPostcode(v)) return toNormalised(v);
  const [outward, inward] = v.split(' ');
  if (!validOutcode(outward)) return null;
  if (inward === undefined) return `${outward} `;
  if (/^[0-9][A-Z]?$/.test(inward)) return `${outward} ${inward}`;
  return null;
}

export function IsPostcode(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPostcode',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a UK postcode`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && normalisePostcode(v) !== null },
    });
}

/** Normalises a valid postcode in place; leaves an invalid one for @IsPostcode to refuse. */
export const NormalisePostcode = () => Transform(({ value }) => (typeof value === 'string' ? (normalisePostcode(value) ?? value) : value));

/** Trims strings; an empty string becomes undefined. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value));

/** An ISO 8601 timestamp with a zone, or a date only where the field is a date. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every date and time the service takes lies in these years (both included),
 * unless its field has a narrower rule: far enough back for any date of birth
 * or migrated history, far enough ahead for any review or compliance date, and
 * well inside what PostgreSQL and JavaScript dates hold, so a year 0000 or 9999
 * is a 400 naming the field, never a database error.
 */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

/** Whether a calendar date (year, month 1-12, day) exists and lies in YEAR_MIN..YEAR_MAX. */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || y < YEAR_MIN || y > YEAR_MAX) return false;
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** A date YYYY-MM-DD that exists, in YEAR_MIN..YEAR_MAX. */
export function isCalendarDate(v: string): boolean {
  if (!ISO_DATE.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  return isCalendarDay(y, m, d);
}

/** An ISO 8601 timestamp with a zone whose date exists (no 30 February), whose offset is a real one, and whose year (as written and in UTC) is in YEAR_MIN..YEAR_MAX. */
export function isTimestamp(v: string): boolean {
  if (!ISO_TIMESTAMP.test(v)) return false;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return false;
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  const utcYear = new Date(at).getUTCFullYear();
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(v);
  if (offset && (Number(offset[2]) > 18 || Number(offset[3]) > 59)) return false;
  return isCalendarDay(y, m, d) && utcYear >= YEAR_MIN && utcYear <= YEAR_MAX && Number(v.slice(11, 13)) < 24 && Number(v.slice(14, 16)) < 60;
}

export function IsTimestamp(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimestamp',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 timestamp with a zone in the years ${YEAR_MIN} to ${YEAR_MAX}, e.g. 2026-11-23T09:00:00Z`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isTimestamp(v) },
    });
}

export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD in the years ${YEAR_MIN} to ${YEAR_MAX}`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v) },
    });
}

/** A date (YYYY-MM-DD, meaning its start in UTC) or an ISO 8601 timestamp with a zone, in YEAR_MIN..YEAR_MAX. */
export function isDateOrTimestamp(v: string): boolean {
  return ISO_DATE.test(v) ? isCalendarDate(v) : isTimestamp(v);
}

/** A date (YYYY-MM-DD, meaning its start in UTC) or an ISO 8601 timestamp with a zone. */
export function IsDateOrTimestamp(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateOrTimestamp',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD or an ISO 8601 timestamp with a zone, in the years ${YEAR_MIN} to ${YEAR_MAX}`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isDateOrTimestamp(v) },
    });
}

export function parseDateOrTimestamp(v: string): Date {
  return new Date(ISO_DATE.test(v) ? `${v}T00:00:00Z` : v);
}
