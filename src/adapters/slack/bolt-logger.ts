import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../log.ts';

const show = (p: unknown): string => {
  if (typeof p === 'string') return p;
  if (p instanceof Error) return p.message;
  try {
    return JSON.stringify(p);
  } catch {
    return String(p);
  }
};
const text = (parts: unknown[]): string => parts.map(show).join(' ');

/**
 * Bolt, its receivers and its WebClient log through this bridge into the app's pino logger
 * (component "slack"), so Slack's own messages follow LOG_LEVEL and never reach stdout.
 */
export function boltLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => log.debug(text(m)),
    info: (...m: unknown[]) => log.info(text(m)),
    warn: (...m: unknown[]) => log.warn(text(m)),
    error: (...m: unknown[]) => log.error(text(m)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
