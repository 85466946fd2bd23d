import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { passwordProblems } from '../auth/password-policy';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The environment the service reads (API.md "Environment"). This is the one
 * place that reads process.env: everything else takes an AppConfig.
 */
class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(({ value }) => Number(value)) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, { message: 'DATABASE_URL must be a postgres:// URL naming a database' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/asb';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, _ . or -' })
  QUEUE_PREFIX = 'asb';

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(({ value }) => Number(value)) @IsInt() @Min(60) @Max(86400)
  JWT_EXPIRES_IN_SECONDS = 3600;

  @IsEmail({}, { message: 'BOOTSTRAP_ADMIN_EMAIL must be an e-mail address' })
  BOOTSTRAP_ADMIN_EMAIL = 'admin@example.org';

  /** Checked against the password policy (libs/core/src/auth/password-policy.ts) in loadConfig. */
  @IsOptional() @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsString() @MinLength(1)
  BOOTSTRAP_ORGANISATION = 'Partnership Administration';

  @IsIn(['llr', 'none'], { message: 'SEED_REFERENCE_DATA must be llr or none' })
  SEED_REFERENCE_DATA = 'llr';

  @IsOptional() @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true }, { message: 'SMTP_URL must be smtp://user:pass@host:port' })
  SMTP_URL?: string;

  @IsString() @MinLength(1)
  OUTBOX_DIR = './var/outbox';

  @IsString() @MinLength(3)
  MAIL_FROM = 'asb-cases@localhost';

  @Transform(({ value }) => Number(value)) @IsInt() @Min(10) @Max(3_600_000)
  MAIL_RETRY_DELAY_MS = 30_000;

  @Matches(/^(\S+\s+){4}\S+$/, { message: 'MISSING_RA_CRON must be a five-field cron expression' })
  MISSING_RA_CRON = '0 7 * * 1';

  @Matches(/^(\S+\s+){4}\S+$/, { message: 'REVIEW_REMINDER_CRON must be a five-field cron expression' })
  REVIEW_REMINDER_CRON = '0 7 * * *';

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(60)
  REVIEW_REMINDER_DAYS_AHEAD = 7;

  @IsString() @MinLength(1)
  SCHEDULE_TZ = 'Europe/London';

  /** How often the worker checks that its job schedulers exist in Redis (and declares again the missing ones). */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(3600)
  SCHEDULE_CHECK_SECONDS = 60;

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(365)
  SUPERVISORY_REVIEW_DAYS = 28;

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(100)
  CASE_REVIEW_THRESHOLD = 3;

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1)
  FPN_MAX_AMOUNT = 100;

  @Transform(({ value }) => Number(value)) @IsInt() @Min(1)
  PROSECUTION_MAX_FINE = 2500;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Sign-in (and token) attempts a minute per account e-mail (or client id); 0 turns the limit off. */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(0) @Max(1_000_000)
  SIGN_IN_LIMIT_PER_ACCOUNT = 5;

  /** Sign-in (and token) attempts a minute per source address; 0 turns the limit off. */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(0) @Max(1_000_000)
  SIGN_IN_LIMIT_PER_ADDRESS = 50;

  /** Requests a minute per signed-in user or API client; 0 turns the limit off. */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(0) @Max(100_000_000)
  API_LIMIT_PER_CALLER = 1200;
  /** Tests only (NODE_ENV=test): the API kills itself (SIGKILL) right before the COMMIT of a request with an Idempotency-Key. */
  @IsOptional() @IsIn(['0', '1'], { message: 'TEST_CRASH_BEFORE_COMMIT must be 0 or 1' })
  TEST_CRASH_BEFORE_COMMIT?: string;

  /** Tests only (NODE_ENV=test): the API kills itself (SIGKILL) right after that COMMIT, before any byte of the answer is sent. */
  @IsOptional() @IsIn(['0', '1'], { message: 'TEST_CRASH_AFTER_COMMIT must be 0 or 1' })
  TEST_CRASH_AFTER_COMMIT?: string;
  /** `auto`: human-readable (pino-pretty) when stdout is a terminal, JSON lines otherwise. */
  @IsIn(['auto', 'json', 'pretty'], { message: 'LOG_FORMAT must be auto, json or pretty' })
  LOG_FORMAT = 'auto';

  /** Browser origins allowed to call the API (CORS), comma-separated; none (the default) turns CORS off. */
  @Matches(/^\s*(https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\s*(,\s*https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\s*)*)?$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://cases.example.org (scheme, host, optional port)',
  })
  CORS_ORIGINS = '';
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  jwt: { secret: string; expiresInSeconds: number; generated: boolean };
  bootstrap: { adminEmail: string; adminPassword?: string; organisation: string };
  seedReferenceData: 'llr' | 'none';
  mail: { smtpUrl?: string; outboxDir: string; from: string; retryDelayMs: number };
  schedules: { missingRiskAssessmentsCron: string; reviewRemindersCron: string; timeZone: string; checkIntervalSeconds: number };
  policy: {
    supervisoryReviewDays: number;
    caseReviewThreshold: number;
    fpnMaxAmount: number;
    prosecutionMaxFine: number;
    defaultVictimUpdateFrequencyDays: number;
    persistentIncidentDays: number;
    /** The daily review reminder lists an officer's cases due within this many days (overdue ones always). */
    reviewReminderDaysAhead: number;
  };
  logLevel: string;
  /** Requests a minute (0: no limit), counted in Redis across every API process (libs/core/src/auth/rate-limits.ts). */
  rateLimits: { signInPerAccount: number; signInPerAddress: number; apiPerCaller: number };
  /** Crash hooks for the exactly-once tests; both false unless NODE_ENV=test. */
  testHooks: { crashBeforeCommit: boolean; crashAfterCommit: boolean };
  logFormat: 'auto' | 'json' | 'pretty';
  /** Origins allowed by CORS; empty: CORS off (no Access-Control-* headers). */
  corsOrigins: string[];
}

