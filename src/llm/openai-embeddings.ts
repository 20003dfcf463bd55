import { Embeddings } from '@langchain/core/embeddings';
import type OpenAI from 'openai';
import type { StudyEmbeddings } from '../core/retrieval/local-embedder.ts';
import { toModelError } from './errors.ts';

/** Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint, batched. */
export class OpenAIStudyEmbeddings extends Embeddings implements StudyEmbeddings {
  readonly id: string;

  constructor(
    private readonly client: OpenAI,
    private readonly model: string,
    private readonly batchSize = 128,
  ) {
    super({});
    this.id = `openai:${model}`;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      try {
        const res = await this.client.embeddings.create({ model: this.model, input: texts.slice(i, i + this.batchSize) });
        out.push(...res.data.sort((a, b) => a.index - b.index).map((d) => d.embedding));
      } catch (err) {
        throw toModelError(err);
      }
    }
    return out;
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.embedDocuments([text]);
    return v ?? [];
  }
}
