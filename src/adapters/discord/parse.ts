import { PermissionFlagsBits, type BaseInteraction, type ChatInputCommandInteraction, type Message } from 'discord.js';
import type { Requester } from '../../core/command.ts';
import type { IncomingMessage } from '../../core/conversation.ts';
import type { Invocation } from '../../core/dispatch.ts';

type Where = { channelId: string | null; channel: { isThread(): boolean; parentId?: string | null } | null };

/** Channel and thread of an event: in a thread, channelId is the parent channel and threadId the thread. */
function place({ channelId, channel }: Where): Pick<Requester, 'channelId' | 'threadId'> {
  if (!channelId) return {};
  if (channel?.isThread()) return { channelId: channel.parentId ?? channelId, threadId: channelId };
  return { channelId };
}

/** Who clicked or typed a command; admins are members with Manage Server (or Administrator). */
export function interactionRequester(i: BaseInteraction): Requester {
  return {
    platform: 'discord',
    userId: i.user.id,
    userName: i.user.username,
    ...place(i),
    isAdmin: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** A slash command's options by name, as every surface names them (`/ask question:…`). */
export function parseCommand(i: ChatInputCommandInteraction): { inv: Invocation; requester: Requester } {
  const options = Object.fromEntries(i.options.data.map((o) => [o.name, o.value]));
  return { inv: { name: i.commandName, options }, requester: interactionRequester(i) };
}

/**
 * A channel message as the core sees it: the bot's own `<@id>` / `<@!id>` mentions removed,
 * `mentioned` when the message mentions the bot.
 */
export function parseMessage(m: Message, botId: string): { msg: IncomingMessage; requester: Requester } {
  const text = m.content.replace(new RegExp(`<@!?${botId}>`, 'gu'), '').trim();
  return {
    msg: { text, mentioned: m.mentions.users.has(botId) },
    requester: { platform: 'discord', userId: m.author.id, userName: m.author.username, ...place(m) },
  };
}
