import pino, { type Logger } from 'pino';

export type { Logger };

/** The process-wide leveled logger. Logs go to stderr so the CLI's stdout stays machine-readable. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: undefined }, destination);
}

/** A logger that drops everything; for tests and tools that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
