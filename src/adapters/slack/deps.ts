import type { App } from '../../app.ts';
import type { Reply } from '../../core/reply.ts';
import type { Logger } from '../../log.ts';
import type { AfterAck } from './after-ack.ts';
import { guarded } from './errors.ts';

/** What every Slack listener needs: the core app, the logger, the admin ids and the bot's own user id. */
export type SlackDeps = {
  app: App;
  logger: Logger;
  admins: ReadonlySet<string>;
  /** From auth.test at start-up; used to strip the bot's mention and skip its own messages. */
  botUserId?: string;
  /** Starts each listener's work on its own loop turn, after its ack. */
  afterAck: AfterAck;
};

/**
 * A listener's work, run after its ack on a later loop turn and guarded: an unexpected error is
 * logged with an error id and `apologize` sends the user the apology carrying the same id.
 */
export const answerLater = (
  deps: SlackDeps,
  where: Record<string, unknown>,
  work: () => Promise<void>,
  apologize: (sorry: Reply) => Promise<unknown>,
): Promise<void> => deps.afterAck.run(() => guarded(deps.logger, where, work, apologize));
