import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The rules of the `Idempotency-Key` header (API.md "Conventions"), as pure
 * functions: which keys are valid, what makes two requests "the same", which
 * answers are kept for replay, and how a kept answer is sealed at rest.
 */

/** How long a key holds its first answer: 24 hours (API.md). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * A pending key others can see was claimed by the version of this service
 * before exactly-once through crashes, which committed a claim on its own; it
 * is taken over after this long, as that version did. This version never
 * lets a pending key be seen: the claim commits with the answer, and a request
 * that dies uncommitted frees its key at once.
 */
export const IDEMPOTENCY_LEGACY_PENDING_SECONDS = 120;

/** How long a retry waits for a first request with the same key still running (its uncommitted claim), before answering 409. */
export const IDEMPOTENCY_WAIT_MS = 5000;

export const IDEMPOTENCY_KEY_MESSAGE = 'Idempotency-Key must be 1-255 printable ASCII characters';

const PRINTABLE = /^[\x20-\x7e]{1,255}$/;

/**
 * The key a header carries, or null when it is not a valid one: 1-255
 * printable ASCII characters (a UUID is the usual choice). A value in double
 * quotes (the structured-field string form of the IETF draft) is unquoted.
 */
export function parseIdempotencyKey(header: string | string[]): string | null {
  if (Array.isArray(header)) return null;
  let key = header;
  const quoted = /^"([^"\\]*)"$/.exec(key);
  if (quoted) key = quoted[1];
  return PRINTABLE.test(key) && key.trim() !== '' ? key : null;
}

/** Whom and which endpoint a key belongs to: keys of different callers or endpoints never meet. */
export function idempotencyScope(caller: { kind: string; id: string }, method: string, path: string): string {
  return `${caller.kind}:${caller.id} ${method.toUpperCase()} ${path}`;
}

/** JSON with the keys of every object sorted, so `{a,b}` and `{b,a}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * The fingerprint of a request: SHA-256 of its query string and its body,
 * canonical JSON for a parsed body (JSON or form), the bytes themselves for a
 * raw one. Only this hash is kept, never the request.
 */
export function requestFingerprint(query: string, body: unknown): Buffer {
  const h = createHash('sha256').update(query).update('\u0000');
  if (Buffer.isBuffer(body)) h.update('raw\u0000').update(body);
  else if (typeof body === 'string') h.update('text\u0000').update(body);
  else if (body === undefined) h.update('none');
  else h.update('json\u0000').update(canonicalJson(body));
  return h.digest();
}

/** What is stored in place of the key itself. */
export function idempotencyKeyHash(key: string): Buffer {
  return createHash('sha256').update('asb idempotency key\u0000').update(key).digest();
}

/**
 * Which first answers are kept and replayed to a retry. Kept: every answer
 * the endpoint gave once it ran (2xx, and 4xx such as 404, 409 or a 422 rule
 * refusal), so a retry learns what happened the first time. Not kept, so the
 * same key may be tried again: 400 (a malformed request, refused before
 * anything was written; correct it and send it again), 408 and 429 (try
 * later), and every 5xx (a failure of ours, not an answer).
 */
export function isKeptAnswer(status: number): boolean {
  return status >= 200 && status < 500 && status !== 400 && status !== 408 && status !== 429;
}

function sealKey(key: string, scope: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, scope, 'asb idempotent response v1', 32));
}

/**
 * A kept answer is stored encrypted (AES-256-GCM) under a key derived from the
 * Idempotency-Key, which itself is stored only as a hash: the personal data in
 * the answer can be read back only by a caller presenting the key.
 */
export function sealAnswer(key: string, scope: string, plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(key, scope), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openAnswer(key: string, scope: string, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', sealKey(key, scope), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}
