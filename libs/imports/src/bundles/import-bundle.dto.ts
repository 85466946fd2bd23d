import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { ExternalRefDto, ExternalRefsField, IsTimestamp } from '@asb/core';
import { CreateCaseDto, CreateIncidentDto, PartyRole } from '@asb/cases';
import { CreatePersonDto } from '@asb/people';
import { CreateRiskAssessmentDto } from '@asb/risk';

/**
 * One line of an import (API.md "Jobs, integration, audit"): a case with its
 * people, incidents and risk assessments. Each record takes the fields of the
 * endpoint that creates it, validated by the same DTO (unknown fields are
 * refused), with external references in place of ids: every record carries
 * at least one, and is found again by them when the file is imported again.
 */

export const PARTY_ROLES: PartyRole[] = ['victim', 'perpetrator', 'witness'];

/** The fields of POST /cases; `externalRefs` required. */
export class ImportCaseDto extends OmitType(CreateCaseDto, ['externalRefs'] as const) {
  @ExternalRefsField({ required: true })
  externalRefs: ExternalRefDto[];
}

/** The fields of POST /people; `externalRefs` required. */
export class ImportPersonDto extends OmitType(CreatePersonDto, ['externalRefs'] as const) {
  @ExternalRefsField({ required: true })
  externalRefs: ExternalRefDto[];
}

/** A person and their role on the case. */
export class ImportPartyDto {
  @ApiProperty({ enum: PARTY_ROLES }) @IsIn(PARTY_ROLES)
  role: PartyRole;

  @IsObject() @ValidateNested() @Type(() => ImportPersonDto)
  person: ImportPersonDto;
}

/** A list of people's references (required; may be empty). */
const RefList = (max: number) =>
  applyDecorators(
    ApiProperty({ type: [ExternalRefDto] }),
    IsArray(),
    ArrayMaxSize(max),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => ExternalRefDto),
    ArrayUnique((r: ExternalRefDto) => `${r?.system}:${r?.value}`, { message: 'a reference is named twice' }),
  );

/** The fields of POST /cases/{id}/incidents, with people named by their external references instead of ids; `externalRefs` required. */
export class ImportIncidentDto extends OmitType(CreateIncidentDto, ['victimPersonIds', 'reportedByPersonId', 'externalRefs'] as const) {
  /** The incident's victims: people of this bundle (or already in the service) who are victims on the case. May be empty. */
  @RefList(100)
  victimExternalRefs: ExternalRefDto[];

  /** Who reported it: a person of this bundle or already in the service. */
  @ApiPropertyOptional({ type: ExternalRefDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ExternalRefDto)
  reportedByExternalRef?: ExternalRefDto;

  @ExternalRefsField({ required: true })
  externalRefs: ExternalRefDto[];
}

/**
 * The fields of POST /cases/{id}/risk-assessments, with the person named by
 * an external reference. `assessedAt` is required: with the case, subject and
 * person it is what identifies the assessment when the file is imported again.
 */
export class ImportRiskAssessmentDto extends OmitType(CreateRiskAssessmentDto, ['personId', 'assessedAt'] as const) {
  /** The victim or perpetrator assessed (a person of this bundle or already a victim/perpetrator on the case); none for a case assessment. */
  @ApiPropertyOptional({ type: ExternalRefDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ExternalRefDto)
  personExternalRef?: ExternalRefDto;

  /** When the assessment was made: not in the future. */
  @IsTimestamp()
  assessedAt: string;
}

/** One line of the NDJSON file. */
export class ImportBundleDto {
  @IsObject() @ValidateNested() @Type(() => ImportCaseDto)
  case: ImportCaseDto;

  @ApiPropertyOptional({ type: [ImportPartyDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ImportPartyDto)
  people?: ImportPartyDto[];

  @ApiPropertyOptional({ type: [ImportIncidentDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ImportIncidentDto)
  incidents?: ImportIncidentDto[];

  @ApiPropertyOptional({ type: [ImportRiskAssessmentDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ImportRiskAssessmentDto)
  riskAssessments?: ImportRiskAssessmentDto[];
}
