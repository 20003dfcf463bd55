// Proves the model path with the real openai SDK against a local OpenAI-compatible server: the model
// sees only the retrieved notes, delimited, after the unchanged system prompt; its citations map to
// sources and invented ones are dropped; NOT_IN_NOTES becomes an abstention; streaming concatenates;
// 429-then-success still answers generatively; a 500, a hang past the timeout, a bad key and an empty
// reply fall back to the extractive answer with one notice line; remote embeddings build the index and
// their failure degrades search to keywords with a notice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { indexTextOf } from '../../src/core/knowledge/types.ts';
import { Glossary } from '../../src/core/retrieval/glossary.ts';
import { createModels } from '../../src/llm/factory.ts';
import { ANSWER_SYSTEM_PROMPT, EXPLAIN_SYSTEM_PROMPT, LEVEL_GUIDANCE, NOT_IN_NOTES } from '../../src/llm/prompts.ts';
import { ModelError } from '../../src/llm/types.ts';
import { createTestApp, ROOT, type TestApp } from '../fixtures/app.ts';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../fixtures/fake-openai.ts';

const modelEnv = (url: string): Record<string, string> => ({
  OPENAI_BASE_URL: url,
  OPENAI_API_KEY: 'test',
  OPENAI_TIMEOUT_MS: '300',
  OPENAI_MAX_RETRIES: '1',
});
/** Keeps the SDK's retry back-off short; it honours retry-after-ms. */
const RETRY_SOON = { 'retry-after-ms': '5' };

