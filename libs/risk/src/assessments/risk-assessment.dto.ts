import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, registerDecorator, ValidationOptions } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, IsTimestamp, PageQueryDto, Trim } from '@asb/core';
import { RISK_LEVELS, RiskLevel, RiskSubject } from '../rules/risk-score';

function IsYesNoAnswers(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isYesNoAnswers',
      target: object.constructor,
      propertyName,
      options: { message: 'answers must map question codes (e.g. "V1") to true or false', ...options },
      validator: {
        validate: (v: unknown) =>
          typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length <= 50 &&
          Object.entries(v).every(([k, val]) => /^[A-Z][0-9]{1,3}$/.test(k) && typeof val === 'boolean'),
      },
    });
}

export class CreateRiskAssessmentDto {
  @ApiProperty({ enum: ['case', 'victim', 'perpetrator'] })
  @IsIn(['case', 'victim', 'perpetrator'])
  subject: RiskSubject;

  /** The victim or perpetrator assessed; not given for a case assessment. */
  @IsOptional() @IsUUID()
  personId?: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' }, example: { V1: false, V2: true } })
  @IsObject() @IsYesNoAnswers()
  answers: Record<string, boolean>;

  /** Raise the level above the computed one (never lower), with overrideReason. */
  @ApiPropertyOptional({ enum: RISK_LEVELS })
  @IsOptional() @IsIn(RISK_LEVELS)
  level?: RiskLevel;

  @IsOptional() @Trim() @IsString() @MaxLength(2000)
  overrideReason?: string;

  @IsOptional() @IsTimestamp()
  assessedAt?: string;
}

export class MissingRiskAssessmentsQueryDto extends PageQueryDto {
  @IsOptional() @Matches(CODE_PATTERN, { message: `npaCode ${CODE_MESSAGE}` })
  npaCode?: string;
}
