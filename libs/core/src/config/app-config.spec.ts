import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, environmentWithEnvFile, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the defaults of API.md with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/asb');
    expect(config.queuePrefix).toBe('asb');
    expect(config.mail.outboxDir).toBe('./var/outbox');
    expect(config.schedules).toEqual({ missingRiskAssessmentsCron: '0 7 * * 1', reviewRemindersCron: '0 7 * * *', timeZone: 'Europe/London', checkIntervalSeconds: 60 });
    expect(config.policy.reviewReminderDaysAhead).toBe(7);
    expect(config.policy.supervisoryReviewDays).toBe(28);
    expect(config.jwt.generated).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SUPERVISORY_REVIEW_DAYS: '0' })).toThrow(/SUPERVISORY_REVIEW_DAYS/);
    expect(() => loadConfig({ SCHEDULE_TZ: 'Mars/Olympus' })).toThrow(/SCHEDULE_TZ/);
    expect(() => loadConfig({ SMTP_URL: 'http://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ REVIEW_REMINDER_CRON: 'daily' })).toThrow(/REVIEW_REMINDER_CRON/);
    expect(() => loadConfig({ REVIEW_REMINDER_DAYS_AHEAD: '0' })).toThrow(/REVIEW_REMINDER_DAYS_AHEAD/);
    expect(() => loadConfig({ SCHEDULE_CHECK_SECONDS: '0' })).toThrow(/SCHEDULE_CHECK_SECONDS/);
    expect(loadConfig({ SCHEDULE_CHECK_SECONDS: '5' }).schedules.checkIntervalSeconds).toBe(5);
    expect(loadConfig({ REVIEW_REMINDER_CRON: '30 6 * * 1-5', REVIEW_REMINDER_DAYS_AHEAD: '14' })).toMatchObject({
      schedules: { reviewRemindersCron: '30 6 * * 1-5' },
      policy: { reviewReminderDaysAhead: 14 },
    });
  });

  it('reads the rate limits, 0 turning one off', () => {
    expect(loadConfig({}).rateLimits).toEqual({ signInPerAccount: 5, signInPerAddress: 50, apiPerCaller: 1200 });
    expect(loadConfig({ SIGN_IN_LIMIT_PER_ACCOUNT: '0', SIGN_IN_LIMIT_PER_ADDRESS: '7', API_LIMIT_PER_CALLER: '0' }).rateLimits).toEqual({ signInPerAccount: 0, signInPerAddress: 7, apiPerCaller: 0 });
    expect(() => loadConfig({ SIGN_IN_LIMIT_PER_ACCOUNT: '-1' })).toThrow(/SIGN_IN_LIMIT_PER_ACCOUNT/);
    expect(() => loadConfig({ API_LIMIT_PER_CALLER: 'many' })).toThrow(/API_LIMIT_PER_CALLER/);
  });

  it('holds BOOTSTRAP_ADMIN_PASSWORD to the password policy', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: must be at least 12 characters/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_PASSWORD: 'zzzzzzzzzzzz' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: must not be one character repeated/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'root@example.org', BOOTSTRAP_ADMIN_PASSWORD: 'ROOT@example.org' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: must not be the e-mail address/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_PASSWORD: 'password1234' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: is one of the most common/);
    expect(loadConfig({ BOOTSTRAP_ADMIN_PASSWORD: 'correct-horse-battery-staple' }).bootstrap.adminPassword).toBe('correct-horse-battery-staple');
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).jwt.generated).toBe(false);
  });

  it('honours the crash hooks of the exactly-once tests only when NODE_ENV=test', () => {
    expect(loadConfig({}).testHooks).toEqual({ crashBeforeCommit: false, crashAfterCommit: false });
    expect(loadConfig({ NODE_ENV: 'test', TEST_CRASH_AFTER_COMMIT: '1' }).testHooks).toEqual({ crashBeforeCommit: false, crashAfterCommit: true });
    expect(loadConfig({ NODE_ENV: 'test', TEST_CRASH_BEFORE_COMMIT: '1', TEST_CRASH_AFTER_COMMIT: '0' }).testHooks).toEqual({ crashBeforeCommit: true, crashAfterCommit: false });
    expect(() => loadConfig({ TEST_CRASH_AFTER_COMMIT: '1' })).toThrow(/TEST_CRASH_AFTER_COMMIT: a test hook, allowed only when NODE_ENV=test/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), TEST_CRASH_BEFORE_COMMIT: '1' })).toThrow(/TEST_CRASH_BEFORE_COMMIT/);
    expect(() => loadConfig({ NODE_ENV: 'test', TEST_CRASH_BEFORE_COMMIT: 'yes' })).toThrow(/TEST_CRASH_BEFORE_COMMIT must be 0 or 1/);
  });

  it('takes CORS origins as a comma-separated list, off by default, and refuses what is not an origin', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://cases.example.org, http://localhost:5173' }).corsOrigins).toEqual(['https://cases.example.org', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://x.example.org/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});

describe('environmentWithEnvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asb-env-'));
  writeFileSync(join(dir, '.env'), '# a comment\nPORT=4000\nLOG_LEVEL=debug\nQUEUE_PREFIX="from-file"\n');
  writeFileSync(join(dir, 'other.env'), 'PORT=5000\n');

  it('reads ./.env in development, variables already set winning', () => {
    const env = environmentWithEnvFile({ LOG_LEVEL: 'warn' }, dir);
    expect(env).toMatchObject({ PORT: '4000', LOG_LEVEL: 'warn', QUEUE_PREFIX: 'from-file' });
    expect(loadConfig(env)).toMatchObject({ port: 4000, logLevel: 'warn', queuePrefix: 'from-file' });
    expect(environmentWithEnvFile({ NODE_ENV: 'development' }, dir).PORT).toBe('4000');
  });

  it('does not read it in production or test unless ENV_FILE names a file', () => {
    expect(environmentWithEnvFile({ NODE_ENV: 'production' }, dir).PORT).toBeUndefined();
    expect(environmentWithEnvFile({ NODE_ENV: 'test' }, dir).PORT).toBeUndefined();
    expect(environmentWithEnvFile({ NODE_ENV: 'production', ENV_FILE: 'other.env' }, dir).PORT).toBe('5000');
    expect(() => environmentWithEnvFile({ ENV_FILE: 'missing.env' }, dir)).toThrow(/ENV_FILE/);
  });

  it('leaves the environment alone when there is no .env', () => {
    const empty = mkdtempSync(join(tmpdir(), 'asb-env-'));
    const env = { PORT: '1' };
    expect(environmentWithEnvFile(env, empty)).toBe(env);
  });
});

describe('.env.example', () => {
  const root = join(__dirname, '../../../..');
  const example = readFileSync(join(root, '.env.example'), 'utf8');

  it('is valid configuration as it stands', () => {
    expect(() => loadConfig(environmentWithEnvFile({ ENV_FILE: '.env.example' }, root))).not.toThrow();
  });

  it('lists every variable the service reads', () => {
    const source = readFileSync(join(__dirname, 'app-config.ts'), 'utf8');
    const classBody = source.slice(source.indexOf('class EnvironmentVariables'), source.indexOf('export interface AppConfig'));
    const names = [...classBody.matchAll(/^\s+([A-Z][A-Z0-9_]+)\??(?: =|:)/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
