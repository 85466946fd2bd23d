import {
  canonicalJson,
  idempotencyKeyHash,
  idempotencyScope,
  isKeptAnswer,
  openAnswer,
  parseIdempotencyKey,
  requestFingerprint,
  sealAnswer,
} from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it.each([
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['a', 'a'],
    ['x'.repeat(255), 'x'.repeat(255)],
    ['storm push 2026/11/23 #42', 'storm push 2026/11/23 #42'],
    ['"clkyoesmbgybucifusbbtdsbohtyuuwz"', 'clkyoesmbgybucifusbbtdsbohtyuuwz'],
  ])('accepts %j', (header, key) => {
    expect(parseIdempotencyKey(header)).toBe(key);
  });

  it.each([
    ['empty', ''],
    ['spaces only', '   '],
    ['256 characters', 'x'.repeat(256)],
    ['a control character', 'abc\tdef'],
    ['non-ASCII', 'clé-1'],
    ['empty quotes', '""'],
  ])('refuses %s', (_label, header) => {
    expect(parseIdempotencyKey(header)).toBeNull();
  });

  it('refuses a repeated header', () => {
    expect(parseIdempotencyKey(['a', 'b'])).toBeNull();
  });
});

describe('idempotencyScope', () => {
  it('separates callers, kinds of caller and endpoints', () => {
    const id = '0b1c7f0e-5a52-4c55-9f0e-1b5a0d5f5a01';
    const scopes = new Set([
      idempotencyScope({ kind: 'user', id }, 'post', '/api/v1/cases'),
      idempotencyScope({ kind: 'client', id }, 'POST', '/api/v1/cases'),
      idempotencyScope({ kind: 'user', id }, 'POST', '/api/v1/people'),
      idempotencyScope({ kind: 'user', id: '5f1d2c3b-0000-4000-8000-000000000001' }, 'POST', '/api/v1/cases'),
    ]);
    expect(scopes.size).toBe(4);
    expect(idempotencyScope({ kind: 'user', id }, 'post', '/api/v1/cases')).toBe(`user:${id} POST /api/v1/cases`);
  });
});

describe('canonicalJson and requestFingerprint', () => {
  it('ignores the order of keys at every depth, not the order of arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('drops undefined fields as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('gives the same fingerprint to the same request and another to any change', () => {
    const same = requestFingerprint('', { title: 'Noise', location: { postcode: 'LE11 3QF' } });
    expect(requestFingerprint('', { location: { postcode: 'LE11 3QF' }, title: 'Noise' }).equals(same)).toBe(true);
    expect(requestFingerprint('', { title: 'Noise', location: { postcode: 'LE11 3QG' } }).equals(same)).toBe(false);
    expect(requestFingerprint('x=1', { title: 'Noise', location: { postcode: 'LE11 3QF' } }).equals(same)).toBe(false);
    expect(requestFingerprint('', '1').equals(requestFingerprint('', 1))).toBe(false);
    expect(requestFingerprint('', Buffer.from('{"a":1}')).equals(requestFingerprint('', { a: 1 }))).toBe(false);
    expect(requestFingerprint('', undefined).equals(requestFingerprint('', {}))).toBe(false);
    expect(same).toHaveLength(32);
  });
});

describe('isKeptAnswer', () => {
  it('keeps what the endpoint answered once it ran', () => {
    for (const status of [200, 201, 202, 204, 403, 404, 409, 422]) expect(isKeptAnswer(status)).toBe(true);
  });

  it('frees the key after a malformed request, a rate limit or a failure of ours', () => {
    for (const status of [400, 408, 429, 500, 502, 503]) expect(isKeptAnswer(status)).toBe(false);
  });
});

describe('sealAnswer', () => {
  const scope = 'client:3d0e4d0a-43ab-4c1e-9d0c-2f0e7f1b2a3c POST /api/v1/cases';
  const answer = Buffer.from('{"id":"a","title":"Intimidation, Ashby Road"}');

  it('reads back under the same key and scope, and stores nothing readable', () => {
    const sealed = sealAnswer('key-1', scope, answer);
    expect(openAnswer('key-1', scope, sealed).equals(answer)).toBe(true);
    expect(sealed.includes(Buffer.from('Ashby'))).toBe(false);
  });

  it('cannot be read with another key or scope, or once tampered with', () => {
    const sealed = sealAnswer('key-1', scope, answer);
    expect(() => openAnswer('key-2', scope, sealed)).toThrow();
    expect(() => openAnswer('key-1', `${scope}x`, sealed)).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => openAnswer('key-1', scope, tampered)).toThrow();
  });

  it('seals an empty answer', () => {
    expect(openAnswer('k', scope, sealAnswer('k', scope, Buffer.alloc(0)))).toHaveLength(0);
  });
});

describe('idempotencyKeyHash', () => {
  it('is a SHA-256, not the key', () => {
    const h = idempotencyKeyHash('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(h).toHaveLength(32);
    expect(h.toString('latin1')).not.toContain('8e03978e');
    expect(idempotencyKeyHash('a').equals(idempotencyKeyHash('b'))).toBe(false);
  });
});
