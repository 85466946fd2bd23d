import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsTimestamp } from '@asb/core';
import { ExternalRefDto, LocationDto, TrimString } from '../common/common.dto';

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

  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ExternalRefDto)
  @ArrayUnique((r: ExternalRefDto) => `${r?.system}:${r?.value}`, { message: 'externalRefs must not repeat a reference' })
  externalRefs?: ExternalRefDto[];
}
