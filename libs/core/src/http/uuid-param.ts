import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/** A path parameter that must be a UUID: anything else is 400 VALIDATION_FAILED naming it. */
export function UuidParam(name: string) {
  return Param(name, new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation([{ field: name, message: `${name} must be a UUID` }]) }));
}
