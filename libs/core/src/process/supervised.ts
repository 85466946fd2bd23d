import type { INestApplicationContext } from '@nestjs/common';

/** How long closing may take once the supervisor is gone, before the process exits anyway. */
const CLOSE_DEADLINE_MS = 10_000;

let app: INestApplicationContext | undefined;
let supervisorGone = false;

/**
 * Run by the supervisor (`npm start`, with an IPC channel), the process closes
 * its application and exits when the channel goes, i.e. when the supervisor
 * died without stopping it (even `kill -9`): no API or worker left running,
 * re-parented, holding the port. Call it first thing, before the application
 * is built, so a supervisor lost while the process is still starting is heard
 * too; `exitWhenSupervisorGoes(app)` then says what to close. Run on its own
 * (production), nothing changes.
 */
export function watchSupervisor(): void {
  if (!process.send) return;
  const gone = () => {
    supervisorGone = true;
    if (app) closeAndExit(app);
    else process.exit(0);
  };
  if (!process.connected) gone();
  else process.once('disconnect', gone);
}

/** The application to close when the supervisor goes (watchSupervisor); closed at once if it has gone already. */
export function exitWhenSupervisorGoes(application: INestApplicationContext): void {
  if (!process.send) return;
  app = application;
  if (supervisorGone || !process.connected) closeAndExit(application);
}

function closeAndExit(application: INestApplicationContext): void {
  setTimeout(() => process.exit(0), CLOSE_DEADLINE_MS).unref();
  void application.close().finally(() => process.exit(0));
}
