import { z } from 'zod';
import { defineCommand } from '../src/core/command.ts';

/** /help — the commands, and what the notes cover. */
export default defineCommand({
  name: 'help',
  description: 'Show what studybot can do and which topics the notes cover.',
  usage: '/help',
  options: z.object({}),
  async run(_input, ctx) {
    const lines = ctx.commands.map((c) => `• \`${c.usage.split('   ')[0]}\` — ${c.description}`);
    const topics = ctx.core.kb.topics().map((t) => `• ${t}`);
    const mode = ctx.core.mode === 'generative' ? 'a language model, grounded in the notes' : 'the notes themselves (offline mode)';
    return {
      kind: 'help',
      title: 'studybot help',
      text: `**Commands**\n${lines.join('\n')}\n\n**Topics in the notes**\n${topics.join('\n')}\n\nAnswers come from ${mode}, with [n] citations.`,
      ephemeral: true,
    };
  },
});
