import Redis from 'ioredis';

/**
 * Whether Redis answers PING within `timeoutMs`, on a connection of its own
 * that neither queues nor retries, so an answer comes at once either way.
 */
export async function pingRedis(redisUrl: string, timeoutMs: number): Promise<boolean> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // the answer is the result, not an 'error' event in the log
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
