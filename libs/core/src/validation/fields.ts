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

/** An ISO 8601 timestamp with a zone whose date exists (no 30 February) and whose year is 1900 or later. */
export function isTimestamp(v: string): boolean {
  if (!ISO_TIMESTAMP.test(v) || Number.isNaN(Date.parse(v))) return false;
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && Number(v.slice(11, 13)) < 24;
}

export function IsTimestamp(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimestamp',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 timestamp with a zone, e.g. 2026-11-23T09:00:00Z`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isTimestamp(v) },
    });
}

export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD`, ...options },
      validator: {
        validate: (v: unknown) => {
          if (typeof v !== 'string' || !ISO_DATE.test(v)) return false;
          const d = new Date(`${v}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && d.getUTCFullYear() >= 1900;
        },
      },
    });
}

/** A date (YYYY-MM-DD, meaning its start in UTC) or an ISO 8601 timestamp with a zone. */
export function IsDateOrTimestamp(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateOrTimestamp',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD or an ISO 8601 timestamp with a zone`, ...options },
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' && (ISO_DATE.test(v) ? !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v) : isTimestamp(v)),
      },
    });
}

export function parseDateOrTimestamp(v: string): Date {
  return new Date(ISO_DATE.test(v) ? `${v}T00:00:00Z` : v);
}
