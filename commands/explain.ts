import { z } from 'zod';
import { defineCommand } from '../src/core/command.ts';
import { LEVELS } from '../src/core/explain/digest.ts';
import { explainReply } from '../src/core/render-result.ts';

/** /explain — one concept from the notes, pitched at the group's level. */
export default defineCommand({
  name: 'explain',
  description: 'Explain a topic from the notes at a chosen level.',
  usage: '/explain topic:<topic> [level:beginner|intermediate|expert]   e.g. /explain topic: RLHF level: beginner',
  modelBacked: true,
  options: z.object({
    topic: z.string({ error: 'Name a topic after /explain.' }).trim().min(1, 'Name a topic after /explain.').describe('The concept to explain, e.g. LoRA'),
    level: z.enum(LEVELS).default('intermediate').describe('How deep to go'),
  }),
  async run({ topic, level }, ctx) {
    return explainReply(await ctx.core.explain(topic, level));
  },
});
