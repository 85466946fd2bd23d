import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Actor } from './actor';
import { Role } from './roles';

export interface TokenPayload {
  sub: string;
  typ: 'user' | 'client';
  /** A user's token_version when the token was issued: a password change or reset raises it, refusing older tokens. */
  ver?: number;
}

/**
 * Verifies the bearer token, then loads the caller so a deactivated user, a
 * revoked client or a token issued before the user's last password change is
 * refused at once, and roles are always the current ones.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly db: DataSource,
  ) {
    // The secret as a KeyObject, made once: given a string, jsonwebtoken 9 first tries (and fails) to
    // parse it as a public key on every request, a thrown exception costing about 2 ms of CPU each
    // (bench/README.md). It accepts a KeyObject, though passport-jwt's types name only string | Buffer.
    const secretOrKey = createSecretKey(Buffer.from(config.jwt.secret)) as unknown as Buffer;
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey, algorithms: ['HS256'], ignoreExpiration: false });
  }

  async validate(payload: TokenPayload): Promise<Actor | null> {
    if (payload.typ === 'client') {
      const rows: { id: string; organisation_id: string }[] = await this.db.query(
        `SELECT id, organisation_id FROM api_clients WHERE id = $1 AND revoked_at IS NULL`,
        [payload.sub],
      );
      return rows[0] ? { kind: 'client', id: rows[0].id, organisationId: rows[0].organisation_id, roles: ['partner_system'] } : null;
    }
    const rows: { id: string; organisation_id: string; roles: Role[]; password_change_required: boolean }[] = await this.db.query(
      `SELECT id, organisation_id, roles, password_change_required FROM users WHERE id = $1 AND active AND token_version = $2`,
      [payload.sub, payload.ver ?? 0],
    );
    const user = rows[0];
    if (!user) return null;
    return { kind: 'user', id: user.id, organisationId: user.organisation_id, roles: user.roles, ...(user.password_change_required ? { passwordChangeRequired: true } : {}) };
  }
}
