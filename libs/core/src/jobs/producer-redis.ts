import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DomainError } from '../errors/domain-error';
import { queueSignals } from './observed-bullmq';
import { bullConnection } from './queues';

/** The API's one connection to Redis, shared by its queues (BullModule.forRoot). */
export const PRODUCER_REDIS = 'PRODUCER_REDIS';

/** How long adding a job may take before the caller is answered 503. */
const ADD_TIMEOUT_MS = 3000;

/**
 * The connection the API adds jobs through. It fails fast while Redis is
 * away instead of holding commands to send later (BullMQ, "Going to
 * production": enableOfflineQueue false for queues, so a request can be
 * answered at once): no offline queue, no retry of a command, no resend of
 * one unanswered when the connection dropped. So a job refused with 503 is
 * never added when Redis comes back. The connection itself reconnects for ever.
 */
export function createProducerRedis(redisUrl: string): Redis {
  const { connection } = bullConnection(redisUrl, 'asb');
  const redis = new Redis({
    ...connection,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    connectTimeout: ADD_TIMEOUT_MS,
    commandTimeout: 2 * ADD_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  redis.on('error', (error) => queueSignals.error(error, 'redis (producer)'));
  redis.on('ready', () => queueSignals.ready('redis (producer)'));
  return redis;
}

/** Whether the queue's connection is up; true for a queue on connection options (the worker's), which waits for Redis instead. */
export function queueConnected(queue: Queue): boolean {
  const status = (queue.opts.connection as { status?: unknown } | undefined)?.status;
  return typeof status !== 'string' || status === 'ready';
}

/**
 * Adds a job for a caller who is waiting: 503 UNAVAILABLE (with Retry-After,
 * by the error filter) at once when Redis is away, or when it does not answer
 * within 3 s; nothing is left behind to run later.
 */
export async function enqueueOrUnavailable<T>(queue: Queue, add: () => Promise<T>, message: string): Promise<T> {
  if (!queueConnected(queue)) throw new DomainError('UNAVAILABLE', message);
  const adding = add();
  adding.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ADD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([adding, timeout]);
  } catch {
    throw new DomainError('UNAVAILABLE', message);
  } finally {
    clearTimeout(timer);
  }
}
