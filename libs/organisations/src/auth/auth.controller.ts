import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Public } from '@asb/core';
import { ClientCredentialsDto, LoginDto } from './auth.dto';
import { AuthService } from './auth.service';

type WithId = { id?: string };

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in as a person: a bearer token for the other routes. */
  @Public() @Post('login') @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: WithId) {
    return this.auth.login(dto.email, dto.password, req.id);
  }

  /** OAuth 2 client credentials, for partner systems. */
  @Public() @Post('token') @HttpCode(200) @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  token(@Body() dto: ClientCredentialsDto, @Req() req: WithId) {
    return this.auth.clientToken(dto.client_id, dto.client_secret, req.id);
  }
}
