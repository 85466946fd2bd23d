import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, QueueName, SchedulerId } from '@asb/core';

export const COMPLIANCE_TALLIES_SCHEDULER = SchedulerId.ComplianceTalliesCompact;
/** How often the worker folds the compliance deltas into the tallies. */
export const COMPLIANCE_TALLIES_EVERY_MS = 60_000;

/**
 * The compliance report's running counts (migration 1763900001400): every
 * change to a case appends its difference to `compliance_tally_deltas`, and
 * this job folds them into `compliance_tallies` every minute, so what a
 * report reads stays small. The report is exact whether or not it has run:
 * it reads the deltas too.
 */
@Injectable()
export class ComplianceTallies {
  constructor(
    private readonly db: DataSource,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {}

  async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      COMPLIANCE_TALLIES_SCHEDULER,
      { every: COMPLIANCE_TALLIES_EVERY_MS },
      { name: JobName.ComplianceTalliesCompact, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  /** Folds the deltas in; answers how many delta rows were folded. */
  async compact(): Promise<{ folded: number }> {
    const [row]: { folded: string }[] = await this.db.query('SELECT compliance_tallies_compact() AS folded');
    return { folded: Number(row.folded) };
  }
}
