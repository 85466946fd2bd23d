import { insertPerson } from './support/cases-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Security headers (helmet), caching of personal data and CORS (docs/operations.md "HTTP headers and CORS"). */
describe('HTTP headers and CORS', () => {
  describe('by default', () => {
    let t: TestApp;
    let personId: string;
    let tokenOf = '';

    beforeAll(async () => {
      t = await createTestApp();
      const sup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
      personId = await insertPerson(t, sup.organisationId, 'Ada', 'Lovelace');
      tokenOf = sup.token;
    });
    afterAll(() => t.close());

    it('sends the security headers: nosniff, HSTS, a CSP, no X-Powered-By', async () => {
      const res = await t.http().get('/health/live').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'|frame-ancestors 'self'/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('answers a person with Cache-Control: no-store and no ETag, so If-None-Match never gets a 304', async () => {
      const res = await t.http().get(`/api/v1/people/${personId}`).set({ Authorization: `Bearer ${tokenOf}` }).expect(200);
      expect(res.body.displayName).toBe('Ada Lovelace');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const again = await t.http().get(`/api/v1/people/${personId}`).set({ Authorization: `Bearer ${tokenOf}`, 'If-None-Match': 'W/"anything"' });
      expect(again.status).toBe(200);
      const star = await t.http().get(`/api/v1/people/${personId}`).set({ Authorization: `Bearer ${tokenOf}`, 'If-None-Match': '*' });
      expect(star.status).toBe(200);
      expect(star.body.displayName).toBe('Ada Lovelace');
    });

    it('sends no-store on lists, reports and errors of the API too', async () => {
      for (const path of ['/api/v1/people?q=Ada', '/api/v1/reports/repeat-victims', '/api/v1/cases']) {
        const res = await t.http().get(path).set({ Authorization: `Bearer ${tokenOf}` });
        expect(res.status).toBeLessThan(500);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers.etag).toBeUndefined();
      }
      const unauthenticated = await t.http().get(`/api/v1/people/${personId}`).expect(401);
      expect(unauthenticated.headers['cache-control']).toBe('no-store');
    });

    it('has CORS off: no Access-Control-Allow-Origin for any origin, and a preflight gets none either', async () => {
      const res = await t.http().get('/health/live').set('Origin', 'https://evil.example.com').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await t.http().options(`/api/v1/people/${personId}`).set({ Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'GET' });
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('still serves Swagger UI at /docs under the CSP: only same-origin scripts, all of which load', async () => {
      const page = await t.http().get('/docs').redirects(1).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const csp = page.headers['content-security-policy'];
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).toMatch(/style-src [^;]*'unsafe-inline'/); // Swagger UI's inline styles
      expect(csp).not.toMatch(/upgrade-insecure-requests/); // would send its scripts to https:// on a plain-HTTP host
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(body.trim()).toBe(''); // no inline script: CSP would block it
        const src = /src=["']([^"']+)["']/.exec(attrs)![1];
        expect(src).not.toMatch(/^(https?:)?\/\//);
        const js = await t.http().get(new URL(src, `${t.url}/docs`).pathname).expect(200);
        expect(js.headers['content-type']).toMatch(/javascript/);
      }
      const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toMatch(/docs-json|swaggerDoc/);
      await t.http().get('/docs-json').expect(200);
    });
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;
    const ALLOWED = 'https://cases.example.org';

    beforeAll(async () => {
      t = await createTestApp({ CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` });
    });
    afterAll(() => t.close());

    it('allows a listed origin, preflight included, with the headers a client needs', async () => {
      const res = await t.http().get('/api/v1/cases').set({ Origin: ALLOWED, Authorization: `Bearer ${t.adminToken}` });
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-expose-headers']).toMatch(/X-Request-Id/i);
      expect(res.headers.vary).toMatch(/Origin/i);
      const pre = await t.http().options('/api/v1/cases').set({ Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key' });
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(pre.headers['access-control-allow-methods']).toMatch(/POST/);
      expect(pre.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/i);
    });

    it('refuses an origin not on the list', async () => {
      const res = await t.http().get('/health/live').set('Origin', 'https://evil.example.com').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await t.http().options('/api/v1/cases').set({ Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'POST' });
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
