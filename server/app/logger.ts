import { pino, type Logger } from 'pino';
import type { NodeLogger } from '../../nodes/sdk/index.js';

/** pino JSON logs on stdout (or a given stream). Every execution log line carries `executionId` (and `nodeId`). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'flowwerk' }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    destination ?? process.stdout,
  );
}

/** The engine/service logger shape (message first) on top of pino. */
export function nodeLogger(logger: Logger): NodeLogger {
  return {
    debug: (message, data) => logger.debug(data ?? {}, message),
    info: (message, data) => logger.info(data ?? {}, message),
    warn: (message, data) => logger.warn(data ?? {}, message),
    error: (message, data) => logger.error(data ?? {}, message),
  };
}
