import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../errors/domain-error';
import { DependencyMonitor } from '../health/dependency-monitor';
import { PRODUCER_REDIS } from '../jobs/producer-redis';
import { Actor } from './actor';
import { LockoutState } from './lockout';

/** How long a client is asked to wait when Redis cannot be reached to count its sign-in. */
export const REDIS_AWAY_RETRY_AFTER_SECONDS = 5;
const WINDOW_SECONDS = 60;
/** How long the lock-out count of an e-mail with no account is kept after its last wrong password. */
const UNKNOWN_ACCOUNT_LOCKOUT_TTL_SECONDS = 24 * 3600;

export type SignInKind = 'sign-in' | 'token';

/** A limit spent: 429 RATE_LIMITED, with the seconds to wait for Retry-After. */
export function rateLimited(retryAfterSeconds: number, message = 'Too many attempts; try again later'): DomainError {
  return new DomainError('RATE_LIMITED', message).retryAfter(Math.max(1, Math.ceil(retryAfterSeconds)));
}

/**
 * The rate limits of issue 12, counted in Redis (rate-limiter-flexible, a fixed
 * window of a minute) so they hold across every API process sharing the
 * deployment's Redis and QUEUE_PREFIX:
 *
 * - sign-in (POST /auth/login) per account e-mail and per source address, and
 *   the token endpoint per client id and per source address
 *   (SIGN_IN_LIMIT_PER_ACCOUNT, SIGN_IN_LIMIT_PER_ADDRESS). Every attempt
 *   counts when it starts, and a successful one is given back, so in effect
 *   the wrong attempts are counted, and parallel guesses cannot slip through.
 *   When Redis cannot be reached these fail closed: 503 UNAVAILABLE.
 * - every other route per signed-in user or API client (API_LIMIT_PER_CALLER).
 *   When Redis cannot be reached this one fails open: each process counts on
 *   its own, in memory, until Redis is back, so reads go on working.
 *
 * Accounts are keyed by a hash of the e-mail, so Redis holds no addresses.
 */
@Injectable()
export class RateLimits {
  private readonly prefix: string;
  private readonly limiters: Record<SignInKind, { account?: RateLimiterRedis; address?: RateLimiterRedis }>;
  private readonly caller?: RateLimiterRedis;
  private readonly callerInMemory?: RateLimiterMemory;

  /**
   * Counts on the API's one Redis connection (jobs/producer-redis.ts), which fails at once while Redis is away
   * instead of queueing commands; that Redis is away, and back, is said once by the DependencyMonitor.
   */
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    private readonly dependencies: DependencyMonitor,
  ) {
    this.prefix = `${config.queuePrefix}:rate`;
    const limiter = (name: string, points: number) =>
      points > 0
        ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${this.prefix}:${name}`, points, duration: WINDOW_SECONDS, rejectIfRedisNotReady: true })
        : undefined;
    const { signInPerAccount, signInPerAddress, apiPerCaller } = config.rateLimits;
    this.limiters = {
      'sign-in': { account: limiter('sign-in-account', signInPerAccount), address: limiter('sign-in-address', signInPerAddress) },
      token: { account: limiter('token-client', signInPerAccount), address: limiter('token-address', signInPerAddress) },
    };
    this.caller = limiter('caller', apiPerCaller);
    if (apiPerCaller > 0) this.callerInMemory = new RateLimiterMemory({ keyPrefix: 'caller', points: apiPerCaller, duration: WINDOW_SECONDS });
  }

  /**
   * Counts one attempt to sign in (or to get a token) against its account (e-mail
   * or client id) and its source address. Throws 429 when either limit is spent,
   * 503 when Redis cannot count it. Returns what gives the attempt back, for
   * when it succeeds.
   */
  async attempt(kind: SignInKind, account: string | undefined, address: string | undefined): Promise<() => Promise<void>> {
    const { account: byAccount, address: byAddress } = this.limiters[kind];
    const counted: [RateLimiterRedis, string][] = [];
    if (byAccount && account) counted.push([byAccount, hashKey(account.toLowerCase())]);
    if (byAddress && address) counted.push([byAddress, address]);
    if (counted.length === 0) return async () => undefined;
    const results = await Promise.allSettled(counted.map(([l, key]) => l.consume(key)));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const failure = refused.find((r) => !(r instanceof RateLimiterRes));
    if (failure) {
      this.away(failure);
      throw new DomainError('UNAVAILABLE', 'Sign-in is unavailable for a moment; try again shortly').retryAfter(REDIS_AWAY_RETRY_AFTER_SECONDS);
    }
    if (refused.length) {
      throw rateLimited(Math.max(...refused.map((r) => (r as RateLimiterRes).msBeforeNext)) / 1000, 'Too many sign-in attempts; try again later');
    }
    return async () => {
      await Promise.all(counted.map(([l, key]) => l.reward(key, 1))).catch((e: unknown) => this.away(e));
    };
  }

  /** Counts one request of a signed-in caller: 429 when its minute's allowance is spent. Never refuses for Redis being away. */
  async request(actor: Pick<Actor, 'kind' | 'id'>): Promise<void> {
    if (!this.caller || !this.callerInMemory) return;
    const key = `${actor.kind}:${actor.id}`;
    try {
      await this.caller.consume(key);
        return;
    } catch (e) {
      if (e instanceof RateLimiterRes) throw rateLimited(e.msBeforeNext / 1000, 'Too many requests; slow down');
      this.away(e);
    }
    try {
      await this.callerInMemory.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw rateLimited(e.msBeforeNext / 1000, 'Too many requests; slow down');
      throw e;
    }
  }

  /**
   * The lock-out count of an e-mail that has no account, so that signing in as
   * one answers as signing in as a real account would (libs/core/src/auth/lockout.ts);
   * real accounts keep theirs in PostgreSQL. Redis away: 503, as for the limits.
   */
  async unknownAccountLockout(email: string): Promise<LockoutState> {
    const raw = await this.redis.get(this.lockoutKey(email)).catch((e: unknown) => this.unavailable(e));
    if (!raw) return { failures: 0, lockedUntil: null };
    const saved = JSON.parse(raw) as { failures: number; lockedUntil: string | null };
    return { failures: saved.failures, lockedUntil: saved.lockedUntil ? new Date(saved.lockedUntil) : null };
  }

  async saveUnknownAccountLockout(email: string, state: LockoutState): Promise<void> {
    const value = JSON.stringify({ failures: state.failures, lockedUntil: state.lockedUntil?.toISOString() ?? null });
    await this.redis.set(this.lockoutKey(email), value, 'EX', UNKNOWN_ACCOUNT_LOCKOUT_TTL_SECONDS).catch((e: unknown) => this.unavailable(e));
  }

  private lockoutKey(email: string): string {
    return `${this.prefix}:lockout:${hashKey(email.toLowerCase())}`;
  }

  private unavailable(e: unknown): never {
    this.away(e);
    throw new DomainError('UNAVAILABLE', 'Sign-in is unavailable for a moment; try again shortly').retryAfter(REDIS_AWAY_RETRY_AFTER_SECONDS);
  }

  /** Redis could not count: said once, not per request, by the DependencyMonitor. */
  private away(e: unknown): void {
    this.dependencies.reportDown('redis', e);
  }
}

function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
