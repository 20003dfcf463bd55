import type { z } from 'zod';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { Reply } from './reply.ts';
import type { StudyCore } from './study.ts';

/** Who is asking, from where; adapters fill it from the platform event. */
export type Requester = { platform: 'console' | 'discord' | 'slack' | 'cli'; userId: string; userName?: string; channelId?: string };

export type CommandContext = {
  core: StudyCore;
  store: Store;
  logger: Logger;
  requester: Requester;
  /** Every registered command, for /help. */
  commands: readonly AnyCommand[];
};

/**
 * A platform-neutral slash command: its options are a zod object whose keys are the option names
 * on every surface (`/ask question:…`), described with `.describe()` for Discord and Slack.
 */
export interface Command<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  /** One line of usage shown on bad input, e.g. `/ask question:<your question>`. */
  usage: string;
  options: S;
  /** True when the command may call a paid or slow model (rate-limited per user by adapters). */
  modelBacked?: boolean;
  run(input: z.infer<S>, ctx: CommandContext): Promise<Reply>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

/** Declares a command with its option types inferred from the zod schema. */
export const defineCommand = <S extends z.ZodObject>(command: Command<S>): Command<S> => command;
