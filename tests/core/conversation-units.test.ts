// Proves the small pure pieces the adapters rely on: splitting multi-part questions, the per-user
// rate limiter, button ids, recognising a question in a channel, and parsing typed command lines.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { resolveFollowUp, splitQuestion } from '../../src/core/answer/extractive.ts';
import { answerButtons, parseButtonId } from '../../src/core/buttons.ts';
import { looksLikeQuestion } from '../../src/core/conversation.ts';
import { parseCommandLine } from '../../src/core/parse-line.ts';
import { RateLimiter } from '../../src/core/rate-limit.ts';

describe('splitQuestion', () => {
  it('splits two questions joined by "and" + a question word, and two sentences', () => {
    expect(splitQuestion('What does PPO stand for, and what does MMLU stand for?')).toEqual(['What does PPO stand for', 'what does MMLU stand for?']);
    expect(splitQuestion('What is RLHF? Why does it matter?')).toEqual(['What is RLHF', 'Why does RLHF matter?']);
  });

  it('reads a pronoun in a later part as the name the first part asks about', () => {
    expect(splitQuestion('What does LoRA change? And how much does it cut trainable parameters?')).toEqual([
      'What does LoRA change',
      'And how much does LoRA cut trainable parameters?',
    ]);
    expect(splitQuestion('Who released Llama 2, and what is its context length?')).toEqual(['Who released Llama 2', "what is Llama 2's context length?"]);
    // A later part that names its own subject keeps its pronouns.
    expect(splitQuestion('What is GPT-3? What did GPT-4 add to it?')).toEqual(['What is GPT-3', 'What did GPT-4 add to it?']);
  });

  it('asks once per name in "A and B"', () => {
    expect(splitQuestion('How many parameters did GPT-2 and GPT-3 have?')).toEqual([
      'How many parameters did GPT-2 have?',
      'How many parameters did GPT-3 have?',
    ]);
  });

  it('keeps a single question whole', () => {
    expect(splitQuestion('How do fine-tuning and prompting differ in cost?')).toEqual(['How do fine-tuning and prompting differ in cost?']);
  });
});

describe('resolveFollowUp', () => {
  it('reads a short follow-up naming another thing as the previous question about it', () => {
    expect(resolveFollowUp('How many parameters did GPT-2 have?', 'and GPT-3?')).toBe('How many parameters did GPT-3 have?');
  });

  it('reads a vague follow-up together with the previous question', () => {
    expect(resolveFollowUp('What is LoRA?', 'why does it matter?')).toBe('What is LoRA? why does it matter?');
  });

  it('keeps a follow-up that is a full question on its own', () => {
    const q = 'Which benchmark measures mathematical reasoning in LLMs?';
    expect(resolveFollowUp('What is LoRA?', q)).toBe(q);
  });
});

describe('RateLimiter', () => {
  it('allows `limit` events per window per key, then says when to retry', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.take('u1').ok).toBe(true);
    expect(limiter.take('u1').ok).toBe(true);
    const denied = limiter.take('u1');
    expect(denied).toEqual({ ok: false, retryAfterMs: 60_000 });
    expect(limiter.take('u2').ok).toBe(true);
    now = 60_000;
    expect(limiter.take('u1').ok).toBe(true);
  });
});

describe('buttons', () => {
  it('round-trips every answer button id, within Discord and Slack limits', () => {
    for (const b of answerButtons(123456789)) {
      expect(b.id.length).toBeLessThanOrEqual(100);
      expect(parseButtonId(b.id)).toMatchObject({ answerId: 123456789 });
    }
  });

  it('rejects ids it did not make', () => {
    for (const id of ['fb:maybe:1', 'thread:', 'thread:abc', 'x'.repeat(200)]) expect(parseButtonId(id)).toBeUndefined();
  });
});

describe('looksLikeQuestion', () => {
  it('recognises questions and requests to explain', () => {
    for (const t of ['How does LoRA work?', 'explain RLHF please', 'what is perplexity']) expect(looksLikeQuestion(t), t).toBe(true);
  });

  it('ignores chatter and very short messages', () => {
    for (const t of ['thanks all!', 'see you at 6', 'ok?']) expect(looksLikeQuestion(t), t).toBe(false);
  });
});

describe('parseCommandLine', () => {
  it('fills the first option from free text and named options from name:value', () => {
    expect(parseCommandLine('/explain RLHF level:beginner', commands)).toEqual({ name: 'explain', options: { topic: 'RLHF', level: 'beginner' } });
    expect(parseCommandLine('/ask question: What is Q:K in attention?', commands)).toEqual({
      name: 'ask',
      options: { question: 'What is Q:K in attention?' },
    });
  });

  it('returns undefined for text that is not a command, and the name for unknown commands', () => {
    expect(parseCommandLine('hello there', commands)).toBeUndefined();
    expect(parseCommandLine('/dance now', commands)).toEqual({ name: 'dance', options: {} });
  });
});
