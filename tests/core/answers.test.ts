// Proves the offline answer path over the shipped notes, through the same dispatch every adapter
// uses: extractive answers cite real sources, weak evidence abstains naming the closest topics, bad
// input (empty, 20,000 characters, unknown command) gets help instead of an error, /explain gives a
// structured digest at each level, and the per-user rate limit and admin check hold.
import askCommand from '../../commands/ask.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Requester } from '../../src/core/command.ts';
import { LEVELS } from '../../src/core/explain/digest.ts';
import { parseCommandLine } from '../../src/core/parse-line.ts';
import { createTestApp, type TestApp } from '../fixtures/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.dispose());

/** Each test asks as its own user so the shared per-user rate limit never leaks between tests. */
let users = 0;
const someone = (extra: Partial<Requester> = {}): Requester => ({ platform: 'console', userId: `user-${++users}`, ...extra });
const citations = (text: string) => [...text.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));

describe('ask, offline', () => {
  it('answers a direct question with the fact first and a [1] citation mapped to a file and heading', async () => {
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r).toMatchObject({ abstained: false, mode: 'extractive', notices: [] });
    expect(r.answer.split('\n')[0]).toContain('Reinforcement Learning from Human Feedback');
    expect(citations(r.answer)).toContain(1);
    for (const n of citations(r.answer)) expect(r.sources[n - 1]).toBeDefined();
    expect(r.sources[0]).toMatchObject({ file: '03-gpt-and-instructgpt.md', heading: expect.stringMatching(/RLHF/u) });
    expect(r.sources[0]!.startLine).toBeLessThanOrEqual(r.sources[0]!.endLine);
  });

  it('abstains on an off-topic question, naming the closest topics the notes do cover', async () => {
    const r = await app.core.ask('How do I bake sourdough bread?');
    expect(r.abstained).toBe(true);
    expect(r.sources).toEqual([]);
    expect(r.closestTopics.length).toBeGreaterThan(0);
    expect(r.answer).toMatch(/^The notes don't cover that\b/u);
    for (const topic of r.closestTopics) expect(r.answer).toContain(topic);
  });

  it('abstains when the question names something the notes never mention', async () => {
    const r = await app.core.ask('How does Kubernetes schedule pods?');
    expect(r.abstained).toBe(true);
    expect(r.answer).toContain('"kubernetes"');
  });

  it('abstains when the term a question asks about is one the notes never use, even in its own words', async () => {
    // The notes discuss decoders and text generation, but never beam search.
    const r = await app.core.ask('How does beam search decoding work in text generation?');
    expect(r.abstained).toBe(true);
    expect(r.answer).toContain('they never mention "beam"');
    // A term the notes know through a glossary synonym is not refused: "weights" are the parameters.
    expect((await app.core.ask('What are model weights?')).abstained).toBe(false);
    expect((await app.core.explain('beam search', 'beginner')).abstained).toBe(true);
  });

  it.each([
    ['When was the Transformer introduced?', '2017: Transformer architecture'],
    ['What year did ChatGPT launch?', '2022: ChatGPT launches'],
    ['When did the first chatbot appear?', '1964: First chatbot (ELIZA)'],
    ['When was BERT released?', '2018: BERT released'],
  ])('answers the short date question %j with the dated line, even from a timeline ranked low', async (question, line) => {
    const r = await app.core.ask(question);
    expect(r.abstained).toBe(false);
    expect(r.answer.split('\n')[0]).toContain(line);
  });

  it('says so when a figure question finds the topic but no figure in the notes', async () => {
    const r = await app.core.ask('How many image-text pairs was CLIP trained on?');
    expect(r.abstained).toBe(false);
    expect(r.answer.split('\n')[0]).toBe("The notes don't give that figure. The closest they say:");
    // A figure the notes do give is answered plainly.
    expect((await app.core.ask('How many parameters does GPT-3 have?')).answer.split('\n')[0]).toContain('175B');
  });

  it('answers a question in two parts that no one section covers, part by part', async () => {
    const r = await app.core.ask('What does PPO stand for, and what does MMLU stand for?');
    expect(r.abstained).toBe(false);
    expect(r.answer).toContain('Proximal Policy Optimization');
    expect(r.answer).toContain('Massive multitask language understanding');
  });

  it('answers the part of a question the notes cover and names the part they never mention', async () => {
    const r = await app.core.ask('What is LoRA, and how does beam search decoding work?');
    expect(r.abstained).toBe(false);
    expect(r.answer).toMatch(/LoRA \(Low-Rank Adaptation\) decomposes updates/u);
    expect(r.answer.trim().split('\n').at(-1)).toBe('The notes don\'t cover "how does beam search decoding work" (they never mention "beam").');
    for (const n of citations(r.answer)) expect(r.sources[n - 1]).toBeDefined();
  });

  it('truncates a 20,000-character question with a notice and still answers it', async () => {
    // A question pasted over and over, as a runaway script or a careless paste would send it.
    const question = `${'What is LoRA? '.repeat(1500).slice(0, 19_999)}?`;
    expect(question).toHaveLength(20_000);
    const reply = await app.handle({ name: 'ask', options: { question } }, someone());
    expect(reply.kind).toBe('answer');
    expect(reply.notices).toEqual(['Your text was 20,000 characters; I used the first 2,000.']);
    expect(reply.meta?.abstained).toBe(false);
    expect(reply.text).toContain('LoRA (Low-Rank Adaptation)');
    expect(reply.sources?.length).toBeGreaterThan(0);
  });

  it("answers the /ask usage example from the notes' LoRA section", async () => {
    const example = /question: (.+)$/u.exec(askCommand.usage)?.[1] ?? '';
    expect(example).toMatch(/LoRA/u);
    const r = await app.core.ask(example);
    expect(r.abstained).toBe(false);
    expect(r.sources[0]?.heading).toMatch(/PEFT|LoRA/u);
    expect(r.answer).not.toContain('Climate change');
  });

  it.each([
    ['What is LoRA?', /LoRA \(Low-Rank Adaptation\) decomposes updates/u],
    ['What is perplexity?', /Perplexity measures how "surprised" the model is/u],
    ['What is LlamaGuard?', /LlamaGuard is an example safety system/u],
    ['Define hallucination', /Hallucination is the problem that LLMs generate plausible but false information/u],
  ])('answers the definition question %j with the sentence that defines the term, not a code line', async (question, definition) => {
    const r = await app.core.ask(question);
    expect(r.abstained).toBe(false);
    expect(r.answer.split('\n')[0]).toMatch(definition);
  });

  it('does not repeat a sentence when two parts of a question are answered by the same line', async () => {
    const r = await app.core.ask('What is RLHF? What does RLHF stand for?');
    expect(r.abstained).toBe(false);
    const lines = r.answer.split('\n');
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('dispatch of bad input', () => {
  it('answers an empty question with usage help, not an error', async () => {
    for (const question of ['', '   ']) {
      const reply = await app.handle({ name: 'ask', options: { question } }, someone());
      expect(reply).toMatchObject({ kind: 'usage', ephemeral: true });
      expect(reply.text).toContain('Type a question after /ask.');
      expect(reply.text).toContain('Usage: /ask question:');
    }
  });

  it('answers a missing question option with usage help', async () => {
    const reply = await app.handle({ name: 'ask', options: {} }, someone());
    expect(reply.kind).toBe('usage');
    expect(reply.text).toContain('Usage: /ask');
  });

  it('answers an unknown command with the command list and a pointer to /help', async () => {
    const inv = parseCommandLine('/quizz me on transformers', app.commands);
    expect(inv).toEqual({ name: 'quizz', options: {} });
    const reply = await app.handle(inv!, someone());
    expect(reply.kind).toBe('usage');
    expect(reply.text).toBe('Unknown command /quizz. Commands: /ask, /explain, /help, /studychannel. Try /help.');
  });

  it('shows help listing every command and the topics of the notes', async () => {
    const reply = await app.handle({ name: 'help', options: {} }, someone());
    expect(reply.kind).toBe('help');
    for (const c of app.commands) expect(reply.text).toContain(`/${c.name}`);
    expect(reply.text).toContain('offline mode');
  });

  it('rejects an unknown /explain level with usage help', async () => {
    const reply = await app.handle({ name: 'explain', options: { topic: 'LoRA', level: 'wizard' } }, someone());
    expect(reply.kind).toBe('usage');
    expect(reply.text).toMatch(/^level: /u);
    expect(reply.text).toContain('Usage: /explain');
  });
});

describe('/explain, offline', () => {
  it.each(LEVELS)('gives a structured, cited digest at level %s', async (level) => {
    const inv = parseCommandLine(`/explain RLHF level:${level}`, app.commands);
    expect(inv).toEqual({ name: 'explain', options: { topic: 'RLHF', level } });
    const reply = await app.handle(inv!, someone());
    expect(reply.kind).toBe('explain');
    expect(reply.title).toMatch(new RegExp(`RLHF.*\\(${level}\\)$`, 'u'));
    expect(reply.text).toContain('**What it is:**');
    expect(reply.text).toContain('**Key points:**');
    expect(reply.meta).toMatchObject({ abstained: false, mode: 'extractive' });
    for (const n of citations(reply.text)) expect(reply.sources?.[n - 1]).toBeDefined();
  });

  it('goes deeper as the level rises', async () => {
    const points = async (level: (typeof LEVELS)[number]) => (await app.core.explain('transformer architecture', level)).text.split('\n').filter((l) => l.startsWith('• ')).length;
    const [beginner, expert] = [await points('beginner'), await points('expert')];
    expect(expert).toBeGreaterThan(beginner);
  });

  it('abstains on a topic the notes do not cover', async () => {
    const reply = await app.handle({ name: 'explain', options: { topic: 'quantum chromodynamics' } }, someone());
    expect(reply.kind).toBe('explain');
    expect(reply.title).toBe('Not in the notes: quantum chromodynamics');
    expect(reply.meta?.abstained).toBe(true);
    expect(reply.text).toMatch(/^The notes don't cover "quantum chromodynamics"/u);
    expect(reply.sources).toEqual([]);
  });
});

describe('limits and permissions', () => {
  it('gives the 7th model-backed command in a minute the polite limit reply, for that user only', async () => {
    const user = someone();
    const replies = [];
    for (let i = 0; i < 7; i++) replies.push(await app.handle({ name: i % 2 ? 'explain' : 'ask', options: i % 2 ? { topic: 'LoRA' } : { question: 'What is LoRA?' } }, user));
    expect(replies.slice(0, 6).map((r) => r.kind)).toEqual(['answer', 'explain', 'answer', 'explain', 'answer', 'explain']);
    expect(replies[6]).toMatchObject({ kind: 'usage', ephemeral: true });
    expect(replies[6]?.text).toMatch(/^You're asking faster than I can keep up — please try again in \d+ s\.$/u);
    // /help is not model-backed, and another user has a budget of their own.
    expect((await app.handle({ name: 'help', options: {} }, user)).kind).toBe('help');
    expect((await app.handle({ name: 'ask', options: { question: 'What is LoRA?' } }, someone())).kind).toBe('answer');
  });

  it('refuses /studychannel to a non-admin and leaves the channel unchanged', async () => {
    const reply = await app.handle({ name: 'studychannel', options: { action: 'on' } }, someone({ channelId: 'C-refused' }));
    expect(reply).toEqual({ kind: 'usage', text: 'Sorry, /studychannel is for server admins only.', ephemeral: true });
    expect(app.store.channels.get('console', 'C-refused')).toBeUndefined();
  });

  it('lets an admin turn a study channel on', async () => {
    const reply = await app.handle({ name: 'studychannel', options: { action: 'on', questions: 'no' } }, someone({ channelId: 'C-ok', isAdmin: true }));
    expect(reply.kind).toBe('info');
    expect(app.store.channels.get('console', 'C-ok')).toEqual({ platform: 'console', channelId: 'C-ok', answerQuestions: false });
  });
});
