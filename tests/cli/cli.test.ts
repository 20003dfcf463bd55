// Proves the `studybot` CLI contracts scripts rely on: `ask --json` has exactly the documented shape,
// `--jsonl` answers stdin lines in order (bad lines get an error object), search/explain/index work,
// bad usage exits 2 with the usage text, a bad config value is one line on stderr, and the real bin
// runs with no build step.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { cli } from '../../src/cli/main.ts';
import { KNOWLEDGE, ROOT } from '../fixtures/app.ts';

const Source = z.object({ file: z.string(), heading: z.string(), score: z.number() }).strict();
/** The documented `ask --json` contract, exactly: no missing and no extra keys. */
const AskJson = z.object({ answer: z.string(), sources: z.array(Source), abstained: z.boolean(), mode: z.enum(['generative', 'extractive']) }).strict();
const ExplainJson = z
  .object({ topic: z.string(), level: z.enum(['beginner', 'intermediate', 'expert']), explanation: z.string(), sources: z.array(Source), abstained: z.boolean(), mode: z.enum(['generative', 'extractive']) })
  .strict();
const SearchJson = z
  .object({ results: z.array(z.object({ file: z.string(), heading: z.string(), score: z.number(), lines: z.tuple([z.number(), z.number()]), text: z.string() }).strict()) })
  .strict();

