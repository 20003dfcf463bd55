import { z } from 'zod';
import { defineCommand } from '../src/core/command.ts';
import { answerReply } from '../src/core/render-result.ts';

/** /ask — a grounded answer from the notes, with citations, or an honest "not in the notes". */
export default defineCommand({
  name: 'ask',
  description: 'Ask a question about the module notes; the answer cites them.',
  usage: '/ask question:<your question>   e.g. /ask question: How does LoRA reduce trainable parameters?',
  modelBacked: true,
  options: z.object({
    question: z.string({ error: 'Type a question after /ask.' }).trim().min(1, 'Type a question after /ask.').describe('Your question about the notes'),
  }),
  async run({ question }, ctx) {
    const result = await ctx.core.ask(question, ctx.history ?? []);
    const answerId = ctx.store.answers.record({
      platform: ctx.requester.platform,
      userId: ctx.requester.userId,
      ...(ctx.requester.channelId ? { channelId: ctx.requester.channelId } : {}),
      question,
      answer: result.answer,
      sources: result.sources,
      mode: result.mode,
      abstained: result.abstained,
    });
    if (ctx.requester.threadId) ctx.store.threads.add(ctx.requester.platform, ctx.requester.threadId, answerId);
    return answerReply(result, answerId);
  },
});
