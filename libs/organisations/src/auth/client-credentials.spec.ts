import { clientCredentials, ClientCredentialsProblem } from './client-credentials';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('client credentials at the token endpoint', () => {
  it('reads them from the body', () => {
    expect(clientCredentials(undefined, { client_id: 'asb_x', client_secret: 's3cret' })).toEqual({ clientId: 'asb_x', clientSecret: 's3cret', basic: false });
  });

  it('reads HTTP Basic, each part form-urldecoded, the secret taking every colon after the first', () => {
    expect(clientCredentials(basic('asb_x', 's3cret'), {})).toEqual({ clientId: 'asb_x', clientSecret: 's3cret', basic: true });
    expect(clientCredentials(basic('my%20client', 'a%3Ab+c:d'), {})).toEqual({ clientId: 'my client', clientSecret: 'a:b c:d', basic: true });
    expect(clientCredentials(`basic   ${Buffer.from('id:pw').toString('base64')}`, {})).toMatchObject({ clientId: 'id', clientSecret: 'pw' });
  });

  it('accepts the same client_id in the body beside HTTP Basic, but not a secret or another id', () => {
    expect(clientCredentials(basic('asb_x', 'pw'), { client_id: 'asb_x' })).toMatchObject({ clientId: 'asb_x', basic: true });
    expect(clientCredentials(basic('asb_x', 'pw'), { client_id: 'asb_y' })).toMatchObject({ error: 'invalid_request' });
    expect(clientCredentials(basic('asb_x', 'pw'), { client_secret: 'pw' })).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses malformed Basic credentials as invalid_client', () => {
    for (const header of ['Basic', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`, `Basic ${Buffer.from(':pw').toString('base64')}`,
      `Basic ${Buffer.from('id:').toString('base64')}`, `Basic ${Buffer.from('%E0%A4%A:pw').toString('base64')}`, basic('x'.repeat(129), 'pw')]) {
      const r = clientCredentials(header, {});
      expect(r).toBeInstanceOf(ClientCredentialsProblem);
      expect(r).toMatchObject({ error: 'invalid_client' });
    }
  });

  it('refuses another scheme, and no credentials at all, as invalid_client', () => {
    expect(clientCredentials('Bearer abc', { client_id: 'a', client_secret: 'b' })).toMatchObject({ error: 'invalid_client' });
    expect(clientCredentials(undefined, {})).toMatchObject({ error: 'invalid_client' });
    expect(clientCredentials(undefined, { client_id: 'a' })).toMatchObject({ error: 'invalid_client' });
  });
});
