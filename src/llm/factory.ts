import OpenAI from 'openai';
import type { Config } from '../config.ts';
import type { Glossary } from '../core/retrieval/glossary.ts';
import type { WordNet } from '../core/retrieval/wordnet.ts';
import { LocalHashEmbeddings, type StudyEmbeddings } from '../core/retrieval/local-embedder.ts';
import { OpenAIChatModel } from './openai-chat.ts';
import { OpenAIStudyEmbeddings } from './openai-embeddings.ts';
import type { ChatModel } from './types.ts';

/** Every model the bot uses. `chat` is absent on the offline default. */
export type Models = { chat?: ChatModel; embeddings: StudyEmbeddings };

/** The one place that decides which models back the bot, from the validated config. */
export function createModels(config: Config, glossary: Glossary, wordnet?: WordNet): Models {
  const local = new LocalHashEmbeddings(glossary, wordnet);
  const o = config.openai;
  if (!o) return { embeddings: local };
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
