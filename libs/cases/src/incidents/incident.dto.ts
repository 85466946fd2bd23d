import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ExternalRefDto, ExternalRefQuery, ExternalRefsField, IsTimestamp, PageQueryDto } from '@asb/core';
import { LocationDto, TrimString } from '../common/common.dto';

export class CreateIncidentDto {
  /** When it happened: may be in the past, never in the future. */
  @IsTimestamp()
  occurredAt: string;

  /** When it was reported (default now): not before occurredAt, not in the future. */
  @IsOptional() @IsTimestamp()
  reportedAt?: string;

  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  description: string;

  @IsOptional() @IsUUID('all')
  reportedByPersonId?: string;

  /** Victims on the case this incident affected (may be empty). */
  @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsUUID('all', { each: true })
  victimPersonIds: string[];

  @IsOptional() @IsObject() @ValidateNested() @Type(() => LocationDto)
  location?: LocationDto;

  @ExternalRefsField()
  externalRefs?: ExternalRefDto[];
}

export class ListIncidentsQueryDto extends PageQueryDto {
  /** `SYSTEM:VALUE`: the case's incident with this reference. */
  @ExternalRefQuery()
  externalRef?: string;
}
