import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
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
 */
export function Authenticated(...roles: Role[]) {
  const meta: AuthMetadata = { roles };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, meta),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: missing, expired or forged token' }),
    ApiForbiddenResponse({ description: `FORBIDDEN${roles.length ? `: needs one of ${roles.join(', ')}` : ''}` }),
  );
}

/** Opens a route to everyone (login, token, health). */
export function Public() {
  return SetMetadata(AUTH_METADATA, { public: true } satisfies AuthMetadata);
}

/** The caller, as the auth guard established it. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ user?: Actor; id?: string }>();
  if (!req.user) throw new Error('CurrentActor used on a route without @Authenticated');
  return { ...req.user, requestId: req.id ? String(req.id) : undefined };
});
