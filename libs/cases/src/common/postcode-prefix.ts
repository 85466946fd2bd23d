import { registerDecorator, ValidationOptions } from 'class-validator';
import { postcodePrefix } from '@asb/core';

/** A full or partial UK postcode for search (see `postcodePrefix`). */
export function IsPostcodePrefix(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPostcodePrefix',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a full or partial UK postcode, e.g. LE11 or LE11 3`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && postcodePrefix(v) !== null },
    });
}
