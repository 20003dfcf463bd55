// Proves the one config module: sensible offline defaults, empty strings treated as unset, a model
// configured by key or base URL, and every bad value refused with a one-line ConfigError naming the
// variable (never a stack trace in the message).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const CWD = path.resolve('/srv/studybot');

/** Calls loadConfig and returns the ConfigError it throws (fails the test if it does not throw one). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, CWD);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig defaults', () => {
  it('runs offline with no variables set, paths resolved against the working folder', () => {
    const c = loadConfig({}, CWD);
    expect(c).toMatchObject({
      knowledgeDir: path.join(CWD, 'knowledge'),
      dataDir: path.join(CWD, 'data'),
      logLevel: 'info',
      maxQuestionChars: 2000,
      maxFileBytes: 5_000_000,
      abstainThreshold: 0.5,
      topK: 4,
      embeddings: 'local',
      rateLimitPerMinute: 6,
    });
    expect(c.openai).toBeUndefined();
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('treats empty strings as unset, as `FOO=` in a .env file means', () => {
    const empty = Object.fromEntries(
      ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_TIMEOUT_MS', 'STUDYBOT_DATA_DIR', 'STUDYBOT_EMBEDDINGS', 'SLACK_MODE', 'SLACK_BOT_TOKEN', 'DISCORD_TOKEN', 'LOG_LEVEL'].map((k) => [k, '']),
    );
    expect(loadConfig(empty, CWD)).toEqual(loadConfig({}, CWD));
  });

  it('configures a model from OPENAI_BASE_URL alone (a local server needs no real key)', () => {
    const c = loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_TIMEOUT_MS: '1500', OPENAI_MAX_RETRIES: '0' }, CWD);
    expect(c.openai).toEqual({
      apiKey: 'not-needed',
      baseURL: 'http://127.0.0.1:11434/v1',
      chatModel: 'gpt-4o-mini',
      embeddingModel: 'text-embedding-3-small',
      timeoutMs: 1500,
      maxRetries: 0,
      maxTokens: 700,
    });
  });

  it('keeps absolute data and knowledge paths as given', () => {
    const c = loadConfig({ STUDYBOT_DATA_DIR: '/var/lib/studybot', STUDYBOT_KNOWLEDGE_DIR: '/notes' }, CWD);
    expect(c).toMatchObject({ dataDir: '/var/lib/studybot', knowledgeDir: '/notes' });
  });
});

describe('loadConfig refusals', () => {
  it.each([
    ['OPENAI_TIMEOUT_MS', 'abc'],
    ['OPENAI_TIMEOUT_MS', '-5'],
    ['OPENAI_BASE_URL', 'not-a-url'],
    ['SLACK_MODE', 'x'],
    ['STUDYBOT_EMBEDDINGS', 'bert'],
    ['STUDYBOT_ABSTAIN_THRESHOLD', '2'],
    ['OPENAI_MAX_RETRIES', '1.5'],
    ['LOG_LEVEL', 'loud'],
  ])('refuses %s=%s with one line naming the variable and no stack', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.name).toBe('ConfigError');
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(new RegExp(`^Invalid configuration — ${name}: .*\\(got "${value.replace(/[.]/gu, '\\.')}"\\)$`, 'u'));
    expect(err.message).not.toMatch(/\bat .*\.(ts|js):\d+/u);
  });

  it('names every bad variable in the same single line', () => {
    const err = configError({ OPENAI_TIMEOUT_MS: 'abc', SLACK_MODE: 'x' });
    expect(err.message.split('\n')).toHaveLength(1);
    expect(err.message).toContain('OPENAI_TIMEOUT_MS:');
    expect(err.message).toContain('SLACK_MODE:');
  });

  it('refuses STUDYBOT_EMBEDDINGS=openai without a key or base URL, and accepts it with one', () => {
    expect(configError({ STUDYBOT_EMBEDDINGS: 'openai' }).message).toBe(
      'Invalid configuration — STUDYBOT_EMBEDDINGS: "openai" needs OPENAI_API_KEY or OPENAI_BASE_URL',
    );
    expect(loadConfig({ STUDYBOT_EMBEDDINGS: 'openai', OPENAI_API_KEY: 'sk-test' }, CWD).embeddings).toBe('openai');
  });

  it('refuses Slack socket mode without an app token, naming SLACK_APP_TOKEN', () => {
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1' }).message).toMatch(/^Invalid configuration — SLACK_APP_TOKEN: /u);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, CWD).slack?.mode).toBe('socket');
  });
});
