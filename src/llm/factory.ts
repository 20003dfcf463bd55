import type { Config } from '../config.ts';
import type { Glossary } from '../core/retrieval/glossary.ts';
import { LocalHashEmbeddings, type StudyEmbeddings } from '../core/retrieval/local-embedder.ts';
import type { WordNet } from '../core/retrieval/wordnet.ts';
import type { ChatModel } from './types.ts';

/** Every model the bot uses. `chat` is absent on the offline default. */
export type Models = { chat?: ChatModel; embeddings: StudyEmbeddings };

/**
 * The one place that decides which models back the bot, from the validated config. The openai SDK
 * is loaded only when a model is configured, so the offline default starts faster.
 */
export async function createModels(config: Config, glossary: Glossary, wordnet?: WordNet): Promise<Models> {
  const local = new LocalHashEmbeddings(glossary, wordnet);
  const o = config.openai;
  if (!o) return { embeddings: local };
  const [{ default: OpenAI }, { OpenAIChatModel }, { OpenAIStudyEmbeddings }] = await Promise.all([
    import('openai'),
    import('./openai-chat.ts'),
    import('./openai-embeddings.ts'),
  ]);
  const client = new OpenAI({
    apiKey: o.apiKey,
    ...(o.baseURL ? { baseURL: o.baseURL } : {}),
    timeout: o.timeoutMs,
    maxRetries: o.maxRetries,
  });
  return {
    chat: new OpenAIChatModel({ client, model: o.chatModel, maxTokens: o.maxTokens }),
    embeddings: config.embeddings === 'openai' ? new OpenAIStudyEmbeddings(client, o.embeddingModel) : local,
  };
}
