import { BullModule } from '@nestjs/bullmq';
import { Processor, Queue, QueueOptions, Worker, WorkerOptions } from 'bullmq';

/**
 * What BullMQ and the Redis connections report, routed to one listener (the
 * DependencyMonitor, which logs a dependency going away once). Without a
 * listener, BullMQ prints every connection error of every queue and worker
 * as a multi-line stack trace, each second while Redis is away.
 */
export interface QueueSignals {
  /** A queue's, a worker's or a connection's 'error' event. */
  error(error: Error, source: string): void;
  /** A job failed (its error may say PostgreSQL or Redis is away). */
  failed(error: Error, source: string): void;
  /** A connection to Redis is ready (again). */
  ready(source: string): void;
}

let listener: QueueSignals | undefined;

/** Set once per process by the DependencyMonitor; before that, signals are dropped (a connection keeps reporting while it is away). */
export function listenToQueueSignals(l: QueueSignals | undefined): void {
  listener = l;
}

export const queueSignals: QueueSignals = {
  error: (error, source) => listener?.error(error, source),
  failed: (error, source) => listener?.failed(error, source),
  ready: (source) => listener?.ready(source),
};

/** A BullMQ queue whose errors reach the listener from its first moment, not the console. */
export class ObservedQueue extends Queue {
  constructor(name: string, opts?: QueueOptions) {
    super(name, opts);
    this.on('error', (error) => queueSignals.error(error, `queue ${name}`));
  }
}

/** A BullMQ worker whose errors and failed jobs reach the listener. */
export class ObservedWorker extends Worker {
  constructor(name: string, processor?: string | URL | null | Processor, opts?: WorkerOptions) {
    super(name, processor, opts);
    this.on('error', (error) => queueSignals.error(error, `worker ${name}`));
    this.on('failed', (_job, error) => queueSignals.failed(error, `worker ${name}`));
  }
}

// @nestjs/bullmq's own extension point: every queue and worker it makes, in the API and the worker, is one of these.
// Here, in a module that '@asb/core' loads, so it is set before any feature module's BullModule.registerQueue runs.
BullModule.queueClass = ObservedQueue;
BullModule.workerClass = ObservedWorker;
