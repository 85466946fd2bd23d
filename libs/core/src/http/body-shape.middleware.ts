import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';
import type { IncomingMessage } from 'node:http';
import { BODY_SHAPE_LIMITS, BodyShapeLimits, checkBodyShape, FORBIDDEN_KEYS } from './body-shape';

type Marked = IncomingMessage & { prototypeKey?: string };

/**
 * The urlencoded parser's `verify`: its parser (qs) silently drops a
 * `__proto__` key, so the raw body is read for one before it does, and the
 * guard below refuses it like any other prototype key.
 */
export function markPrototypeKeys(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  for (const key of new URLSearchParams(buf.toString('latin1')).keys()) {
    if (FORBIDDEN_KEYS.has(key)) {
      (req as Marked).prototypeKey = key;
      return;
    }
  }
}

/**
 * Express middleware placed right after the body parsers: a parsed body (JSON
 * or urlencoded) or a query string too deep, too large or naming a prototype
 * key is refused with 400 VALIDATION_FAILED naming where, before any DTO,
 * class-transformer or idempotency fingerprint sees it. Raw bodies (the NDJSON
 * of imports) are left to their own reader, which checks each line the same way.
 */
const MESSAGES = {
  key: 'The request names a field that is not known',
  depth: 'The request body is too deep or too large',
  size: 'The request body is too deep or too large',
  text: 'The request holds text that cannot be stored',
} as const;

export function bodyShapeGuard(limits: BodyShapeLimits = BODY_SHAPE_LIMITS) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    const marked = (req as Marked).prototypeKey;
    const problem =
      (marked ? { kind: 'key' as const, detail: { field: marked, message: `${marked} is not a known field` } } : null) ?? (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) ? checkBodyShape(body, limits) : null) ?? checkBodyShape(req.query, limits);
    if (!problem) return next();
    const message = MESSAGES[problem.kind];
    next(DomainError.validation([problem.detail], message));
  };
}
