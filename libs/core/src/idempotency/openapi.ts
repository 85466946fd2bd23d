import type { OpenAPIObject } from '@nestjs/swagger';

const DESCRIPTION =
  'Optional, 1-255 printable ASCII characters (a UUID is usual). The same key with the same body within 24 hours ' +
  'answers the first answer again (same status and body, header Idempotent-Replayed: true) and changes nothing; ' +
  'with another body 422 IDEMPOTENCY_KEY_REUSED; while the first request still runs, 409 CONFLICT after a short wait. ' +
  'Keys are per caller and endpoint. 400 and 5xx answers are not kept: the key may be retried.';

/** Documents the Idempotency-Key header on every POST open to signed-in callers (public routes ignore it). */
export function documentIdempotencyKey(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    const op = item.post as (typeof item.post & { 'x-public'?: boolean }) | undefined;
    if (!op || op['x-public']) continue;
    op.parameters = [...(op.parameters ?? []), { name: 'Idempotency-Key', in: 'header', required: false, description: DESCRIPTION, schema: { type: 'string', minLength: 1, maxLength: 255 } }];
  }
  return doc;
}
