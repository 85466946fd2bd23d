import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_LIMIT, MAX_LIMIT } from '@asb/core';

export class ChangeFeedQueryDto {
  /** Resume after this position: the `cursor` of an item or the `nextCursor` of an answer. Absent: from the start. */
  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(512)
  after?: string;

  /** How many changes, 1 to 200 (default 50). */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LIMIT)
  limit?: number;
}

/** One change, as API.md gives it. */
export interface ChangeAnswer {
  /** This change's position: pass it as `after` to resume behind it. */
  cursor: string;
  at: string;
  entityType: string;
  entityId: string | null;
  caseId: string | null;
  action: string;
}

export interface ChangePage {
  items: ChangeAnswer[];
  /** Where to resume (pass as `after`); null only while the caller has nothing to resume from. */
  nextCursor: string | null;
}
