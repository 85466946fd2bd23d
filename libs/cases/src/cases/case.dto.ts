import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, ExternalRefDto, ExternalRefQuery, ExternalRefsField, IsTimestamp, PageQueryDto, Trim } from '@asb/core';
import { LocationDto, NotNullIfGiven, TrimString } from '../common/common.dto';
import { AGGRAVATING_FACTORS, CASE_CATEGORIES, CASE_STATUSES, CASE_TYPES, type AggravatingFactor, type CaseCategory, type CaseType } from './case.enums';
import { IsPostcodePrefix } from '../common/postcode-prefix';

export class CreateCaseDto {
  @TrimString() @IsString() @MinLength(1) @MaxLength(200)
  title: string;

  @IsOptional() @Trim() @IsString() @MaxLength(10000)
  description?: string;

  @ApiProperty({ enum: CASE_CATEGORIES })
  @IsIn(CASE_CATEGORIES)
  category: CaseCategory;

  @ApiProperty({ enum: CASE_TYPES })
  @IsIn(CASE_TYPES)
  type: CaseType;

  @ApiPropertyOptional({ enum: AGGRAVATING_FACTORS, isArray: true })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(AGGRAVATING_FACTORS, { each: true })
  aggravatingFactors?: AggravatingFactor[];

  @IsObject() @ValidateNested() @Type(() => LocationDto)
  location: LocationDto;

  @Matches(CODE_PATTERN, { message: `npaCode ${CODE_MESSAGE}` })
  npaCode: string;

  @IsOptional() @Matches(CODE_PATTERN, { message: `cspCode ${CODE_MESSAGE}` })
  cspCode?: string | null;

  /** Defaults to, and must be, the caller's organisation. */
  @IsOptional() @IsUUID('all')
  leadOrganisationId?: string;

  /** An active user of the lead organisation. */
  @IsOptional() @IsUUID('all')
  officerInChargeId?: string;

  /** Defaults to now; may be in the past (migrated history), never in the future. */
  @IsOptional() @IsTimestamp()
  openedAt?: string;

  @ExternalRefsField()
  externalRefs?: ExternalRefDto[];
}

/**
 * Only the fields given change; `null` clears description, officerInChargeId
 * and location fields; `externalRefs` replaces the case's references.
 */
export class UpdateCaseDto {
  @NotNullIfGiven() @TrimString() @IsString() @MinLength(1) @MaxLength(200)
  title?: string;

  @IsOptional() @TrimString() @IsString() @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ enum: CASE_CATEGORIES })
  @NotNullIfGiven() @IsIn(CASE_CATEGORIES)
  category?: CaseCategory;

  @ApiPropertyOptional({ enum: CASE_TYPES })
  @NotNullIfGiven() @IsIn(CASE_TYPES)
  type?: CaseType;

  @ApiPropertyOptional({ enum: AGGRAVATING_FACTORS, isArray: true })
  @NotNullIfGiven() @IsArray() @ArrayUnique() @IsIn(AGGRAVATING_FACTORS, { each: true })
  aggravatingFactors?: AggravatingFactor[];

  @NotNullIfGiven() @IsObject() @ValidateNested() @Type(() => LocationDto)
  location?: LocationDto;

  /** Moving the case to another NPA also moves it to that NPA's default CSP unless cspCode is given. */
  @NotNullIfGiven() @Matches(CODE_PATTERN, { message: `npaCode ${CODE_MESSAGE}` })
  npaCode?: string;

  @NotNullIfGiven() @Matches(CODE_PATTERN, { message: `cspCode ${CODE_MESSAGE}` })
  cspCode?: string;

  @IsOptional() @IsUUID('all')
  officerInChargeId?: string | null;

  @ExternalRefsField({ patch: true })
  externalRefs?: ExternalRefDto[];
}

const toBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListCasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional() @IsIn(CASE_STATUSES)
  status?: 'open' | 'closed';

  @IsOptional() @Matches(CODE_PATTERN, { message: `npaCode ${CODE_MESSAGE}` })
  npaCode?: string;

  @IsOptional() @Matches(CODE_PATTERN, { message: `cspCode ${CODE_MESSAGE}` })
  cspCode?: string;

  /** The lead organisation. */
  @IsOptional() @IsUUID('all')
  organisationId?: string;

  @IsOptional() @IsUUID('all')
  officerInChargeId?: string;

  /** true: open cases past their supervisory review date; false: the others. */
  @IsOptional() @toBoolean() @IsBoolean()
  reviewOverdue?: boolean;

  /** true: open cases with a missing or review-overdue risk assessment; false: the others. */
  @IsOptional() @toBoolean() @IsBoolean()
  missingRiskAssessment?: boolean;

  /** true: cases with a victim who is a repeat victim now; false: cases with none. */
  @IsOptional() @toBoolean() @IsBoolean()
  repeatVictim?: boolean;

  /** A case reference (exact) or words of the title. */
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200)
  q?: string;

  /** A full or partial postcode: `LE11`, `LE11 3`, `le113qf`. */
  @IsOptional() @IsPostcodePrefix()
  postcode?: string;

  /** `SYSTEM:VALUE`, e.g. `STORM:123`. */
  @ExternalRefQuery()
  externalRef?: string;
}