/** Variables the CLI reads; each test starts offline with its own data folder. */
const MANAGED = ['STUDYBOT_DATA_DIR', 'STUDYBOT_KNOWLEDGE_DIR', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'STUDYBOT_EMBEDDINGS', 'LOG_LEVEL', 'OPENAI_TIMEOUT_MS'];
let dataDir: string;
let saved: Record<string, string | undefined>;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'studybot-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
beforeEach(() => {
  saved = Object.fromEntries(MANAGED.map((k) => [k, process.env[k]]));
  // Empty strings count as unset for the config, and stop a developer's .env from filling them in.
  Object.assign(process.env, { STUDYBOT_DATA_DIR: dataDir, STUDYBOT_KNOWLEDGE_DIR: KNOWLEDGE, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', STUDYBOT_EMBEDDINGS: '', LOG_LEVEL: 'silent', OPENAI_TIMEOUT_MS: '' });
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.restoreAllMocks();
});

/** Runs the CLI in-process with captured stdout and stderr. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cli(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}
const jsonLines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as unknown);

describe('studybot ask', () => {
  it('prints exactly the documented JSON contract for --json', async () => {
    const { code, out, err } = await run('ask', 'What does RLHF stand for?', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    const result = AskJson.parse(JSON.parse(out));
    expect(result).toMatchObject({ abstained: false, mode: 'extractive' });
    expect(result.answer).toContain('Reinforcement Learning from Human Feedback');
    expect(result.sources[0]?.file).toBe('03-gpt-and-instructgpt.md');
  });

  it('reports an abstention in the same contract', async () => {
    const { code, out } = await run('ask', 'How do I bake sourdough bread?', '--json');
    expect(code).toBe(0);
    expect(AskJson.parse(JSON.parse(out))).toMatchObject({ abstained: true, sources: [] });
  });

  it('prints a readable answer with its sources without --json', async () => {
    const { code, out } = await run('ask', 'What does RLHF stand for?');
    expect(code).toBe(0);
    expect(out).toContain('Reinforcement Learning from Human Feedback');
    expect(out).toMatch(/Sources:\n {2}\[1\] 03-gpt-and-instructgpt\.md:\d+-\d+ — /u);
  });

  it('exits 2 with the usage text when the question is missing', async () => {
    const { code, out, err } = await run('ask', '--json');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^studybot: ask needs a question\nUsage:\n/u);
  });
});

describe('studybot --jsonl', () => {
  const stdin = (lines: string[]) => vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([`${lines.join('\n')}\n`]) as unknown as typeof process.stdin);

  it('answers each stdin line in order, one JSON object per line, and an error object for bad lines', async () => {
    stdin([
      JSON.stringify({ question: 'What does RLHF stand for?' }),
      'this is not json',
      '',
      JSON.stringify({ query: 'wrong field' }),
      JSON.stringify({ question: '   ' }),
      JSON.stringify({ question: 'How do I bake sourdough bread?' }),
    ]);
    const { code, out } = await run('ask', '--jsonl');
    expect(code).toBe(0);
    const lines = jsonLines(out);
    expect(lines).toHaveLength(5);
    expect(AskJson.parse(lines[0]).answer).toContain('Reinforcement Learning from Human Feedback');
    expect(lines[1]).toEqual({ error: 'not valid JSON' });
    expect(lines[2]).toMatchObject({ error: expect.stringMatching(/^expected \{"question": string\}/u) });
    expect(lines[3]).toEqual({ error: 'empty question' });
    expect(AskJson.parse(lines[4]).abstained).toBe(true);
  });

  it('runs search and explain requests from stdin too', async () => {
    stdin([JSON.stringify({ query: 'LoRA low-rank', k: 2 }), JSON.stringify({ query: 42 })]);
    const search = await run('search', '--jsonl');
    const [results, bad] = jsonLines(search.out);
    expect(SearchJson.parse(results).results).toHaveLength(2);
    expect(bad).toMatchObject({ error: expect.stringMatching(/^expected \{"query": string\}/u) });

    stdin([JSON.stringify({ topic: 'RLHF', level: 'beginner' })]);
    const explain = await run('explain', '--jsonl');
    expect(ExplainJson.parse(jsonLines(explain.out)[0])).toMatchObject({ level: 'beginner', abstained: false });
  });
});

describe('studybot search, explain and index', () => {
  it('returns the top k results as JSON with line ranges for `search -k 3 --json`', async () => {
    const { code, out } = await run('search', 'LoRA low-rank adaptation', '-k', '3', '--json');
    expect(code).toBe(0);
    const { results } = SearchJson.parse(JSON.parse(out));
    expect(results).toHaveLength(3);
    for (const r of results) expect(r.lines[1]).toBeGreaterThanOrEqual(r.lines[0]);
  });

  it('exits 2 for a -k outside 1..50', async () => {
    const { code, err } = await run('search', 'LoRA', '-k', '0');
    expect(code).toBe(2);
    expect(err).toContain('-k must be a whole number from 1 to 50');
  });

  it('explains at the requested level with `explain --level expert`', async () => {
    const { code, out } = await run('explain', 'RLHF', '--level', 'expert', '--json');
    expect(code).toBe(0);
    const r = ExplainJson.parse(JSON.parse(out));
    expect(r).toMatchObject({ level: 'expert', abstained: false, mode: 'extractive' });
    expect(r.explanation).toContain('**Key points:**');
  });

  it('exits 2 for an unknown --level', async () => {
    const { code, err } = await run('explain', 'RLHF', '--level', 'wizard');
    expect(code).toBe(2);
    expect(err).toContain('--level must be one of beginner, intermediate, expert');
  });

  it('rebuilds the index on `index`, even when the notes did not change', async () => {
    await run('search', 'LoRA', '--json'); // make sure an index exists
    const manifest = path.join(dataDir, 'index', 'manifest.json');
    const before = JSON.parse(readFileSync(manifest, 'utf8')).builtAt as string;
    await new Promise((r) => setTimeout(r, 5)); // builtAt has millisecond resolution
    const { code, out } = await run('index');
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^indexed \\d+ chunks from ${KNOWLEDGE.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')} into `, 'u'));
    expect(JSON.parse(readFileSync(manifest, 'utf8')).builtAt).not.toBe(before);
  });
});

describe('studybot usage and configuration errors', () => {
  it('exits 2 with the usage text for an unknown command', async () => {
    const { code, out, err } = await run('quiz');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^studybot: unknown command "quiz"\nUsage:\n {2}studybot ask /u);
  });

  it('exits 2 with the usage text when no command is given, and 0 with it for --help', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^Usage:/u);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage:/u);
  });

  it('exits 2 for an unknown flag', async () => {
    const { code, err } = await run('ask', 'x', '--frobnicate');
    expect(code).toBe(2);
    expect(err).toContain("Unknown option '--frobnicate'");
  });

  it('prints a bad config value as one line naming the variable, with no stack trace', async () => {
    process.env['OPENAI_TIMEOUT_MS'] = 'abc';
    const { code, out, err } = await run('ask', 'What is LoRA?');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^studybot: Invalid configuration — OPENAI_TIMEOUT_MS: .*\n$/u);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});

describe('the real bin', () => {
  it('answers `node bin/studybot.js ask "What is LoRA?" --json` with no build step', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'studybot-bin-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, STUDYBOT_DATA_DIR: data, STUDYBOT_KNOWLEDGE_DIR: '', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', LOG_LEVEL: 'silent' };
      const { stdout } = await promisify(execFile)(process.execPath, ['bin/studybot.js', 'ask', 'What is LoRA?', '--json'], { cwd: ROOT, env, timeout: 60_000 });
      const result = AskJson.parse(JSON.parse(stdout));
      expect(result).toMatchObject({ abstained: false, mode: 'extractive' });
      expect(result.answer).toContain('LoRA');
      expect(existsSync(path.join(data, 'index', 'manifest.json'))).toBe(true);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
