import type { App } from '../../app.ts';
import type { Logger } from '../../log.ts';

/** What every Slack listener needs: the core app, the logger, the admin ids and the bot's own user id. */
export type SlackDeps = {
  app: App;
  logger: Logger;
  admins: ReadonlySet<string>;
  /** From auth.test at start-up; used to strip the bot's mention and skip its own messages. */
  botUserId?: string;
};
