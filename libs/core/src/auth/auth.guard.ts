import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { DomainError } from '../errors/domain-error';
import { unreachableDependency } from '../errors/unreachable';
import { Actor } from './actor';
import { AUTH_METADATA, AuthMetadata } from './authenticated.decorator';

class JwtGuard extends PassportAuthGuard('jwt') {
  override handleRequest<T>(err: unknown, user: T): T {
    // The caller could not be loaded because the database is away: that says nothing of the token, so not 401
    // (which makes clients throw their tokens away) but the filter's 503 UNAVAILABLE with Retry-After.
    if (err && unreachableDependency(err)) throw err;
    if (err || !user) throw new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');
    return user;
  }
}

/** Global, default-deny: a route must say @Public() or @Authenticated(...roles). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly jwt = new JwtGuard();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const meta = this.reflector.getAllAndOverride<AuthMetadata | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    if (meta?.public) return true;
    await this.jwt.canActivate(context);
    if (!meta) throw DomainError.forbidden('This route is not open to any caller');
    const actor = context.switchToHttp().getRequest<{ user: Actor }>().user;
    if (meta.roles?.length && !actor.roles.some((r) => meta.roles!.includes(r))) {
      throw DomainError.forbidden(`This needs one of the roles: ${meta.roles.join(', ')}`);
    }
    return true;
  }
}
