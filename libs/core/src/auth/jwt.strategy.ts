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
}

/**
 * Verifies the bearer token, then loads the caller so a deactivated user or a
 * revoked client is refused at once, and roles are always the current ones.
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
    const rows: { id: string; organisation_id: string; roles: Role[] }[] = await this.db.query(
      `SELECT id, organisation_id, roles FROM users WHERE id = $1 AND active`,
      [payload.sub],
    );
    return rows[0] ? { kind: 'user', id: rows[0].id, organisationId: rows[0].organisation_id, roles: rows[0].roles } : null;
  }
}