type Message = { role: string; content: string };
const messagesOf = (req: RecordedRequest | undefined) => (req?.body.messages ?? []) as Message[];
const chatRequests = (fake: FakeOpenAI) => fake.requests.filter((r) => r.path === '/v1/chat/completions');
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('generative answers', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    app = await createTestApp({ env: modelEnv(fake.url) });
  });
  afterAll(async () => {
    app.dispose();
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('sends the unchanged system prompt first and only the retrieved notes, delimited, in the user message', async () => {
    fake.script('chat', { reply: 'RLHF stands for Reinforcement Learning from Human Feedback [1].' });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r).toMatchObject({ mode: 'generative', abstained: false, notices: [] });
    const [req] = chatRequests(fake);
    expect(fake.requests).toHaveLength(1);
    expect(req?.headers.authorization).toBe('Bearer test');
    expect(req?.body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 700 });
    const [system, user, ...rest] = messagesOf(req);
    expect(rest).toEqual([]);
    expect(system).toEqual({ role: 'system', content: ANSWER_SYSTEM_PROMPT });
    expect(user?.role).toBe('user');
    const content = user?.content ?? '';
    expect(content.startsWith('<notes>\n')).toBe(true);
    expect(count(content, '<notes>')).toBe(1);
    expect(count(content, '</notes>')).toBe(1);
    expect(content.endsWith('</notes>\n\nQuestion: What does RLHF stand for?')).toBe(true);
    // One excerpt per source, in order, each carrying exactly the retrieved chunk's text.
    expect(r.sources).toHaveLength(4);
    expect(count(content, '<excerpt id=')).toBe(r.sources.length);
    r.sources.forEach((s, i) => {
      const chunk = app.core.kb.chunks.find((c) => c.file === s.file && c.startLine === s.startLine);
      expect(chunk).toBeDefined();
      expect(content).toContain(`<excerpt id="${i + 1}" file="${s.file}" heading="${s.heading}">\n${chunk?.text}\n</excerpt>`);
    });
  });

  it('keeps citations that map to a source and drops an invented [9]', async () => {
    fake.script('chat', { reply: 'RLHF is Reinforcement Learning from Human Feedback [1]. It is trained with PPO [2][9].' });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r.answer).toContain('Human Feedback [1]');
    expect(r.answer).toContain('PPO [2]');
    expect(r.answer).not.toContain('[9]');
    expect(r.sources[0]?.heading).toBeTruthy();
    expect(r.sources[1]?.file).toMatch(/\.md$/u);
  });

  it(`turns the model's ${NOT_IN_NOTES} into an abstention naming the closest topics`, async () => {
    fake.script('chat', { reply: NOT_IN_NOTES });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r).toMatchObject({ abstained: true, sources: [] });
    expect(r.answer).toMatch(/^The notes don't cover that\. Closest topics they do cover: /u);
    expect(r.answer).not.toContain(NOT_IN_NOTES);
    expect(chatRequests(fake)).toHaveLength(1);
  });

  it('abstains on an off-topic question without calling the model at all', async () => {
    const r = await app.core.ask('What is the capital of Australia?');
    expect(r.abstained).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it('asks the model only the part of a question the notes cover, and names the other part itself', async () => {
    fake.script('chat', { reply: 'LoRA decomposes weight updates into two low-rank matrices [1].' });
    const r = await app.core.ask('What is LoRA, and how does beam search decoding work?');
    expect(r).toMatchObject({ mode: 'generative', abstained: false });
    const user = messagesOf(chatRequests(fake)[0]).at(-1)?.content ?? '';
    expect(user).toContain('What is LoRA?');
    expect(user).not.toContain('beam');
    expect(r.answer.trim().split('\n').at(-1)).toBe('The notes don\'t cover "how does beam search decoding work" (they never mention "beam").');
  });

  it('answers generatively after a 429 followed by success (two requests)', async () => {
    fake.script('chat', { status: 429, headers: RETRY_SOON }, { reply: 'RLHF is Reinforcement Learning from Human Feedback [1].' });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r).toMatchObject({ mode: 'generative', abstained: false, notices: [] });
    expect(r.answer).toBe('RLHF is Reinforcement Learning from Human Feedback [1].');
    expect(chatRequests(fake)).toHaveLength(2);
  });

  it('falls back to the extractive answer with one notice line after a 500 outlasts the retries', async () => {
    fake.script('chat', { status: 500, headers: RETRY_SOON }, { status: 500, headers: RETRY_SOON });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r).toMatchObject({ mode: 'extractive', abstained: false });
    expect(r.answer).toContain('Reinforcement Learning from Human Feedback');
    expect(r.notices).toEqual(['The language model was unavailable (the model server failed (500)), so this answer is quoted from the notes.']);
    expect(chatRequests(fake)).toHaveLength(2);
  });

  it('falls back to the extractive answer when the model hangs past the timeout', async () => {
    fake.script('chat', { hangMs: 30_000 }, { hangMs: 30_000 });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r.mode).toBe('extractive');
    expect(r.answer).toContain('Reinforcement Learning from Human Feedback');
    expect(r.notices).toEqual(['The language model was unavailable (the model did not answer in time), so this answer is quoted from the notes.']);
    expect(chatRequests(fake)).toHaveLength(2);
  });

  it('falls back with a notice, without retrying, when the API key is rejected (401)', async () => {
    fake.script('chat', { status: 401 });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r.mode).toBe('extractive');
    expect(r.notices).toEqual(['The language model was unavailable (the model rejected the API key), so this answer is quoted from the notes.']);
    expect(chatRequests(fake)).toHaveLength(1);
  });

  it('falls back with a notice when the model returns an empty reply', async () => {
    fake.script('chat', { reply: '   ' });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r.mode).toBe('extractive');
    expect(r.notices).toEqual(['The language model was unavailable (the model returned an empty answer), so this answer is quoted from the notes.']);
  });

  it('explains with the explain prompt and the level guidance, and falls back to the digest on failure', async () => {
    fake.script('chat', { reply: 'LoRA adds low-rank matrices B and A to frozen weights [1].' });
    const ok = await app.core.explain('LoRA', 'expert');
    expect(ok).toMatchObject({ mode: 'generative', abstained: false, text: 'LoRA adds low-rank matrices B and A to frozen weights [1].' });
    const [system, user] = messagesOf(chatRequests(fake)[0]);
    expect(system).toEqual({ role: 'system', content: EXPLAIN_SYSTEM_PROMPT });
    expect(user?.content).toContain(LEVEL_GUIDANCE.expert);

    fake.script('chat', { status: 503, headers: RETRY_SOON }, { status: 503, headers: RETRY_SOON });
    const fallback = await app.core.explain('LoRA', 'expert');
    expect(fallback.mode).toBe('extractive');
    expect(fallback.text).toContain('**What it is:**');
    expect(fallback.notices).toEqual(['The language model was unavailable (the model server failed (503)), so this is an offline digest of the notes.']);
  });
});

