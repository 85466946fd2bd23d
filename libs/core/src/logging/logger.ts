import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { ConfigError } from '../config/app-config';

/** Which process wrote a line: the `process` field of every log line. */
export type ProcessName = 'api' | 'worker' | 'cli';

/** `auto`: human-readable when stdout is a terminal, JSON lines otherwise (LOG_FORMAT). */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * The one log configuration of the service (API, worker and the command line):
 * pino, ISO times (`time`), the `process` and `pid` fields on every line, JSON
 * lines when stdout is not a terminal (so `npm start | jq` works) and pino-pretty
 * when it is. Written synchronously, so the last lines before an exit are kept.
 */
export function loggerOptions(processName: ProcessName, level: string): LoggerOptions {
  return {
    level,
    base: { process: processName, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: errorForLog },
  };
}

/**
 * An error as a log line may show it: its type, code, message and stack, and
 * nothing else. pino's own serializer copies every property, and a database
 * error carries the statement's parameters (TypeORM's `parameters`: names,
 * addresses, dates of birth) and its client (the connection settings).
 */
export function errorForLog(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const { code } = e as { code?: unknown };
  return {
    type: e.constructor?.name ?? e.name,
    message: e.message.slice(0, 500),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: e.stack,
  };
}

/** Where log lines go: stdout as JSON lines, or pretty-printed for a terminal. */
export function logDestination(format: LogFormat = 'auto'): DestinationStream {
  const human = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (!human) return pino.destination({ dest: 1, sync: true });
  return pretty({ sync: true, colorize: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname,process', messageFormat: '[{process}] {if context}{context}: {end}{msg}' });
}

/** A logger outside Nest (the command line, and errors before the application exists). */
export function createLogger(processName: ProcessName, level = 'info', format: LogFormat = 'auto'): Logger {
  return pino(loggerOptions(processName, level), logDestination(format));
}

/**
 * A process that cannot start: a bad configuration is written as plain lines to
 * stderr, for whoever set it (the log format may itself be what is wrong, and
 * the message names each variable on its own line); anything else is logged as
 * fatal. Then the process exits with code 1.
 */
export function failedToStart(processName: ProcessName, e: unknown): never {
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else createLogger(processName).fatal(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