export class ConfigError extends Error {}

/**
 * The process environment with a `.env` file under it: `ENV_FILE` names one
 * (read whatever NODE_ENV says; it must exist), else `./.env` is read when it
 * exists and NODE_ENV is unset or `development`. Variables already set win.
 */
export function environmentWithEnvFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): NodeJS.ProcessEnv {
  const named = env.ENV_FILE;
  const path = named ? resolve(cwd, named) : resolve(cwd, '.env');
  const development = env.NODE_ENV === undefined || env.NODE_ENV === '' || env.NODE_ENV === 'development';
  if (!named && !(development && existsSync(path))) return env;
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (e) {
    throw new ConfigError(`Invalid configuration:\n  ENV_FILE: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const merged: NodeJS.ProcessEnv = { ...parsed };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}

/** Reads and validates the environment once (with `.env` in development, see environmentWithEnvFile). Throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = environmentWithEnvFile()): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (vars.NODE_ENV === 'production' && !vars.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (vars.BOOTSTRAP_ADMIN_PASSWORD !== undefined) {
    for (const p of passwordProblems(vars.BOOTSTRAP_ADMIN_PASSWORD, vars.BOOTSTRAP_ADMIN_EMAIL)) problems.push(`BOOTSTRAP_ADMIN_PASSWORD: ${p}`);
  }
  for (const hook of ['TEST_CRASH_BEFORE_COMMIT', 'TEST_CRASH_AFTER_COMMIT'] as const) {
    if (vars[hook] === '1' && vars.NODE_ENV !== 'test') problems.push(`${hook}: a test hook, allowed only when NODE_ENV=test`);
  }
  if (!isValidTimeZone(vars.SCHEDULE_TZ)) problems.push(`SCHEDULE_TZ: unknown time zone "${vars.SCHEDULE_TZ}"`);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);

  return {
    env: vars.NODE_ENV as AppConfig['env'],
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
    jwt: {
      secret: vars.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      expiresInSeconds: vars.JWT_EXPIRES_IN_SECONDS,
      generated: !vars.JWT_SECRET,
    },
    bootstrap: {
      adminEmail: vars.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(),
      adminPassword: vars.BOOTSTRAP_ADMIN_PASSWORD,
      organisation: vars.BOOTSTRAP_ORGANISATION,
    },
    seedReferenceData: vars.SEED_REFERENCE_DATA as AppConfig['seedReferenceData'],
    mail: { smtpUrl: vars.SMTP_URL, outboxDir: vars.OUTBOX_DIR, from: vars.MAIL_FROM, retryDelayMs: vars.MAIL_RETRY_DELAY_MS },
    schedules: { missingRiskAssessmentsCron: vars.MISSING_RA_CRON, reviewRemindersCron: vars.REVIEW_REMINDER_CRON, timeZone: vars.SCHEDULE_TZ, checkIntervalSeconds: vars.SCHEDULE_CHECK_SECONDS },
    policy: {
      supervisoryReviewDays: vars.SUPERVISORY_REVIEW_DAYS,
      caseReviewThreshold: vars.CASE_REVIEW_THRESHOLD,
      fpnMaxAmount: vars.FPN_MAX_AMOUNT,
      prosecutionMaxFine: vars.PROSECUTION_MAX_FINE,
      defaultVictimUpdateFrequencyDays: 28,
      persistentIncidentDays: 90,
      reviewReminderDaysAhead: vars.REVIEW_REMINDER_DAYS_AHEAD,
    },
    logLevel: vars.LOG_LEVEL,
    rateLimits: { signInPerAccount: vars.SIGN_IN_LIMIT_PER_ACCOUNT, signInPerAddress: vars.SIGN_IN_LIMIT_PER_ADDRESS, apiPerCaller: vars.API_LIMIT_PER_CALLER },
    testHooks: {
      crashBeforeCommit: vars.NODE_ENV === 'test' && vars.TEST_CRASH_BEFORE_COMMIT === '1',
      crashAfterCommit: vars.NODE_ENV === 'test' && vars.TEST_CRASH_AFTER_COMMIT === '1',
    },
    logFormat: vars.LOG_FORMAT as AppConfig['logFormat'],
    corsOrigins: vars.CORS_ORIGINS.split(',').map((o) => o.trim()).filter((o) => o !== ''),
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
