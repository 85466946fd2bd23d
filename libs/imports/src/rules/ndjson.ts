import { BODY_SHAPE_LIMITS, BodyShapeLimits, checkBodyShape } from '@asb/core/http/body-shape';
import type { ErrorDetail } from '@asb/core/errors/domain-error';

/**
 * The upload of POST /api/v1/imports (API.md "Jobs, integration, audit"):
 * NDJSON, one case bundle per line. Pure: no Nest, no database.
 */

export const NDJSON_TYPE = 'application/x-ndjson';

/** The largest upload taken: 50 MB (about 50,000 typical bundles); more is 413. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export interface NdjsonLine {
  /** The line number in the file, from 1. */
  line: number;
  /** The line's bytes, without its line ending. */
  content: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Whether a Content-Type header is NDJSON: `application/x-ndjson`, any case,
 * with parameters; a charset, when given, must be UTF-8 (JSON's encoding).
 */
export function isNdjsonType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== NDJSON_TYPE) return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/**
 * The lines of an upload that carry something, with their line numbers in the
 * file (from 1). A line ends at LF, or CRLF; the last line needs no line
 * ending; a UTF-8 byte-order mark at the start is dropped. Blank lines (only
 * spaces and tabs) are skipped but still counted, so every line number is the
 * one an editor shows.
 */
export function splitNdjson(body: Buffer): NdjsonLine[] {
  const lines: NdjsonLine[] = [];
  let start = body.subarray(0, 3).equals(BOM) ? 3 : 0;
  let number = 0;
  while (start <= body.length) {
    const lf = body.indexOf(LF, start);
    const end = lf < 0 ? body.length : lf;
    if (lf < 0 && start === body.length) break; // the file ended with a line ending
    number += 1;
    const content = body.subarray(start, end > start && body[end - 1] === CR ? end - 1 : end);
    if (!isBlank(content)) lines.push({ line: number, content });
    start = end + 1;
  }
  return lines;
}

function isBlank(b: Buffer): boolean {
  for (const byte of b) if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  return true;
}

export type ParsedLine = { ok: true; value: Record<string, unknown> } | { ok: false; message: string; details?: ErrorDetail[] };

/**
 * A line's shape: as deep as any body (32 levels); more keys and elements than
 * one JSON body, since a bundle may carry up to 1,000 incidents and 200 people
 * with their references, which the DTO's own list limits bound.
 */
export const LINE_SHAPE_LIMITS: BodyShapeLimits = { maxDepth: BODY_SHAPE_LIMITS.maxDepth, maxNodes: 500_000 };

const LINE_MESSAGES = {
  key: 'The line names a field that is not known',
  depth: 'The line is too deep or too large',
  size: 'The line is too deep or too large',
  text: 'The line holds text that cannot be stored',
} as const;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One line as a JSON object, or why it is not one. The message never quotes
 * the line (it may hold personal data): it says where the JSON breaks, or
 * which field is too deep or not known (BODY_SHAPE_LIMITS, as for every body).
 */
export function parseBundleLine(content: Buffer): ParsedLine {
  let text: string;
  try {
    text = UTF8.decode(content);
  } catch {
    return { ok: false, message: 'The line is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    return { ok: false, message: at ? `The line is not valid JSON (at character ${Number(at[1]) + 1})` : 'The line is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'A line must be one JSON object: a case bundle { "case": ..., "people": [...], "incidents": [...], "riskAssessments": [...] }' };
  }
  // The limits every JSON body of the API has (depth, size, prototype keys), so a line is refused as its body would be.
  const problem = checkBodyShape(value, LINE_SHAPE_LIMITS);
  if (problem) return { ok: false, message: LINE_MESSAGES[problem.kind], details: [problem.detail] };
  return { ok: true, value: value as Record<string, unknown> };
}
