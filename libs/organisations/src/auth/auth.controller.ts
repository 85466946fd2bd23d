import { Body, Controller, Header, Headers, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBasicAuth, ApiConsumes, ApiNoContentResponse, ApiSecurity, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Actor, Authenticated, CurrentActor, PasswordChangeRoute, Public } from '@asb/core';
import { ChangePasswordDto, ClientCredentialsDto, LoginDto } from './auth.dto';
import { AuthService, CallContext } from './auth.service';
import { OAuthErrorFilter } from './oauth-error.filter';

type Req = { id?: string; ip?: string };
const context = (req: Req): CallContext => ({ requestId: req.id ? String(req.id) : undefined, address: req.ip });

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in as a person: a bearer token for the other routes. */
  @Public() @Post('login') @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many attempts for this account or from this address, or the account is locked; see Retry-After' })
  login(@Body() dto: LoginDto, @Req() req: Req) {
    return this.auth.login(dto.email, dto.password, context(req));
  }

  /** OAuth 2 client credentials, for partner systems: HTTP Basic or client_id and client_secret in the body; OAuth-shaped errors. */
  @Public() @Post('token') @HttpCode(200) @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBasicAuth() @ApiSecurity({}) // HTTP Basic, or the credentials in the body
  @Header('Cache-Control', 'no-store') @UseFilters(OAuthErrorFilter)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many attempts for this client or from this address; see Retry-After' })
  token(@Body() dto: ClientCredentialsDto, @Headers('authorization') authorization: string | undefined, @Req() req: Req) {
    return this.auth.clientToken(authorization, dto, context(req));
  }

  /** Change your own password, giving the current one. Every token issued before is refused afterwards: sign in again. */
  @Post('password') @HttpCode(204) @Authenticated() @PasswordChangeRoute()
  @ApiNoContentResponse({ description: 'Changed' })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Req) {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, context(req));
  }
}
