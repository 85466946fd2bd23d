import { ErrorDetail } from '../errors/domain-error';

/**
 * The shape every parsed body (JSON, urlencoded, each NDJSON line of an
 * import) must have before it is validated: not nested deeper than
 * `maxDepth`, not more than `maxNodes` keys and array elements in all, and no
 * key that reaches an object's prototype (`__proto__`, `constructor`,
 * `prototype`), and no text that cannot be stored (isStorableText). Checked iteratively, so a body nested 100,000 levels deep
 * costs a loop, not the stack. Pure: no Nest, no HTTP.
 */
export interface BodyShapeLimits {
  /** Objects and arrays inside one another: `{}` is depth 1, `{"a":{}}` depth 2. */
  maxDepth: number;
  /** Keys of objects and elements of arrays, counted over the whole body. */
  maxNodes: number;
}

/** Far more than any DTO of API.md needs (the deepest, an import bundle, is 6: people.0.person.externalRefs.0), far less than can hurt. */
export const BODY_SHAPE_LIMITS: BodyShapeLimits = { maxDepth: 32, maxNodes: 10_000 };

/** Keys refused anywhere in a body or query: they name an object's prototype, never a field of API.md. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type BodyShapeProblem = { kind: 'depth' | 'size' | 'key' | 'text'; detail: ErrorDetail };

/**
 * Text no field can hold: a NUL character (PostgreSQL cannot store it) or a
 * lone UTF-16 surrogate (`"\ud800"`, not Unicode: it breaks validators that
 * encode it, and would be stored as U+FFFD).
 */
export function isStorableText(v: string): boolean {
  return !v.includes('\u0000') && !LONE_SURROGATE.test(v);
}

/** A surrogate code unit standing alone: with the u flag a well-formed pair is one code point, never matched. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The path of a value as the validation details name fields: `people.0.person.address`. */
function pathOf(parent: string, key: string | number): string {
  return parent ? `${parent}.${key}` : String(key);
}

/** The first thing wrong with the shape of `value`, or null when it is within the limits. */
export function checkBodyShape(value: unknown, limits: BodyShapeLimits = BODY_SHAPE_LIMITS): BodyShapeProblem | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: { value: object; depth: number; path: string }[] = [{ value, depth: 1, path: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (depth > limits.maxDepth) {
      return { kind: 'depth', detail: { field: path || 'body', message: `The body is nested more than ${limits.maxDepth} levels deep` } };
    }
    const keys: (string | number)[] | null = Array.isArray(current) ? null : Object.keys(current);
    nodes += keys ? keys.length : (current as unknown[]).length;
    if (nodes > limits.maxNodes) {
      return { kind: 'size', detail: { field: path || 'body', message: `The body has more than ${limits.maxNodes} fields and elements in all` } };
    }
    const count = keys ? keys.length : (current as unknown[]).length;
    for (let i = 0; i < count; i++) {
      const key = keys ? keys[i] : i;
      const childPath = pathOf(path, key);
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
        return { kind: 'key', detail: { field: childPath, message: `${childPath} is not a known field` } };
      }
      if (typeof key === 'string' && !isStorableText(key)) {
        return { kind: 'key', detail: { field: path || 'body', message: 'A field name contains a NUL character or is not well-formed Unicode' } };
      }
      const child = (current as Record<string | number, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, path: childPath });
      else if (typeof child === 'string' && !isStorableText(child)) {
        return { kind: 'text', detail: { field: childPath, message: `${childPath} contains a NUL character (\\u0000) or is not well-formed Unicode (a lone surrogate)` } };
      }
    }
  }
  return null;
}
