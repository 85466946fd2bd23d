import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Actor } from './actor';
import { Role } from './roles';

export const AUTH_METADATA = 'asb:auth';
export interface AuthMetadata {
  public?: boolean;
  roles?: Role[];
}

/**
 * Opens a route to signed-in callers with one of the roles given (any role when
 * none is given). Routes without this decorator or @Public() are refused.
 * The roles are also written to the OpenAPI operation as `x-roles` (an empty
 * list: any signed-in caller), which the route-roles snapshot test reads.
 */
export function Authenticated(...roles: Role[]) {
  const meta: AuthMetadata = { roles };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, meta),
    ApiExtension('x-roles', [...roles]),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: missing, expired or forged token' }),
    ApiForbiddenResponse({ description: `FORBIDDEN${roles.length ? `: needs one of ${roles.join(', ')}` : ''}` }),
  );
}

/** Opens a route to everyone (login, token, health); marked `x-public` in the OpenAPI operation. Use it on methods, not controllers. */
export function Public() {
  return applyDecorators(SetMetadata(AUTH_METADATA, { public: true } satisfies AuthMetadata), ApiExtension('x-public', true));
}

export const PASSWORD_CHANGE_ROUTE = 'asb:password-change-route';

/** Keeps a route open to a user who must change their password first (the password change itself). */
export function PasswordChangeRoute() {
  return SetMetadata(PASSWORD_CHANGE_ROUTE, true);
}

/** The caller, as the auth guard established it. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ user?: Actor; id?: string }>();
  if (!req.user) throw new Error('CurrentActor used on a route without @Authenticated');
  return { ...req.user, requestId: req.id ? String(req.id) : undefined };
});
