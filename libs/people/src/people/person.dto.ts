import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ExternalRefDto, ExternalRefQuery, ExternalRefsField, IsCalendarDate, IsPostcode, NormalisePostcode, PageQueryDto, Trim } from '@asb/core';
import { GENDERS, PERSON_KINDS, PersonKind, VULNERABILITIES } from './person-rules';

/** Trims strings; an empty string becomes null (PATCH: clear the field). */
const TrimOrNull = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value));
/** Drops repeated entries of a string list. */
const Distinct = () => Transform(({ value }) => (Array.isArray(value) ? [...new Set(value)] : value));
/** A field PATCH may leave out but not set to null. */
const NotNull = () => ValidateIf((_o, v) => v !== undefined);

export class AddressDto {
  @ApiProperty() @Trim() @IsString() @MinLength(1) @MaxLength(200)
  line1: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(200)
  line2?: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(100)
  town?: string;

  @ApiProperty({ example: 'LE11 3QF', description: 'A UK postcode, any case, with or without the space; stored normalised' })
  @NormalisePostcode() @IsPostcode()
  postcode: string;
}

export class CreatePersonDto {
  @ApiProperty({ enum: PERSON_KINDS }) @IsIn(PERSON_KINDS)
  kind: PersonKind;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(100)
  firstName?: string;

  @ApiPropertyOptional({ description: 'Required for a person' }) @Trim() @IsOptional() @IsString() @MaxLength(100)
  lastName?: string;

  @ApiPropertyOptional({ description: 'Required for an organisation' }) @Trim() @IsOptional() @IsString() @MaxLength(200)
  organisationName?: string;

  @ApiPropertyOptional({ example: '1984-07-02', description: 'Not in the future (400 TIME_IN_FUTURE)' }) @IsOptional() @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: GENDERS }) @IsOptional() @IsIn(GENDERS)
  gender?: (typeof GENDERS)[number];

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(100)
  ethnicity?: string;

  @ApiPropertyOptional({ type: AddressDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsString() @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional() @Trim() @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: VULNERABILITIES, isArray: true })
  @IsOptional() @Distinct() @IsArray() @ArrayMaxSize(VULNERABILITIES.length) @IsIn(VULNERABILITIES, { each: true })
  vulnerabilities?: (typeof VULNERABILITIES)[number][];

  @ExternalRefsField()
  externalRefs?: ExternalRefDto[];
}

/**
 * Any field of a person; null (or an empty string) clears an optional field;
 * an address and the list of external references are replaced whole.
 */
export class UpdatePersonDto {
  @ApiPropertyOptional({ enum: PERSON_KINDS }) @NotNull() @IsIn(PERSON_KINDS)
  kind?: PersonKind;

  @ApiPropertyOptional({ nullable: true }) @TrimOrNull() @IsOptional() @IsString() @MaxLength(100)
  firstName?: string | null;

  @ApiPropertyOptional({ nullable: true }) @TrimOrNull() @IsOptional() @IsString() @MaxLength(100)
  lastName?: string | null;

  @ApiPropertyOptional({ nullable: true }) @TrimOrNull() @IsOptional() @IsString() @MaxLength(200)
  organisationName?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '1984-07-02' }) @IsOptional() @IsCalendarDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ enum: GENDERS, nullable: true }) @IsOptional() @IsIn(GENDERS)
  gender?: (typeof GENDERS)[number] | null;

  @ApiPropertyOptional({ nullable: true }) @TrimOrNull() @IsOptional() @IsString() @MaxLength(100)
  ethnicity?: string | null;

  @ApiPropertyOptional({ type: AddressDto, nullable: true }) @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressDto)
  address?: AddressDto | null;

  @ApiPropertyOptional({ nullable: true }) @TrimOrNull() @IsOptional() @IsString() @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true }) @TrimOrNull() @IsOptional() @IsEmail() @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: VULNERABILITIES, isArray: true })
  @NotNull() @Distinct() @IsArray() @ArrayMaxSize(VULNERABILITIES.length) @IsIn(VULNERABILITIES, { each: true })
  vulnerabilities?: (typeof VULNERABILITIES)[number][];

  @ExternalRefsField({ patch: true })
  externalRefs?: ExternalRefDto[];
}

/** Partnership-wide search: at least one of q, postcode, dateOfBirth, externalRef. */
export class SearchPeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Name fragment or address words (2-100 characters)' })
  @Trim() @IsOptional() @IsString() @MinLength(2) @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Full or partial postcode: "LE11", "LE11 3", "le113qf"' })
  @Trim() @IsOptional() @IsString() @MaxLength(10)
  postcode?: string;

  @ApiPropertyOptional({ example: '1984-07-02' }) @IsOptional() @IsCalendarDate()
  dateOfBirth?: string;

  @ExternalRefQuery()
  externalRef?: string;
}
