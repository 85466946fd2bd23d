import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, IsTimestamp, PageQueryDto, Trim } from '@asb/core';
import { JAG_CRITERIA, type JagCriterion } from '../rules/jag-criteria';

const TrimString = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const LowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));
const LowerCaseEach = () => Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)) : value));

export const JAG_REFERRAL_STATUSES = ['open', 'resolved'] as const;
export type JagReferralStatus = (typeof JAG_REFERRAL_STATUSES)[number];

export class CreateJagReferralDto {
  /** The criteria the referrer claims; the service checks each against its own data. */
  @ApiProperty({ enum: JAG_CRITERIA, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(JAG_CRITERIA, { each: true })
  reasons: JagCriterion[];

  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  summary: string;

  /** The supervisor's written reason: needed with `complex`, refused without it. */
  @IsOptional() @Trim() @IsString() @MaxLength(10000)
  complexReason?: string;
}

export class CreateJagActionDto {
  /** The partner organisation the action is assigned to. */
  @LowerCase() @IsUUID('all')
  organisationId: string;

  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  description: string;

  /** When it is due: not before the referral was made. */
  @IsTimestamp()
  dueAt: string;
}

export class CompleteJagActionDto {
  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  note: string;
}

export class CancelJagActionDto {
  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  reason: string;
}

export class ResolveJagReferralDto {
  /** What the JAG achieved, in words. */
  @TrimString() @IsString() @MinLength(1) @MaxLength(10000)
  outcome: string;
}

export class CreateJagMeetingDto {
  /** The CSP whose JAG met; every referral discussed must be for that JAG. */
  @Matches(CODE_PATTERN, { message: `cspCode ${CODE_MESSAGE}` })
  cspCode: string;

  /** When it was held: may be in the past, never in the future. */
  @IsTimestamp()
  heldAt: string;

  @LowerCaseEach() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique() @IsUUID('all', { each: true })
  attendingOrganisationIds: string[];

  /** The referrals discussed. */
  @LowerCaseEach() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', { each: true })
  referralIds: string[];
}

export class ListJagReferralsQueryDto extends PageQueryDto {
  @IsOptional() @Matches(CODE_PATTERN, { message: `cspCode ${CODE_MESSAGE}` })
  cspCode?: string;

  @ApiPropertyOptional({ enum: JAG_REFERRAL_STATUSES })
  @IsOptional() @IsIn(JAG_REFERRAL_STATUSES)
  status?: JagReferralStatus;
}
