import { MessageFlags, ThreadAutoArchiveDuration, type ButtonInteraction, type ChatInputCommandInteraction, type Message } from 'discord.js';
import type { App } from '../../app.ts';
import { parseButtonId } from '../../core/buttons.ts';
import type { AckGate } from './ack-gate.ts';
import { interactionRequester, parseCommand } from './parse.ts';
import { threadName } from './render.ts';
import { respond, sendTo } from './respond.ts';

/**
 * A slash command. Model-backed commands are deferred at once (Discord allows 3 s for the first
 * response; a model may take longer) and start their work once pending acknowledgements are out,
 * then the deferred response is edited; the others answer directly.
 */
export async function onCommand(app: App, gate: AckGate, i: ChatInputCommandInteraction): Promise<void> {
  const { inv, requester } = parseCommand(i);
  if (app.commands.find((c) => c.name === inv.name)?.modelBacked) {
    await gate.track(i.deferReply());
    await gate.idle();
  }
  await respond(i, await app.handle(inv, requester));
}

/**
 * A button under an answer. Feedback answers privately; "Follow up in a thread" opens a thread on
 * the answer (or reuses the thread it is in), posts the starter text there, links the thread to the
 * answer so later questions carry its context, and points the clicker to it.
 */
export async function onButton(app: App, i: ButtonInteraction): Promise<void> {
  const requester = interactionRequester(i);
  const action = parseButtonId(i.customId);
  if (action?.action !== 'thread') return respond(i, await app.handleButton(i.customId, requester));
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const reply = await app.handleButton(i.customId, requester);
  if (reply.kind !== 'info') return respond(i, reply);
  const { thread, created } = await threadFor(i, reply.title ?? 'Follow-up');
  app.linkThread('discord', thread.id, action.answerId);
  if (created) await sendTo(thread, reply);
  await i.editReply({ content: `Ask your follow-up in <#${thread.id}>.`, allowedMentions: { parse: [] } });
}

async function threadFor(i: ButtonInteraction, title: string) {
  if (i.channel?.isThread()) return { thread: i.channel, created: false };
  const message: Message = i.message;
  if (message.thread) return { thread: message.thread, created: false };
  const thread = await message.startThread({ name: threadName(title), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
  return { thread, created: true };
}
