import { parseArgs } from 'node:util';

/** `seed-demo --incidents N [--seed S] [--password P] [--now YYYY-MM-DD] [--batch B]`, checked before anything is touched. */
export interface SeedDemoArgs {
  incidents: number;
  seed: number;
  password: string | null;
  /** The end of the demo's history; null for the start of today (UTC), or what a rerun recorded. */
  now: Date | null;
  batchIncidents: number | null;
}

export const MAX_INCIDENTS = 10_000_000;
export const USAGE = 'usage: seed-demo --incidents N [--seed S] [--password P] [--now YYYY-MM-DD] [--batch B]';

export class ArgsError extends Error {}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const s = raw.trim().replace(/_/g, '');
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    throw new ArgsError(`--${name} must be a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')} (got "${raw}")`);
  }
  return Number(s);
}

export function parseSeedDemoArgs(argv: string[], today: Date): SeedDemoArgs {
  // `--incidents -5` is a bad number, not a missing one: keep it as the option's value.
  const joined: string[] = [];
  for (const a of argv) {
    const prev = joined[joined.length - 1];
    if (/^-\d/.test(a) && prev !== undefined && /^--[a-z]+$/.test(prev)) joined[joined.length - 1] = `${prev}=${a}`;
    else joined.push(a);
  }
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: joined,
      options: { incidents: { type: 'string' }, seed: { type: 'string' }, password: { type: 'string' }, now: { type: 'string' }, batch: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new ArgsError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.incidents === undefined) throw new ArgsError(`--incidents is required\n${USAGE}`);
  const incidents = wholeNumber('incidents', values.incidents, 1, MAX_INCIDENTS);
  const seed = values.seed === undefined ? 1 : wholeNumber('seed', values.seed, 0, 4_294_967_295);
  const password = values.password ?? null;
  if (password !== null && password.length < 12) throw new ArgsError('--password must be at least 12 characters');
  let now: Date | null = null;
  if (values.now !== undefined) {
    now = new Date(`${values.now}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.now) || Number.isNaN(now.getTime()) || now.toISOString().slice(0, 10) !== values.now) {
      throw new ArgsError(`--now must be a date, YYYY-MM-DD (got "${values.now}")`);
    }
    if (now.getTime() > today.getTime() || now.getUTCFullYear() < 2000) throw new ArgsError(`--now must be a date from 2000 up to today (got "${values.now}")`);
  }
  const batchIncidents = values.batch === undefined ? null : wholeNumber('batch', values.batch, 100, 100_000);
  return { incidents, seed, password, now, batchIncidents };
}
