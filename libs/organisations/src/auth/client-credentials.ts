/**
 * Client authentication at the token endpoint (RFC 6749 section 2.3.1): HTTP
 * Basic, the client id and secret each form-urlencoded, joined by a colon and
 * base64-encoded; or `client_id` and `client_secret` in the body. Exactly one
 * of the two.
 */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Given by HTTP Basic (a refusal then carries `WWW-Authenticate: Basic`). */
  basic: boolean;
}

/** Why the credentials cannot be read: `invalid_request` (400) or `invalid_client` (401), as RFC 6749 section 5.2. */
export class ClientCredentialsProblem {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client',
    readonly message: string,
  ) {}
}

const MAX_ID = 128;
const MAX_SECRET = 256;

/** application/x-www-form-urlencoded decoding of one value; null when it is not valid. */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** The client's credentials from the Authorization header or the body, or the problem with them. */
export function clientCredentials(authorization: string | undefined, body: { client_id?: string; client_secret?: string }): ClientCredentials | ClientCredentialsProblem {
  const basic = /^Basic\s+(\S*)\s*$/i.exec(authorization ?? '');
  if (authorization !== undefined && authorization !== '' && !basic) {
    return new ClientCredentialsProblem('invalid_client', 'The token endpoint takes client credentials by HTTP Basic or in the body, not another Authorization scheme');
  }
  if (basic) {
    if (body.client_secret !== undefined) return new ClientCredentialsProblem('invalid_request', 'Give the client credentials one way only: HTTP Basic or the body, not both');
    const decoded = /^[A-Za-z0-9+/]*={0,2}$/.test(basic[1]) ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const clientId = colon > 0 ? formDecode(decoded.slice(0, colon)) : null;
    const clientSecret = colon > 0 ? formDecode(decoded.slice(colon + 1)) : null;
    if (!clientId || !clientSecret || clientId.length > MAX_ID || clientSecret.length > MAX_SECRET) {
      return new ClientCredentialsProblem('invalid_client', 'The HTTP Basic credentials are malformed: base64 of client_id:client_secret, each form-urlencoded');
    }
    if (body.client_id !== undefined && body.client_id !== clientId) {
      return new ClientCredentialsProblem('invalid_request', 'client_id in the body differs from the one in HTTP Basic');
    }
    return { clientId, clientSecret, basic: true };
  }
  if (!body.client_id || !body.client_secret) {
    return new ClientCredentialsProblem('invalid_client', 'Client authentication is required: HTTP Basic, or client_id and client_secret in the body');
  }
  return { clientId: body.client_id, clientSecret: body.client_secret, basic: false };
}
