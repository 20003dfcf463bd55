import OpenAI from 'openai';
import { toModelError } from './errors.ts';
import { type ChatMessage, type ChatModel, ModelError } from './types.ts';

export type OpenAIChatOptions = { client: OpenAI; model: string; maxTokens: number };

/** Chat through any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio). */
export class OpenAIChatModel implements ChatModel {
  readonly id: string;

  constructor(private readonly opts: OpenAIChatOptions) {
    this.id = `openai:${opts.model}`;
  }

  async complete(messages: ChatMessage[], opts: { maxTokens?: number } = {}): Promise<string> {
    try {
      const res = await this.opts.client.chat.completions.create({
        model: this.opts.model,
        messages,
        max_tokens: opts.maxTokens ?? this.opts.maxTokens,
        temperature: 0.2,
      });
      const content = res.choices[0]?.message?.content?.trim();
      if (!content) throw new ModelError('empty-reply', 'the model returned an empty answer');
      return content;
    } catch (err) {
      throw toModelError(err);
    }
  }

  async *stream(messages: ChatMessage[], opts: { maxTokens?: number } = {}): AsyncIterable<string> {
    try {
      const stream = await this.opts.client.chat.completions.create({
        model: this.opts.model,
        messages,
        max_tokens: opts.maxTokens ?? this.opts.maxTokens,
        temperature: 0.2,
        stream: true,
      });
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) yield delta;
      }
    } catch (err) {
      throw toModelError(err);
    }
  }
}
