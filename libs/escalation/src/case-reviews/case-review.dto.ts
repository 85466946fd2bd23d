import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsTimestamp } from '@asb/core';
import { CASE_REVIEW_DECISIONS, type CaseReviewDecision } from '../rules/case-review-outcome';

const LowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));
const TrimEach = () => Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value));

export class CreateCaseReviewDto {
  /** The person applying: a victim (on the case, when a case is named). */
  @LowerCase() @IsUUID('all')
  applicantPersonId: string;

  /** The case the application is about, when there is one. */
  @IsOptional() @LowerCase() @IsUUID('all')
  caseId?: string;

  /** When the application was made (default now): may be in the past, never in the future. */
  @IsOptional() @IsTimestamp()
  appliedAt?: string;
}

export class RecordCaseReviewOutcomeDto {
  @ApiProperty({ enum: CASE_REVIEW_DECISIONS })
  @IsIn(CASE_REVIEW_DECISIONS)
  decision: CaseReviewDecision;

  /** The review's recommendations, one per entry: at least one with decision recommendations_made (may be empty otherwise). */
  @TrimEach() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(5000, { each: true })
  recommendations: string[];
}
