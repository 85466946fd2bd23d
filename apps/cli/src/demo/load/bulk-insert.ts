import type { ClientBase } from 'pg';
import type { ColumnSpec, TableSpec } from './tables';

/** Rows per INSERT statement: large enough for PostgreSQL's bulk path, small enough to keep each parameter a few MB. */
export const ROWS_PER_STATEMENT = 10_000;

function quote(s: string): string {
  return s.includes('"') || s.includes('\\') ? `"${s.replace(/[\\"]/g, '\\$&')}"` : `"${s}"`;
}

/** Answers objects repeat a lot: their JSON, quoted for an array literal, is worked out once each. */
const quotedJson = new Map<string, string>();
function jsonElement(value: unknown): string {
  const json = JSON.stringify(value);
  let quoted = quotedJson.get(json);
  if (quoted === undefined) {
    quoted = quote(json);
    if (quotedJson.size < 100_000) quotedJson.set(json, quoted);
  }
  return quoted;
}

/** One value as an element of a PostgreSQL array literal. */
function element(value: unknown, type: ColumnSpec['type']): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  switch (type) {
    case 'bool':
      return value ? 't' : 'f';
    case 'int':
    case 'float8':
    case 'numeric':
      return String(value);
    case 'text[]':
      return quote(`{${(value as string[]).map(quote).join(',')}}`);
    case 'jsonb':
      return jsonElement(value);
    default:
      return quote(String(value));
  }
}

/** A column of rows as one array literal, for `unnest($n::type[])`. */
export function arrayLiteral(rows: readonly object[], column: ColumnSpec): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = element((rows[i] as Record<string, unknown>)[column.name], column.type);
  return `{${parts.join(',')}}`;
}

const sqlCache = new WeakMap<TableSpec, string>();

/** INSERT ... SELECT ... FROM unnest($1::uuid[], $2::text[], ...): one statement for many rows. */
export function insertSql(spec: TableSpec): string {
  const cached = sqlCache.get(spec);
  if (cached) return cached;
  const params = spec.columns.filter((col) => !col.sql);
  const arrayType = (col: ColumnSpec) => (col.type === 'text[]' || col.type === 'jsonb' ? 'text' : col.type);
  const unnest = params.map((col, i) => `$${i + 1}::${arrayType(col)}[]`).join(', ');
  const select = spec.columns.map((col) => col.sql ?? (col.type === 'text[]' || col.type === 'jsonb' ? `${col.name}::${col.type}` : col.name)).join(', ');
  const sql = `INSERT INTO ${spec.table} (${spec.columns.map((col) => col.name).join(', ')})
          SELECT ${select} FROM unnest(${unnest}) AS t(${params.map((col) => col.name).join(', ')})`;
  sqlCache.set(spec, sql);
  return sql;
}

/** One statement's worth of rows of one table, its parameters already written out. */
export interface PreparedChunk {
  spec: TableSpec;
  rows: number;
  params: string[];
}

/**
 * The parameters of every statement for these rows, worked out ahead of the
 * transaction (the next batch is prepared while the last one loads), column
 * by column, letting the event loop breathe between columns.
 */
export async function prepareRows(spec: TableSpec, rows: readonly object[], breathe: () => Promise<unknown>): Promise<PreparedChunk[]> {
  const chunks: PreparedChunk[] = [];
  const columns = spec.columns.filter((col) => !col.sql);
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT);
    const params: string[] = [];
    for (const col of columns) {
      params.push(arrayLiteral(chunk, col));
      await breathe();
    }
    chunks.push({ spec, rows: chunk.length, params });
  }
  return chunks;
}

/** Runs prepared statements inside the caller's transaction. */
export async function insertPrepared(client: ClientBase, chunks: readonly PreparedChunk[]): Promise<void> {
  for (const chunk of chunks) await client.query(insertSql(chunk.spec), chunk.params);
}
