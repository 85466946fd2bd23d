import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsTimestamp, Trim } from '@asb/core';
import { INTERVENTION_TYPES, type InterventionType } from '../incremental-approach';

const TrimString = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const TrimEach = () => Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value));

export class CreateInterventionDto {
  @ApiProperty({ enum: INTERVENTION_TYPES })
  @IsIn(INTERVENTION_TYPES)
  type: InterventionType;

  /** When it was issued (for a CPN, proposed); defaults to now; may be in the past, never in the future. */
  @IsOptional() @IsTimestamp()
  issuedAt?: string;

  /** The date by which the behaviour must stop or the requirements be met; required for a CPNW, after issuedAt. */
  @IsOptional() @IsTimestamp()
  complianceDueAt?: string;

  /** What it requires: stop doing something, do something, take reasonable steps. A CPN needs at least one. */
  @IsOptional() @TrimEach() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(2000, { each: true })
  requirements?: string[];

  /** Pounds: a fixed penalty notice's amount (required), or the fine on prosecution. */
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0.01) @Max(1_000_000_000)
  amount?: number;

  /** The breach of a served CPN that a fixed penalty notice or a prosecution answers. */
  @IsOptional() @IsUUID()
  breachId?: string;

  /** Why a step more than one level up the Incremental Approach is taken; required when it is. */
  @IsOptional() @Trim() @IsString() @MaxLength(10000)
  justification?: string;

  @IsOptional() @Trim() @IsString() @MaxLength(10000)
  notes?: string;
}

export class ServeInterventionDto {
  /** When the CPN was served; defaults to now; never in the future, never before it was issued. */
  @IsOptional() @IsTimestamp()
  servedAt?: string;

  /** The date by which the CPN's requirements must be met, after servedAt; keeps the one given when proposed when absent. */
  @IsOptional() @IsTimestamp()
  complianceDueAt?: string;
}

export class WithdrawInterventionDto {
  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  reason: string;
}

export class RecordBreachDto {
  /** When the breach happened: never in the future, never before the intervention was served. */
  @ApiProperty()
  @IsTimestamp()
  occurredAt: string;

  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  description: string;
}
