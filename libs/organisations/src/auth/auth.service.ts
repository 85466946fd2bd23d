import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DomainError, dummySecretHash, Role, verifySecret } from '@asb/core';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, requestId?: string) {
    const [user]: { id: string; organisation_id: string; roles: Role[]; password_hash: string }[] = await this.db.query(
      `SELECT id, organisation_id, roles, password_hash FROM users WHERE email = lower($1) AND active`,
      [email],
    );
    const ok = await verifySecret(user?.password_hash ?? (await dummySecretHash()), password);
    if (!user || !ok) throw new DomainError('UNAUTHENTICATED', 'E-mail or password is wrong');
    await this.audit.record(this.db.manager, { kind: 'user', id: user.id, organisationId: user.organisation_id, requestId }, [{ action: 'login', entityType: 'user', entityId: user.id }]);
    return {
      accessToken: await this.jwt.signAsync({ sub: user.id, typ: 'user' }),
      tokenType: 'Bearer' as const,
      expiresIn: this.config.jwt.expiresInSeconds,
      user: { id: user.id, organisationId: user.organisation_id, roles: user.roles },
    };
  }

  async clientToken(clientId: string, secret: string, requestId?: string) {
    const [client]: { id: string; organisation_id: string; secret_hash: string }[] = await this.db.query(
      `SELECT id, organisation_id, secret_hash FROM api_clients WHERE client_id = $1 AND revoked_at IS NULL`,
      [clientId],
    );
    const ok = await verifySecret(client?.secret_hash ?? (await dummySecretHash()), secret);
    if (!client || !ok) throw new DomainError('UNAUTHENTICATED', 'Client id or secret is wrong, or the client was revoked');
    await this.audit.record(this.db.manager, { kind: 'client', id: client.id, organisationId: client.organisation_id, requestId }, [{ action: 'login', entityType: 'api_client', entityId: client.id }]);
    return {
      access_token: await this.jwt.signAsync({ sub: client.id, typ: 'client' }),
      token_type: 'Bearer' as const,
      expires_in: this.config.jwt.expiresInSeconds,
    };
  }
}
