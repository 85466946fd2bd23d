import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@asb/core';

/** A path parameter that must be a UUID: anything else is 400 VALIDATION_FAILED naming it, never a 500. */
export const UuidParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation([{ field: name, message: `${name} must be a UUID` }]) }));
