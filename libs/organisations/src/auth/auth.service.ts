import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  afterFailedSignIn,
  APP_CONFIG,
  AppConfig,
  AuditEntry,
  AuditService,
  Clock,
  DomainError,
  dummySecretHash,
  hashSecret,
  inTransaction,
  lockedForSeconds,
  LockoutState,
  passwordProblems,
  rateLimited,
  RateLimits,
  Role,
  verifySecret,
} from '@asb/core';
import { clientCredentials, ClientCredentialsProblem } from './client-credentials';

export interface CallContext {
  requestId?: string;
  /** The source address (req.ip: the peer, or X-Forwarded-For from a proxy on loopback). */
  address?: string;
}

interface UserForSignIn {
  id: string;
  organisation_id: string;
  roles: Role[];
  password_hash: string;
  failed_sign_ins: number;
  locked_until: Date | null;
  token_version: number;
  password_change_required: boolean;
}

const WRONG_CREDENTIALS = 'E-mail or password is wrong';
const lockedOut = (seconds: number) => rateLimited(seconds, 'Too many wrong passwords for this account: it is locked for a while; try again later');

/**
 * Sign-in, tokens and password changes (API.md "Authentication", issue 12):
 * rate limited per account and per source address (RateLimits), with the
 * progressive lock-out of libs/core/src/auth/lockout.ts, every wrong password
 * and every lock audited. An e-mail with no (active) account is treated like
 * an account, its lock-out counted in Redis, so the answers never tell which
 * e-mails exist.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly limits: RateLimits,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, ctx: CallContext) {
    email = email.toLowerCase();
    const giveBack = await this.limits.attempt('sign-in', email, ctx.address);
    const [user]: UserForSignIn[] = await this.db.query(
      `SELECT id, organisation_id, roles, password_hash, failed_sign_ins, locked_until, token_version, password_change_required
         FROM users WHERE email = $1 AND active`,
      [email],
    );
    const now = this.clock.now();
    const state: LockoutState = user ? { failures: user.failed_sign_ins, lockedUntil: user.locked_until } : await this.limits.unknownAccountLockout(email);
    const wait = lockedForSeconds(state, now);
    if (wait > 0) throw lockedOut(wait);

    const ok = await verifySecret(user?.password_hash ?? (await dummySecretHash()), password);
    if (!user || !ok) {
      const lockSeconds = user ? await this.recordFailedSignIn(user.id, ctx) : await this.recordUnknownFailure(email, state, now);
      if (lockSeconds > 0) throw lockedOut(lockSeconds);
      throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }

    await giveBack();
    await inTransaction(this.db, async (em) => {
      if (user.failed_sign_ins > 0 || user.locked_until) await em.query(`UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1`, [user.id]);
      await this.audit.record(em, this.userActor(user, ctx), [{ action: 'login', entityType: 'user', entityId: user.id }]);
    });
    return {
      accessToken: await this.jwt.signAsync({ sub: user.id, typ: 'user', ver: user.token_version }),
      tokenType: 'Bearer' as const,
      expiresIn: this.config.jwt.expiresInSeconds,
      user: { id: user.id, organisationId: user.organisation_id, roles: user.roles },
      /** True after an admin's reset: this token may only change the password (POST /api/v1/auth/password). */
      passwordChangeRequired: user.password_change_required,
    };
  }

  /** One more wrong password of a real account, counted under its row lock and audited; the seconds of the lock it starts (0: none). */
  private recordFailedSignIn(userId: string, ctx: CallContext): Promise<number> {
    return inTransaction(this.db, async (em) => {
      const [row]: { organisation_id: string; failed_sign_ins: number; locked_until: Date | null }[] = await em.query(
        `SELECT organisation_id, failed_sign_ins, locked_until FROM users WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      const next = afterFailedSignIn({ failures: row.failed_sign_ins, lockedUntil: row.locked_until }, this.clock.now());
      await em.query(`UPDATE users SET failed_sign_ins = $2, locked_until = $3 WHERE id = $1`, [userId, next.failures, next.lockedUntil]);
      const entries: AuditEntry[] = [{ action: 'sign_in_failed', entityType: 'user', entityId: userId, details: { consecutiveFailures: next.failures, address: ctx.address ?? null } }];
      if (next.lockSeconds > 0) {
        entries.push({ action: 'lock', entityType: 'user', entityId: userId, details: { seconds: next.lockSeconds, until: next.lockedUntil?.toISOString(), consecutiveFailures: next.failures } });
      }
      await this.audit.record(em, { kind: 'user', id: userId, organisationId: row.organisation_id, requestId: ctx.requestId }, entries);
      return next.lockSeconds;
    });
  }

  private async recordUnknownFailure(email: string, state: LockoutState, now: Date): Promise<number> {
    const next = afterFailedSignIn(state, now);
    await this.limits.saveUnknownAccountLockout(email, next);
    return next.lockSeconds;
  }

  /** The token endpoint: the client's credentials by HTTP Basic or in the body (client-credentials.ts). */
  async clientToken(authorization: string | undefined, body: { client_id?: string; client_secret?: string }, ctx: CallContext) {
    const credentials = clientCredentials(authorization, body);
    if (credentials instanceof ClientCredentialsProblem) {
      // The OAuth error name rides in details; OAuthErrorFilter writes it as `error`.
      throw new DomainError(credentials.error === 'invalid_client' ? 'UNAUTHENTICATED' : 'VALIDATION_FAILED', credentials.message, [
        { message: credentials.message, error: credentials.error },
      ]);
    }
    const giveBack = await this.limits.attempt('token', credentials.clientId, ctx.address);
    const [client]: { id: string; organisation_id: string; secret_hash: string }[] = await this.db.query(
      `SELECT id, organisation_id, secret_hash FROM api_clients WHERE client_id = $1 AND revoked_at IS NULL`,
      [credentials.clientId],
    );
    const ok = await verifySecret(client?.secret_hash ?? (await dummySecretHash()), credentials.clientSecret);
    if (!client || !ok) throw new DomainError('UNAUTHENTICATED', 'Client id or secret is wrong, or the client was revoked');
    await giveBack();
    await this.audit.record(this.db.manager, { kind: 'client', id: client.id, organisationId: client.organisation_id, requestId: ctx.requestId }, [
      { action: 'login', entityType: 'api_client', entityId: client.id, details: { authentication: credentials.basic ? 'basic' : 'body' } },
    ]);
    return {
      access_token: await this.jwt.signAsync({ sub: client.id, typ: 'client' }),
      token_type: 'Bearer' as const,
      expires_in: this.config.jwt.expiresInSeconds,
    };
  }

  /**
   * A user changes their own password, giving the current one (counted like a
   * sign-in against the rate limits). Every token issued before is refused
   * from now on, this one included: the user signs in again with the new one.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, ctx: CallContext): Promise<void> {
    if (actor.kind !== 'user') throw DomainError.forbidden('An API client has no password; an admin makes it a new client');
    const [user]: { email: string; password_hash: string; token_version: number }[] = await this.db.query(
      `SELECT email, password_hash, token_version FROM users WHERE id = $1 AND active`,
      [actor.id],
    );
    if (!user) throw new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');
    const giveBack = await this.limits.attempt('sign-in', user.email, ctx.address);
    if (!(await verifySecret(user.password_hash, currentPassword))) {
      throw DomainError.validation([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
    }
    await giveBack();
    const problems = passwordProblems(newPassword, user.email).map((p) => ({ field: 'newPassword', message: `newPassword ${p}` }));
    if (newPassword === currentPassword) problems.push({ field: 'newPassword', message: 'newPassword must differ from the current password' });
    if (problems.length) throw DomainError.validation(problems, 'The new password is not allowed');
    const hash = await hashSecret(newPassword);
    await inTransaction(this.db, async (em: EntityManager) => {
      const changed: unknown[] = await em.query(
        `WITH u AS (
           UPDATE users SET password_hash = $3, token_version = token_version + 1, password_change_required = false,
                            failed_sign_ins = 0, locked_until = NULL, password_changed_at = now(), updated_at = now()
            WHERE id = $1 AND token_version = $2 RETURNING id)
         SELECT * FROM u`,
        [actor.id, user.token_version, hash],
      );
      if (changed.length === 0) throw new DomainError('CONFLICT', 'The password was changed meanwhile; sign in again');
      await this.audit.record(em, actor, [{ action: 'password_change', entityType: 'user', entityId: actor.id }]);
    });
  }

  private userActor(user: UserForSignIn, ctx: CallContext) {
    return { kind: 'user' as const, id: user.id, organisationId: user.organisation_id, requestId: ctx.requestId };
  }
}
