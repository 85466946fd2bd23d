import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, registerDecorator, ValidateIf, ValidateNested, ValidationOptions } from 'class-validator';
import { EXTERNAL_REF_SYSTEM, EXTERNAL_REF_SYSTEM_MESSAGE, EXTERNAL_REF_VALUE_MAX, EXTERNAL_REFS_MAX, parseExternalRef } from './external-ref';

/** An identifier of the record in another system (STORM, GENIE, a legacy case system). */
export class ExternalRefDto {
  @ApiProperty({ example: 'STORM', description: 'A code: 1-16 characters of A-Z, 0-9 and -' })
  @Matches(EXTERNAL_REF_SYSTEM, { message: EXTERNAL_REF_SYSTEM_MESSAGE })
  system: string;

  @ApiProperty({ example: 'LP-20261123-0042', description: '1-100 characters; leading and trailing spaces are dropped' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @MinLength(1) @MaxLength(EXTERNAL_REF_VALUE_MAX)
  value: string;
}

/**
 * `externalRefs` of a create (optional), of a change (`patch`: may be left out,
 * not null; the list given replaces the record's references, `[]` removes them
 * all), or of an imported record (`required`: at least one).
 */
export function ExternalRefsField(opts: { patch?: boolean; required?: boolean } = {}) {
  const presence = opts.required ? [ArrayMinSize(1, { message: 'externalRefs must name at least one reference' })] : [opts.patch ? ValidateIf((_o, v) => v !== undefined) : IsOptional()];
  return applyDecorators(
    (opts.required ? ApiProperty : ApiPropertyOptional)({
      type: [ExternalRefDto],
      description: opts.required
        ? 'At least one: the record is found again by any of them, so importing it again updates it.'
        : opts.patch
          ? "Replaces the record's references: any not listed are removed ([] removes all). A reference another record holds is 409 DUPLICATE_EXTERNAL_REF."
          : 'Unique per kind of record: a reference another record holds is 409 DUPLICATE_EXTERNAL_REF.',
    }),
    ...presence,
    IsArray(),
    ArrayMaxSize(EXTERNAL_REFS_MAX),
    IsObject({ each: true, message: 'each reference in externalRefs must be an object with system and value' }),
    ValidateNested({ each: true }),
    Type(() => ExternalRefDto),
    ArrayUnique((r: ExternalRefDto) => `${r?.system}:${r?.value}`, { message: 'externalRefs must not repeat a reference' }),
  );
}

/** The search parameter `externalRef=SYSTEM:VALUE`. */
export function ExternalRefQuery() {
  return applyDecorators(
    ApiPropertyOptional({ example: 'STORM:LP-20261123-0042', description: 'SYSTEM:VALUE: the records holding this external reference' }),
    IsOptional(),
    IsExternalRefText(),
  );
}

function IsExternalRefText(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isExternalRefText',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be SYSTEM:VALUE (a system of 1-16 characters of A-Z, 0-9 and -, a value of 1-100 characters), e.g. STORM:123`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && parseExternalRef(v) !== null },
    });
}
