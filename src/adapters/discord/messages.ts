import { ThreadAutoArchiveDuration, type Message } from 'discord.js';
import type { App } from '../../app.ts';
import { parseMessage } from './parse.ts';
import { threadName } from './render.ts';
import { replyTo, sendTo } from './respond.ts';

/**
 * A channel message: the core decides whether to answer (mention, study channel question, or a
 * thread the bot answers in). Inside a thread the reply goes there. Elsewhere an answer gets a new
 * thread on the message, linked to the answer so follow-ups there carry its context; anything
 * else (rate limit, a bare mention's usage hint) replies in place rather than opening a thread.
 */
export async function onMessage(app: App, botId: string, m: Message): Promise<void> {
  if (m.author.bot || m.system || !m.inGuild()) return;
  const { msg, requester } = parseMessage(m, botId);
  const reply = await app.handleMessage(msg, requester);
  if (!reply) return;
  if (m.channel.isThread()) return sendTo(m.channel, reply);
  if (reply.kind !== 'answer' || reply.ephemeral) return replyTo(m, reply);
  const thread = await m.startThread({ name: threadName(msg.text), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
  if (reply.meta?.answerId !== undefined) app.linkThread('discord', thread.id, reply.meta.answerId);
  await sendTo(thread, reply);
}
