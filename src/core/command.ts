import type { z } from 'zod';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { Turn } from '../store/threads.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Reply } from './reply.ts';
import type { StudyCore } from './study.ts';

/** Who is asking, from where; adapters fill it from the platform event. */
export type Requester = {
  platform: 'console' | 'discord' | 'slack' | 'cli';
  userId: string;
  userName?: string;
  channelId?: string;
  /** Set when the message or command came from inside a thread. */
  threadId?: string;
  /** Decided by the adapter from the platform (Discord Manage Server; Slack admin ids in config). */
  isAdmin?: boolean;
};

export type CommandContext = {
  core: StudyCore;
  store: Store;
  logger: Logger;
  requester: Requester;
  /** Every registered command, for /help. */
  commands: readonly AnyCommand[];
  limiter: RateLimiter;
  /** Earlier turns of the thread this request belongs to, oldest first. */
  history?: Turn[];
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
  /** Only admins may run it (channel configuration, schedules, moderation policy). */
  adminOnly?: boolean;
  run(input: z.infer<S>, ctx: CommandContext): Promise<Reply>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

/** Declares a command with its option types inferred from the zod schema. */
export const defineCommand = <S extends z.ZodObject>(command: Command<S>): Command<S> => command;
