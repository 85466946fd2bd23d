import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { DomainError } from '../errors/domain-error';
import { unreachableDependency } from '../errors/unreachable';
import { Actor } from './actor';
import { AUTH_METADATA, AuthMetadata, PASSWORD_CHANGE_ROUTE } from './authenticated.decorator';
import { RateLimits } from './rate-limits';

class JwtGuard extends PassportAuthGuard('jwt') {
  override handleRequest<T>(err: unknown, user: T): T {
    // The caller could not be loaded because the database is away: that says nothing of the token, so not 401
    // (which makes clients throw their tokens away) but the filter's 503 UNAVAILABLE with Retry-After.
    if (err && unreachableDependency(err)) throw err;
    if (err || !user) throw new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');
    return user;
  }
}

/**
 * Global, default-deny: a route must say @Public() or @Authenticated(...roles).
 * A signed-in caller's request is also counted against API_LIMIT_PER_CALLER,
 * and a user whose password was reset may only change it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly jwt = new JwtGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const meta = this.reflector.getAllAndOverride<AuthMetadata | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    if (meta?.public) return true;
    await this.jwt.canActivate(context);
    if (!meta) throw DomainError.forbidden('This route is not open to any caller');
    const actor = context.switchToHttp().getRequest<{ user: Actor }>().user;
    await this.limits.request(actor);
    if (actor.passwordChangeRequired && !this.reflector.get<boolean | undefined>(PASSWORD_CHANGE_ROUTE, context.getHandler())) {
      throw new DomainError('FORBIDDEN', 'Your password was reset: choose a new one (POST /api/v1/auth/password) before doing anything else', [
        { field: 'password', message: 'must be changed first', reason: 'PASSWORD_CHANGE_REQUIRED' },
      ]);
    }
    if (meta.roles?.length && !actor.roles.some((r) => meta.roles!.includes(r))) {
      throw DomainError.forbidden(`This needs one of the roles: ${meta.roles.join(', ')}`);
    }
    return true;
  }
}
