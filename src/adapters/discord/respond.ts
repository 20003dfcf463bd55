import type { Message, RepliableInteraction, SendableChannels } from 'discord.js';
import type { Reply } from '../../core/reply.ts';
import { renderReply, type DiscordMessage } from './render.ts';

/** A channel message cannot be ephemeral, and an edit cannot change the flag: drop it there. */
const unflagged = ({ flags: _flags, ...rest }: DiscordMessage): Omit<DiscordMessage, 'flags'> => rest;

/**
 * Answers an interaction with a rendered reply: a direct reply when it was not acknowledged yet,
 * else an edit of the deferred response; further parts go out as follow-ups. A public deferral
 * cannot become private, so an ephemeral reply after a public `deferReply` deletes the
 * "thinking…" placeholder and follows up privately instead.
 */
export async function respond(i: RepliableInteraction, reply: Reply): Promise<void> {
  const [first, ...rest] = renderReply(reply);
  if (!first) return;
  if (!i.deferred && !i.replied) await i.reply(first);
  else if (reply.ephemeral && i.ephemeral !== true) {
    await i.deleteReply();
    await i.followUp(first);
  } else await i.editReply(unflagged(first));
  for (const part of rest) await i.followUp(part);
}

/** Posts a rendered reply in a channel or thread, part by part, in order. */
export async function sendTo(channel: SendableChannels, reply: Reply): Promise<void> {
  for (const part of renderReply(reply)) await channel.send(unflagged(part));
}

/** Replies to a channel message in place (a message reference that pings no one). */
export async function replyTo(message: Message, reply: Reply): Promise<void> {
  for (const part of renderReply(reply)) await message.reply(unflagged(part));
}
