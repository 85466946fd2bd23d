import { Client } from 'pg';

export const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** One id per `jest` run, set by the global setup, so parallel runs on one machine keep apart. */
export function runId(): string {
  const id = process.env.ASB_TEST_RUN;
  if (!id) throw new Error('ASB_TEST_RUN is not set: run the tests through jest');
  return id;
}
export const templateDb = () => `asb_test_${runId()}_template`;
export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'correct-horse-battery-staple';
export const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function databaseUrl(name: string): string {
  return `${SERVER_URL}/${name}`;
}

export async function withServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
