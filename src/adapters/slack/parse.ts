import type { SlashCommand } from '@slack/bolt';
import type { AnyCommand, Requester } from '../../core/command.ts';
import type { Invocation } from '../../core/dispatch.ts';
import { parseCommandLine } from '../../core/parse-line.ts';
import { unescapeSlack } from './escape.ts';

/** The fields of a slash command payload the bot reads. */
export type CommandPayload = Pick<SlashCommand, 'command' | 'text' | 'user_id' | 'user_name' | 'channel_id'>;

/** Who sent a Slack event or click; `isAdmin` comes from SLACK_ADMIN_USER_IDS. */
export function slackRequester(
  user: { id: string; name?: string | undefined },
  channelId: string | undefined,
  threadTs: string | undefined,
  admins: ReadonlySet<string>,
): Requester {
  return {
    platform: 'slack',
    userId: user.id,
    ...(user.name ? { userName: user.name } : {}),
    ...(channelId ? { channelId } : {}),
    ...(threadTs ? { threadId: threadTs } : {}),
    isAdmin: admins.has(user.id),
  };
}

/**
 * A slash command as an invocation: Slack sends the options as free text ("RLHF level:beginner"),
 * parsed exactly like the console's `/explain RLHF level:beginner`.
 */
export function parseSlashCommand(
  payload: CommandPayload,
  commands: readonly AnyCommand[],
  admins: ReadonlySet<string>,
): { inv: Invocation; requester: Requester } {
  const name = payload.command.replace(/^\//u, '').toLowerCase();
  const text = unescapeSlack(payload.text ?? '');
  const inv = parseCommandLine(`/${name} ${text}`, commands) ?? { name, options: {} };
  const requester = slackRequester({ id: payload.user_id, name: payload.user_name }, payload.channel_id, undefined, admins);
  return { inv, requester };
}

/** The text of a message for the core: the bot's own `<@U…>` mention removed, Slack's escapes undone. */
export function messageText(text: string | undefined, botUserId: string | undefined): string {
  const withoutBot = botUserId ? (text ?? '').replaceAll(`<@${botUserId}>`, ' ') : (text ?? '');
  return unescapeSlack(withoutBot).replace(/\s+/gu, ' ').trim();
}

/** True when a message mentions the bot (its app_mention event answers it, not the message event). */
export const mentionsBot = (text: string | undefined, botUserId: string | undefined): boolean =>
  botUserId !== undefined && (text ?? '').includes(`<@${botUserId}>`);
