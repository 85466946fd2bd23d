import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsTimestamp, Trim } from '@asb/core';

export const REVIEW_DECISIONS = ['continue', 'close', 'escalate_jag'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const CLOSE_OUTCOMES = ['resolved', 'no_further_action', 'transferred', 'unable_to_contact', 'other'] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

const TrimString = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class CreateReviewDto {
  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  summary: string;

  /** `close` closes the case too and then needs `outcome` (the same as POST /cases/{id}/close). */
  @ApiProperty({ enum: REVIEW_DECISIONS })
  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecision;

  /** Whether the supervisor checked the case's risk assessments. */
  @IsBoolean()
  riskAssessmentsChecked: boolean;

  @IsOptional() @Trim() @IsString() @MaxLength(10000)
  nextActions?: string;

  /** Defaults to now; may be in the past, never in the future, never before the previous review. */
  @IsOptional() @IsTimestamp()
  reviewedAt?: string;

  /** Required with decision `close`, refused with any other decision. */
  @ApiPropertyOptional({ enum: CLOSE_OUTCOMES })
  @IsOptional() @IsIn(CLOSE_OUTCOMES)
  outcome?: CloseOutcome;
}

export class CloseCaseDto {
  @ApiProperty({ enum: CLOSE_OUTCOMES })
  @IsIn(CLOSE_OUTCOMES)
  outcome: CloseOutcome;

  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  summary: string;

  /** Recorded on the closing review; false when not given. */
  @IsOptional() @IsBoolean()
  riskAssessmentsChecked?: boolean;

  @IsOptional() @Trim() @IsString() @MaxLength(10000)
  nextActions?: string;
}

export class ReopenCaseDto {
  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  reason: string;
}
