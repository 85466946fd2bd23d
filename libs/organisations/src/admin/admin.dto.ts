import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, PageQueryDto, Trim } from '@asb/core';
import { ORGANISATION_KINDS, OrganisationKind } from '../organisations/organisation-kinds';

export const USER_ROLES = ['admin', 'supervisor', 'caseworker', 'analyst'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export class CreateOrganisationDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  /** May issue CPNWs and CPNs; police and local authorities by default, others when designated. */
  @IsOptional() @IsBoolean()
  canIssueCpn?: boolean;
}

export class CreateCspDto {
  @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  name: string;
}

export class CreateNpaDto {
  @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @Matches(CODE_PATTERN, { message: `defaultCspCode ${CODE_MESSAGE}` })
  defaultCspCode: string;

  /** Where the weekly missing-risk-assessment e-mail goes. */
  @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsEmail({}, { each: true })
  notificationEmails: string[];
}

export class UpdateNpaDto {
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @IsOptional() @Matches(CODE_PATTERN, { message: `defaultCspCode ${CODE_MESSAGE}` })
  defaultCspCode?: string;

  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsEmail({}, { each: true })
  notificationEmails?: string[];
}

export class CreateUserDto {
  @IsEmail() @MaxLength(254)
  email: string;

  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  /** At least 12 characters; not the e-mail address, one character repeated, whitespace only or a common password. Stored as an argon2id hash, never shown again. */
  @IsString() @MinLength(12) @MaxLength(256)
  password: string;

  @IsUUID()
  organisationId: string;

  @ApiProperty({ enum: USER_ROLES, isArray: true })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(USER_ROLES, { each: true })
  roles: UserRole[];
}

export class UpdateUserDto {
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: USER_ROLES, isArray: true })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(USER_ROLES, { each: true })
  roles?: UserRole[];

  @IsOptional() @IsBoolean()
  active?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto {
  @IsOptional() @IsUUID()
  organisationId?: string;
}

export class CreateApiClientDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @IsUUID()
  organisationId: string;
}
