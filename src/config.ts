import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Empty strings count as unset, so `FOO=` in .env falls back to the default. */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), schema);
const positiveInt = (fallback: number) => withDefault(z.coerce.number().int().positive(), fallback);

const schema = z.object({
  STUDYBOT_KNOWLEDGE_DIR: withDefault(z.string(), 'knowledge'),
  STUDYBOT_DATA_DIR: withDefault(z.string(), 'data'),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  STUDYBOT_EMBEDDINGS: withDefault(z.enum(['local', 'openai']), 'local'),
  STUDYBOT_MAX_QUESTION_CHARS: positiveInt(2000),
  STUDYBOT_MAX_FILE_BYTES: positiveInt(5_000_000),
  STUDYBOT_ABSTAIN_THRESHOLD: withDefault(z.coerce.number().min(0).max(1), 0.5),
  STUDYBOT_TOP_K: positiveInt(4),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_CHAT_MODEL: withDefault(z.string(), 'gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: withDefault(z.string(), 'text-embedding-3-small'),
  OPENAI_TIMEOUT_MS: positiveInt(20_000),
  OPENAI_MAX_RETRIES: withDefault(z.coerce.number().int().min(0).max(10), 2),
  OPENAI_MAX_TOKENS: positiveInt(700),
  STUDYBOT_RATE_LIMIT_PER_MINUTE: positiveInt(6),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: withDefault(z.url(), 'https://discord.com/api'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_MODE: withDefault(z.enum(['socket', 'http']), 'socket'),
  SLACK_PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3000),
  SLACK_API_URL: withDefault(z.url(), 'https://slack.com/api/'),
  SLACK_ADMIN_USER_IDS: withDefault(z.string(), ''),
});

/** Every environment variable studybot reads (documented in .env.example). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type Config = Readonly<{
  knowledgeDir: string;
  dataDir: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  maxQuestionChars: number;
  maxFileBytes: number;
  abstainThreshold: number;
  topK: number;
  embeddings: 'local' | 'openai';
  /** Model-backed commands a user may run per minute. */
  rateLimitPerMinute: number;
  /** Present when DISCORD_TOKEN is set. */
  discord?: Readonly<{ token: string; applicationId?: string; guildId?: string; apiUrl: string }>;
  /** Present when SLACK_BOT_TOKEN is set. */
  slack?: Readonly<{
    botToken: string;
    appToken?: string;
    signingSecret?: string;
    mode: 'socket' | 'http';
    port: number;
    apiUrl: string;
    adminUserIds: readonly string[];
  }>;
  /** Present only when a chat model is configured (an API key, or a base URL for a local server). */
  openai?: Readonly<{
    apiKey: string;
    baseURL?: string;
    chatModel: string;
    embeddingModel: string;
    timeoutMs: number;
    maxRetries: number;
    maxTokens: number;
  }>;
}>;

/** A configuration problem the user can fix; its message names the variable and never carries a stack. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment once; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = env[name];
      return `${name}: ${issue.message}${got === undefined ? '' : ` (got "${String(got).slice(0, 60)}")`}`;
    });
    throw new ConfigError(`Invalid configuration — ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const hasModel = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  if (e.STUDYBOT_EMBEDDINGS === 'openai' && !hasModel) {
    throw new ConfigError('Invalid configuration — STUDYBOT_EMBEDDINGS: "openai" needs OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  if (e.SLACK_BOT_TOKEN && e.SLACK_MODE === 'socket' && !e.SLACK_APP_TOKEN) {
    throw new ConfigError('Invalid configuration — SLACK_APP_TOKEN: Socket Mode needs an app-level token (xapp-…), or set SLACK_MODE=http');
  }
  if (e.SLACK_BOT_TOKEN && e.SLACK_MODE === 'http' && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('Invalid configuration — SLACK_SIGNING_SECRET: HTTP mode needs the signing secret');
  }
  return Object.freeze({
    knowledgeDir: path.resolve(cwd, e.STUDYBOT_KNOWLEDGE_DIR),
    dataDir: path.resolve(cwd, e.STUDYBOT_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    maxQuestionChars: e.STUDYBOT_MAX_QUESTION_CHARS,
    maxFileBytes: e.STUDYBOT_MAX_FILE_BYTES,
    abstainThreshold: e.STUDYBOT_ABSTAIN_THRESHOLD,
    topK: e.STUDYBOT_TOP_K,
    embeddings: e.STUDYBOT_EMBEDDINGS,
    rateLimitPerMinute: e.STUDYBOT_RATE_LIMIT_PER_MINUTE,
    discord: e.DISCORD_TOKEN
      ? Object.freeze({
          token: e.DISCORD_TOKEN,
          ...(e.DISCORD_APPLICATION_ID ? { applicationId: e.DISCORD_APPLICATION_ID } : {}),
          ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
          apiUrl: e.DISCORD_API_URL.replace(/\/+$/u, ''),
        })
      : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? Object.freeze({
          botToken: e.SLACK_BOT_TOKEN,
          ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
          ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
          mode: e.SLACK_MODE,
          port: e.SLACK_PORT,
          apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
          adminUserIds: Object.freeze(e.SLACK_ADMIN_USER_IDS.split(',').map((s) => s.trim()).filter(Boolean)),
        })
      : undefined,
    openai: hasModel
      ? Object.freeze({
          // Local servers (Ollama, vLLM, LM Studio) accept any key; the SDK insists on one.
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}),
          chatModel: e.OPENAI_CHAT_MODEL,
          embeddingModel: e.OPENAI_EMBEDDING_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
          maxTokens: e.OPENAI_MAX_TOKENS,
        })
      : undefined,
  });
}

/** Reads ./.env into process.env when present (real environment variables win). */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