describe('the chat model from createModels', () => {
  let fake: FakeOpenAI;
  const messages = [
    { role: 'system' as const, content: 'You are terse.' },
    { role: 'user' as const, content: 'Say something.' },
  ];
  const model = async () => {
    const { chat } = await createModels(loadConfig(modelEnv(fake.url), ROOT), Glossary.empty());
    if (!chat) throw new Error('expected a chat model when OPENAI_BASE_URL is set');
    return chat;
  };
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('streams a reply in several pieces that concatenate to the whole text', async () => {
    const reply = 'Attention lets every token look at every other token, weighted by relevance.';
    fake.script('chat', { reply });
    const pieces: string[] = [];
    for await (const piece of (await model()).stream(messages)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(reply);
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, max_tokens: 700, messages });
  });

  it('throws a ModelError (server-error) from stream() when the server keeps failing', async () => {
    fake.script('chat', { status: 500, headers: RETRY_SOON }, { status: 500, headers: RETRY_SOON });
    const consume = async () => {
      for await (const _ of (await model()).stream(messages)) void _;
    };
    await expect(consume()).rejects.toMatchObject({ name: 'ModelError', reason: 'server-error' });
    expect(fake.requests).toHaveLength(2);
  });

  it('completes a plain reply, trimmed', async () => {
    fake.script('chat', { reply: '  Hello there.  ' });
    expect(await (await model()).complete(messages)).toBe('Hello there.');
  });

  it('maps a 429 that outlasts the retries to ModelError rate-limited', async () => {
    fake.script('chat', { status: 429, headers: RETRY_SOON }, { status: 429, headers: RETRY_SOON });
    const err = await (await model()).complete(messages).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ reason: 'rate-limited' });
  });

  it('is absent when no model is configured, so the bot stays offline', async () => {
    const models = await createModels(loadConfig({}, ROOT), Glossary.empty());
    expect(models.chat).toBeUndefined();
    expect(models.embeddings.id).toMatch(/^local-hash/u);
  });
});

describe('OpenAI-compatible embeddings (STUDYBOT_EMBEDDINGS=openai)', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    app = await createTestApp({ env: { ...modelEnv(fake.url), STUDYBOT_EMBEDDINGS: 'openai' } });
  });
  afterAll(async () => {
    app.dispose();
    await fake.close();
  });

  it('builds the index through /v1/embeddings, embedding every chunk', () => {
    const embeds = fake.requests.filter((r) => r.path === '/v1/embeddings');
    expect(embeds.length).toBeGreaterThan(0);
    for (const r of embeds) expect(r.body.model).toBe('text-embedding-3-small');
    const inputs = new Set(embeds.flatMap((r) => (Array.isArray(r.body.input) ? r.body.input : [r.body.input])));
    for (const chunk of app.core.kb.chunks) expect(inputs.has(indexTextOf(chunk))).toBe(true);
    expect(app.core.kb.embeddings.id).toBe('openai:text-embedding-3-small');
  });

  it('embeds the question through the API and answers', async () => {
    fake.requests.length = 0;
    fake.script('chat', { reply: 'RLHF is Reinforcement Learning from Human Feedback [1].' });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r).toMatchObject({ mode: 'generative', abstained: false, notices: [] });
    expect(fake.requests.map((q) => q.path)).toEqual(['/v1/embeddings', '/v1/chat/completions']);
  });

  it('still answers from a keyword search, with a notice, when the embeddings endpoint fails later', async () => {
    fake.requests.length = 0;
    fake.script('embeddings', { status: 500, headers: RETRY_SOON }, { status: 500, headers: RETRY_SOON });
    fake.script('chat', { reply: 'RLHF is Reinforcement Learning from Human Feedback [1].' });
    const r = await app.core.ask('What does RLHF stand for?');
    expect(r.abstained).toBe(false);
    expect(r.notices).toEqual(['The embedding service was unavailable, so I searched the notes by keywords only.']);
    expect(r.sources[0]?.heading).toMatch(/RLHF/u);
    expect(fake.requests.filter((q) => q.path === '/v1/embeddings')).toHaveLength(2);
  });
});
