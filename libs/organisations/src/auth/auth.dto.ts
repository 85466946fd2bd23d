import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsEmail() @MaxLength(254)
  email: string;

  @IsString() @MinLength(1) @MaxLength(256)
  password: string;
}

/**
 * OAuth 2 client credentials (RFC 6749 section 4.4), as a form or JSON. The
 * client authenticates by HTTP Basic (section 2.3.1) or by `client_id` and
 * `client_secret` here.
 */
export class ClientCredentialsDto {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsIn(['client_credentials'])
  grant_type: 'client_credentials';

  @ApiPropertyOptional({ description: 'Unless given by HTTP Basic' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128)
  client_id?: string;

  @ApiPropertyOptional({ description: 'Unless given by HTTP Basic' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256)
  client_secret?: string;
}

export class ChangePasswordDto {
  @IsString() @MinLength(1) @MaxLength(256)
  currentPassword: string;

  /** At least 12 characters; not the e-mail address, one character repeated, whitespace only or a common password. */
  @IsString() @MinLength(1) @MaxLength(256)
  newPassword: string;
}
