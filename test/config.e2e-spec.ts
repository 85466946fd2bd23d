import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { API_MAIN, WORKER_MAIN } from './support/test-app';

const CLI_MAIN = join(__dirname, '../dist/cli/apps/cli/src/main.js');

/** Runs a built entry point with only the given environment; resolves with its exit code and stderr. */
function runWith(main: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${main} did not exit within 15 s on a bad configuration; stderr: ${stderr}`));
    }, 15000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('configuration is checked at start-up', () => {
  it.each([
    ['PORT', 'abc'],
    ['SUPERVISORY_REVIEW_DAYS', '0'],
    ['DATABASE_URL', 'mysql://db/asb'],
    ['REDIS_URL', 'localhost:6379'],
    ['SCHEDULE_TZ', 'Mars/Olympus'],
    ['JWT_SECRET', 'too-short'],
  ])('the API refuses %s=%s, naming the variable', async (name, value) => {
    const { code, stderr } = await runWith(API_MAIN, { [name]: value });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(new RegExp(`^\\s*${name}:`, 'm'));
    expect(stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
  });

  it('names every bad variable at once', async () => {
    const { code, stderr } = await runWith(API_MAIN, { PORT: 'abc', SUPERVISORY_REVIEW_DAYS: '0', LOG_LEVEL: 'loud' });
    expect(code).toBe(1);
    for (const name of ['PORT', 'SUPERVISORY_REVIEW_DAYS', 'LOG_LEVEL']) expect(stderr).toMatch(new RegExp(`^\\s*${name}:`, 'm'));
  });

  it('requires JWT_SECRET when NODE_ENV=production', async () => {
    const { code, stderr } = await runWith(API_MAIN, { NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\s*JWT_SECRET: required when NODE_ENV=production/m);
  });

  it('checks the worker and the CLI the same way', async () => {
    const worker = await runWith(WORKER_MAIN, { SUPERVISORY_REVIEW_DAYS: '0' });
    expect(worker.code).toBe(1);
    expect(worker.stderr).toMatch(/^\s*SUPERVISORY_REVIEW_DAYS:/m);
    const cli = await runWith(CLI_MAIN, { NODE_ENV: 'production' }, ['setup']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^\s*JWT_SECRET:/m);
  });
});
