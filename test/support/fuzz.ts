/**
 * Generated bad input for every operation of the OpenAPI description: pure,
 * seeded (the same seed gives the same requests), and bounded per operation.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzRequest {
  method: string;
  /** The path as sent, with its query string. */
  url: string;
  /** The template path of the operation, for the report. */
  operation: string;
  /** What was bad about it, for the report. */
  label: string;
  contentType?: string;
  /** Sent as is (a string) when given. */
  body?: string;
}

/** mulberry32: a small, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deep(levels: number, key = 'a'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { [key]: v };
  return v;
}

/** Values that are wrong for almost any field: wrong types, nulls, extremes, odd text and dates, wrong shapes. */
export const BAD_VALUES: [string, unknown][] = [
  ['null', null],
  ['true', true],
  ['zero', 0],
  ['negative', -1],
  ['huge', 1e308],
  ['unsafe integer', Number.MAX_SAFE_INTEGER + 2],
  ['fraction', 0.5],
  ['negative huge', -1e308],
  ['empty string', ''],
  ['NaN text', 'NaN'],
  ['Infinity text', 'Infinity'],
  ['number text', '1e309'],
  ['long string', 'x'.repeat(20_000)],
  ['NUL', 'a\u0000b'],
  ['lone surrogate', '\ud800'],
  ['year 0000', '0000-01-01'],
  ['year 9999', '9999-12-31'],
  ['timestamp 0000', '0000-01-01T00:00:00Z'],
  ['timestamp 9999', '9999-12-31T23:59:59Z'],
  ['timestamp +275760', '+275760-09-13T00:00:00.000Z'],
  ['30 February', '2026-02-30'],
  ['not a uuid', 'not-a-uuid'],
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['empty array', []],
  ['array of array', [[]]],
  ['array of null', [null]],
  ['array of object', [{}]],
  ['empty object', {}],
  ['object', { a: 1 }],
  ['deep object', deep(100)],
  ['proto object', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['long array', Array.from({ length: 2000 }, (_v, i) => i)],
];

/** Query and path text that is wrong for almost any parameter. */
export const BAD_TEXT: [string, string][] = [
  ['empty', ''],
  ['null', 'null'],
  ['negative', '-1'],
  ['huge', '99999999999999999999999'],
  ['exponent', '1e309'],
  ['NaN', 'NaN'],
  ['fraction', '0.5'],
  ['long', 'x'.repeat(5000)],
  ['NUL', 'a\u0000b'],
  ['percent', '%'],
  ['year 0000', '0000-01-01'],
  ['year 9999', '9999-12-31'],
  ['timestamp 9999', '9999-12-31T23:59:59Z'],
  ['timestamp 0000', '0000-01-01T00:00:00+14:00'],
  ['30 February', '2026-02-30'],
  ['array-ish', '[]'],
  ['object-ish', '{"a":1}'],
  ['not a uuid', 'not-a-uuid'],
  ['sql', "' OR 1=1 --"],
  ['cursor-ish', 'eyJhIjoxfQ'],
  ...(
    [
      ['cursor year 9999', ['9999-12-31T23:59:59.999Z', '00000000-0000-4000-8000-000000000000']],
      ['cursor year 0000', ['0000-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000000']],
      ['cursor huge numbers', [1e308, 'x', '00000000-0000-4000-8000-000000000000']],
      ['cursor NUL', [1, 'a\u0000', '00000000-0000-4000-8000-000000000000']],
      ['cursor one huge number', [1e300]],
      ['cursor negative', [-1]],
      ['cursor texts', ['x'.repeat(600), 'y']],
    ] as [string, unknown[]][]
  ).map(([label, key]): [string, string] => [label, Buffer.from(JSON.stringify(key)).toString('base64url')]),
  ['unicode', '\u202e\ufeff😀'],
];

export class FuzzGenerator {
  private readonly rand: () => number;

  constructor(
    private readonly api: OpenApi,
    seed: number,
    /** A real id for a path parameter (by operation path and parameter name), or undefined for a random UUID. */
    private readonly realId: (path: string, param: string) => string | undefined,
    /** Plausible values by field name (real ids and codes of the fixture), and `at` for every field named ...At. */
    private readonly hints: Record<string, unknown> = {},
  ) {
    this.rand = prng(seed);
  }

  /** A version 4 UUID from the seeded generator. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.rand() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(this.rand() * 4)];
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private pick<T>(list: T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }

  private sample<T>(list: T[], n: number): T[] {
    const copy = [...list];
    const out: T[] = [];
    while (copy.length && out.length < n) out.push(copy.splice(Math.floor(this.rand() * copy.length), 1)[0]);
    return out;
  }

  private resolve(s: Schema | undefined, seen = 0): Schema {
    if (!s) return {};
    if (s.$ref && seen < 10) return this.resolve(this.api.components?.schemas?.[s.$ref.split('/').pop()!], seen + 1);
    if (s.allOf?.length) return this.resolve(s.allOf[0], seen + 1);
    if (s.oneOf?.length) return this.resolve(s.oneOf[0], seen + 1);
    if (s.anyOf?.length) return this.resolve(s.anyOf[0], seen + 1);
    return s;
  }

  /** A plausible valid value for a schema, so that one bad field at a time reaches as far into the service as it can. */
  valid(schema: Schema | undefined, depth = 0, name = ''): unknown {
    const s = this.resolve(schema);
    if (name in this.hints && name !== 'at') return this.hints[name];
    if (/At$/.test(name) && this.hints.at !== undefined && s.type === 'string') return this.hints.at;
    if (s.example !== undefined) return s.example;
    if (s.enum?.length) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    if (type === 'array') return depth > 4 ? [] : [this.valid(s.items, depth + 1, name.replace(/s$/, ''))];
    if (type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = this.valid(v, depth + 1, k);
      return out;
    }
    if (type === 'integer' || type === 'number') return s.minimum ?? 1;
    if (type === 'boolean') return true;
    switch (s.format) {
      case 'uuid':
        return this.uuid();
      case 'date-time':
        return '2026-01-05T09:00:00Z';
      case 'date':
        return '2026-01-05';
      case 'email':
        return `fuzz.${Math.floor(this.rand() * 1e9)}@example.org`;
      default:
        return 'x'.repeat(Math.max(1, Math.min(s.minLength ?? 12, 64)));
    }
  }

  private pathFor(path: string, params: Parameter[], override?: { name: string; value: string }): string {
    return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      if (override?.name === name) return encodeURIComponent(override.value);
      const real = this.realId(path, name);
      return encodeURIComponent(real ?? (params.find((p) => p.name === name)?.schema?.format === 'uuid' || /id$/i.test(name) ? this.uuid() : 'NL'));
    });
  }

  /** Every generated request for one operation, at most `max`. */
  requestsFor(path: string, method: string, op: Operation, max: number): FuzzRequest[] {
    const M = method.toUpperCase();
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const query = params.filter((p) => p.in === 'query');
    const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
    const all: FuzzRequest[] = [];
    const base = this.pathFor(path, params);
    const req = (label: string, url: string, body?: unknown, raw?: { type: string; text: string }): FuzzRequest => ({
      method: M,
      url,
      operation: `${M} ${path}`,
      label,
      contentType: raw?.type ?? (body === undefined ? undefined : 'application/json'),
      body: raw?.text ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const validBody = jsonSchema ? this.valid(jsonSchema) : undefined;

    // Path parameters: random UUIDs (the base), real ids, and bad text.
    all.push(req('path: random or real ids', base, validBody));
    for (const p of pathParams) {
      for (const [label, text] of this.sample(BAD_TEXT, 4)) all.push(req(`path ${p.name}: ${label}`, this.pathFor(path, params, { name: p.name, value: text }), validBody));
      all.push(req(`path ${p.name}: random uuid`, this.pathFor(path, params, { name: p.name, value: this.uuid() }), validBody));
    }

    // Query parameters: each one bad, repeated (an array), and unknown or prototype keys.
    for (const q of query) {
      const pool = /^(cursor|after)$/.test(q.name) ? [...BAD_TEXT.filter(([l]) => l.startsWith('cursor')), ...this.sample(BAD_TEXT, 3)] : this.sample(BAD_TEXT, 5);
      for (const [label, text] of pool) all.push(req(`query ${q.name}: ${label}`, `${base}?${q.name}=${encodeURIComponent(text)}`, validBody));
      all.push(req(`query ${q.name}: repeated`, `${base}?${q.name}=1&${q.name}=2`, validBody));
      all.push(req(`query ${q.name}: bracketed`, `${base}?${q.name}[a]=1`, validBody));
    }
    if (query.length) {
      // All of them plausible at once, then with extreme dates for every date-like one.
      const plausible = query
        .filter((q) => q.name !== 'cursor' && q.name !== 'after')
        .map((q) => `${q.name}=${encodeURIComponent(String(this.valid(q.schema, 0, q.name)))}`)
        .join('&');
      all.push(req('query: all plausible', `${base}?${plausible}`, validBody));
      const dates = query.filter((q) => /^(from|to|after|before|since|until|weekOf|asOf|at)$/i.test(q.name) || /date/i.test(q.name));
      for (const extreme of ['9999-12-31', '0000-01-01', '2100-12-31T23:59:59.999Z', '1900-01-01'])
        if (dates.length) all.push(req(`query dates: ${extreme}`, `${base}?${dates.map((q) => `${q.name}=${encodeURIComponent(extreme)}`).join('&')}`, validBody));
    }
    all.push(req('query: unknown and prototype keys', `${base}?__proto__[x]=1&constructor=1&fuzzUnknown=1`, validBody));

    // Bodies: each field bad in turn (the rest plausible), whole bodies of the wrong shape, unknown and prototype keys.
    if (['POST', 'PUT', 'PATCH'].includes(M)) {
      if (validBody && typeof validBody === 'object' && !Array.isArray(validBody)) {
        const fields = Object.keys(validBody);
        for (const f of fields) {
          for (const [label, value] of this.sample(BAD_VALUES, 6)) all.push(req(`body ${f}: ${label}`, base, { ...(validBody as object), [f]: value }));
          // One level in: each field of a nested object bad.
          const inner = (validBody as Record<string, unknown>)[f];
          const innerObj = Array.isArray(inner) ? inner[0] : inner;
          if (innerObj && typeof innerObj === 'object' && !Array.isArray(innerObj)) {
            for (const g of Object.keys(innerObj)) {
              const [label, value] = this.pick(BAD_VALUES);
              const bad = { ...(innerObj as object), [g]: value };
              all.push(req(`body ${f}.${g}: ${label}`, base, { ...(validBody as object), [f]: Array.isArray(inner) ? [bad] : bad }));
            }
          }
        }
        all.push(req('body: every field null', base, Object.fromEntries(fields.map((f) => [f, null]))));
        all.push(req('body: unknown key', base, { ...(validBody as object), fuzzUnknown: 1 }));
      }
      all.push(req('body: plausible', base, validBody ?? {}));
      all.push(req('body: __proto__', base, undefined, { type: 'application/json', text: `{"__proto__":{"isAdmin":true},${JSON.stringify(validBody ?? {}).slice(1)}` }));
      all.push(req('body: constructor.prototype', base, { ...((validBody as object) ?? {}), constructor: { prototype: { polluted: true } } }));
      all.push(req('body: 10,000 deep', base, undefined, { type: 'application/json', text: `{"zz":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}` }));
      all.push(req('body: wide', base, Object.fromEntries(Array.from({ length: 20_000 }, (_v, i) => [`k${i}`, i]))));
      for (const [label, text] of [
        ['array', '[]'],
        ['null', 'null'],
        ['string', '"text"'],
        ['number', '42'],
        ['bad JSON', '{"a":'],
        ['empty', ''],
      ] as const)
        all.push(req(`body: ${label}`, base, undefined, { type: 'application/json', text }));
      all.push(req('body: urlencoded __proto__', base, undefined, { type: 'application/x-www-form-urlencoded', text: '__proto__=1&a=2' }));
      all.push(req('body: text/plain', base, undefined, { type: 'text/plain', text: 'hello' }));
      all.push(req('body: ndjson', base, undefined, { type: 'application/x-ndjson', text: `{"case":${'['.repeat(5000)}${']'.repeat(5000)}}\n[]\nnull\n{"__proto__":1}\n` }));
    }
    return this.sample(all, max);
  }
}
