import { parseButtonId } from './buttons.ts';
import type { CommandContext } from './command.ts';
import { dispatch } from './dispatch.ts';
import type { Reply } from './reply.ts';

/** A chat message as an adapter parsed it: text with the bot's mention already removed. */
export type IncomingMessage = { text: string; mentioned: boolean };

const QUESTION = /\?\s*$|^(what|why|how|when|where|who|which|whom|whose|is|are|can|could|does|do|did|should|would|will|explain)\b/iu;

/** True for messages that read as a question ("How does LoRA work?", "explain RLHF"). */
export const looksLikeQuestion = (text: string) => text.trim().length >= 8 && QUESTION.test(text.trim());

/**
 * Decides whether a channel message gets an answer: always when the bot is mentioned or the message
 * is in a thread the bot answered in; in a study channel also any question, if the admin enabled
 * that. Returns undefined when the bot should stay quiet.
 */
export async function handleMessage(msg: IncomingMessage, ctx: Omit<CommandContext, 'history'>): Promise<Reply | undefined> {
  const { platform, channelId, threadId } = ctx.requester;
  const inOurThread = threadId !== undefined && ctx.store.threads.has(platform, threadId);
  const channel = channelId ? ctx.store.channels.get(platform, channelId) : undefined;
  const shouldAnswer = msg.mentioned || inOurThread || (channel?.answerQuestions === true && looksLikeQuestion(msg.text));
  if (!shouldAnswer) return undefined;
  if (msg.text.trim() === '') {
    return { kind: 'usage', text: 'Ask me something about the notes, e.g. "@studybot what does RLHF stand for?" — or try /help.' };
  }
  const history = inOurThread && threadId ? ctx.store.threads.turns(platform, threadId) : [];
  return dispatch({ name: 'ask', options: { question: msg.text } }, { ...ctx, history });
}

/** Handles a click on a reply button. Thread creation is the adapter's job; it then calls linkThread. */
export async function handleButton(buttonId: string, ctx: Omit<CommandContext, 'history'>): Promise<Reply> {
  const action = parseButtonId(buttonId);
  const answer = action ? ctx.store.answers.get(action.answerId) : undefined;
  if (!action || !answer) return { kind: 'usage', text: 'That button has expired.', ephemeral: true };
  if (action.action === 'feedback') {
    ctx.store.feedback.record(action.answerId, ctx.requester.platform, ctx.requester.userId, action.vote);
    return { kind: 'info', text: action.vote === 1 ? 'Thanks — glad it helped!' : 'Thanks — noted. Try rephrasing, or /explain the topic.', ephemeral: true };
  }
  return { kind: 'info', title: answer.question.slice(0, 90), text: `Follow-up thread for: "${answer.question.slice(0, 300)}". Ask here and I'll keep the context.` };
}
