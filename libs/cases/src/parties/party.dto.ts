import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { UPDATE_METHODS, type UpdateMethod } from '../cases/case.enums';

export class AddPartyDto {
  /** A person profile, found by search: it need not be visible to the caller yet. */
  @IsUUID('all')
  personId: string;
}

export class AddVictimDto extends AddPartyDto {
  /** Agreed update frequency in days, 1 to 365 (default: policy, 28). */
  @IsOptional() @IsInt() @Min(1) @Max(365)
  updateFrequencyDays?: number;

  @ApiPropertyOptional({ enum: UPDATE_METHODS })
  @IsOptional() @IsIn(UPDATE_METHODS)
  updateMethod?: UpdateMethod;

  @IsOptional() @IsBoolean()
  updatesDeclined?: boolean;
}
