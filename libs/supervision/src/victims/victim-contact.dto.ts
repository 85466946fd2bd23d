import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsTimestamp } from '@asb/core';
import { UPDATE_METHODS, type UpdateMethod } from '@asb/cases';

const TrimString = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Optional, but null is not a value. */
const NotNullIfGiven = () => ValidateIf((_o, v) => v !== undefined);

export class RecordVictimUpdateDto {
  /** Defaults to now; may be in the past, never in the future. */
  @IsOptional() @IsTimestamp()
  contactedAt?: string;

  @ApiProperty({ enum: UPDATE_METHODS })
  @IsIn(UPDATE_METHODS)
  method: UpdateMethod;

  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  summary: string;
}

export class UpdateVictimContactDto {
  /** Agreed update frequency in days, 1 to 365. */
  @NotNullIfGiven() @IsInt() @Min(1) @Max(365)
  updateFrequencyDays?: number;

  /** The victim's preferred method; null clears it. */
  @ApiPropertyOptional({ enum: UPDATE_METHODS, nullable: true })
  @IsOptional() @IsIn(UPDATE_METHODS)
  updateMethod?: UpdateMethod | null;

  @NotNullIfGiven() @IsBoolean()
  updatesDeclined?: boolean;
}

export class CreateVictimFirstReferralDto {
  /** Defaults to now; may be in the past, never in the future. */
  @IsOptional() @IsTimestamp()
  referredAt?: string;

  /** The victim's consent to the referral: it must be true (a referral without consent is refused with 400). */
  @IsBoolean()
  consent: boolean;

  /** Whether the victim took the service up, when known already. */
  @NotNullIfGiven() @IsBoolean()
  takenUp?: boolean;
}

export class UpdateVictimFirstReferralDto {
  @IsBoolean()
  takenUp: boolean;
}
