import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { isStorableText } from '../http/body-shape';
import { isTimestamp } from '../validation/fields';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export class PageQueryDto {
  /** How many items, 1 to 200 (default 50). */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LIMIT)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key;
  } catch {
    /* fall through */
  }
  throw DomainError.validation([{ field: 'cursor', message: 'cursor is not one this service gave' }]);
}

const KEY_PARTS = {
  timestamp: (v: unknown) => typeof v === 'string' && isTimestamp(v),
  uuid: (v: unknown) => typeof v === 'string' && UUID_PATTERN.test(v),
  text: (v: unknown) => typeof v === 'string' && v.length <= 512 && isStorableText(v),
  number: (v: unknown) => typeof v === 'number' && Number.isFinite(v),
} as const;
type KeyPart = keyof typeof KEY_PARTS;
type KeyValue<K extends KeyPart> = K extends 'number' ? number : string;

/**
 * Decodes a keyset cursor whose parts must be of the given kinds, so a forged
 * or stale cursor is a 400 naming `cursor` and never reaches the database.
 */
export function decodeKeyset<const K extends readonly KeyPart[]>(cursor: string | undefined, kinds: K): { -readonly [I in keyof K]: KeyValue<K[I]> } | undefined {
  const key = decodeCursor(cursor, kinds.length);
  if (key === undefined) return undefined;
  if (!kinds.every((kind, i) => KEY_PARTS[kind](key[i]))) {
    throw DomainError.validation([{ field: 'cursor', message: 'cursor is not one this service gave' }]);
  }
  return key as { -readonly [I in keyof K]: KeyValue<K[I]> };
}

/** Given limit + 1 rows, returns the page and the cursor of its last row when more follow. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => (string | number)[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return { items: pageRows.map(map), nextCursor: more ? encodeCursor(key(pageRows[pageRows.length - 1])) : null };
}
