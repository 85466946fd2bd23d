import 'reflect-metadata';
import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@asb/core/config/app-config';
import { setup } from './setup';
import { seedDemo } from './demo/seed-demo';
import { resetPasswordCommand } from './reset-password';

/**
 * The operator's commands:
 *   setup  create the database if missing, migrate, load reference data, create the bootstrap admin
 *   start  setup, then run the API and the worker until either stops
 *   seed-demo --incidents N [--seed S]  setup, then load realistic demo data (apps/cli/src/demo)
 *   reset-password EMAIL  a temporary password for the account, to be changed at the next sign-in (apps/cli/src/reset-password.ts)
 */

function start(): void {
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    setTimeout(() => process.exit(code), 5000).unref();
  };
  for (const [name, entry] of [['api', 'api/apps/api/src/main.js'], ['worker', 'worker/apps/worker/src/main.js']]) {
    const child = spawn(process.execPath, ['--enable-source-maps', join(__dirname, '../../../..', entry)], { stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`${name} stopped (${signal ?? code}); stopping the service`);
      stop(code ?? 1);
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code ?? 0);
    });
    children.push(child);
  }
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

async function main(): Promise<void> {
  const command = process.argv[2];
  const config = loadConfig();
  if (command === 'setup') return setup(config);
  if (command === 'start') {
    await setup(config);
    return start();
  }
  if (command === 'seed-demo') {
    process.exitCode = await seedDemo(config, process.argv.slice(3));
    return;
  }
  if (command === 'reset-password') {
    process.exitCode = await resetPasswordCommand(config, process.argv.slice(3));
    return;
  }
  console.error('usage: main.js setup | start | seed-demo --incidents N [--seed S] | reset-password EMAIL');
  process.exit(2);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
