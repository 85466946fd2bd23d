import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsEmail() @MaxLength(254)
  email: string;

  @IsString() @MinLength(1) @MaxLength(256)
  password: string;
}

/** OAuth 2 client credentials (RFC 6749 section 4.4), as a form or JSON. */
export class ClientCredentialsDto {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsIn(['client_credentials'])
  grant_type: 'client_credentials';

  @IsString() @MinLength(1) @MaxLength(128)
  client_id: string;

  @IsString() @MinLength(1) @MaxLength(256)
  client_secret: string;
}
