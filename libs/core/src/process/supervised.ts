import type { INestApplicationContext } from '@nestjs/common';

/**
 * Run by the supervisor (`npm start`, with an IPC channel), the process closes
 * its application and exits when the channel goes, i.e. when the supervisor
 * died without stopping it (even `kill -9`): no API or worker left running,
 * re-parented, holding the port. Run on its own (production), nothing changes.
 */
export function exitWhenSupervisorGoes(app: INestApplicationContext): void {
  if (!process.send) return;
  process.once('disconnect', () => {
    void app.close().finally(() => process.exit(0));
  });
}
