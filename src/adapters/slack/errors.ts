import { randomUUID } from 'node:crypto';
import type { Reply } from '../../core/reply.ts';
import type { Logger } from '../../log.ts';

/**
 * A loggable account of an error: message, Web API error code, HTTP status, and the stack of our own
 * errors. Never the whole object: HTTP client errors carry request headers (the bot token) and URLs.
 */
export function describeError(err: unknown): { message: string; code?: string; slackError?: string; status?: number; stack?: string } {
  const e = (err ?? {}) as { message?: unknown; code?: unknown; data?: { error?: unknown }; response?: { status?: unknown } };
  return {
    message: typeof e.message === 'string' ? e.message : String(err),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.data?.error === 'string' ? { slackError: e.data.error } : {}),
    ...(typeof e.response?.status === 'number' ? { status: e.response.status } : {}),
    ...(err instanceof Error && !('config' in err) && err.stack ? { stack: err.stack } : {}),
  };
}

/** The short ephemeral apology a user sees when a handler fails; the id matches the log line. */
export const apology = (errorId: string): Reply => ({
  kind: 'error',
  text: `Sorry, something went wrong on my side. (error id ${errorId})`,
  ephemeral: true,
  meta: { errorId },
});

/**
 * Runs one listener's work. An unexpected error is logged once with a fresh error id, and the user
 * gets the apology with that id (if even that fails, it is logged too). Nothing is rethrown, so
 * one bad event never takes the process down.
 */
export async function guarded(
  logger: Logger,
  where: Record<string, unknown>,
  work: () => Promise<void>,
  apologize: (reply: Reply) => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    const errorId = randomUUID().slice(0, 8);
    logger.error({ err: describeError(err), errorId, ...where }, 'slack handler failed');
    try {
      await apologize(apology(errorId));
    } catch (again) {
      logger.error({ err: describeError(again), errorId, ...where }, 'slack apology could not be sent');
    }
  }
}
