export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** Why a model call failed, in words a user can be shown. */
export type ModelFailureReason = 'timeout' | 'rate-limited' | 'server-error' | 'auth' | 'connection' | 'bad-request' | 'empty-reply';

/** An expected model failure: the caller falls back to the offline path and tells the user why. */
export class ModelError extends Error {
  override name = 'ModelError';
  constructor(
    readonly reason: ModelFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** A chat model: one reply, whole or streamed. Implementations throw only ModelError. */
export interface ChatModel {
  readonly id: string;
  complete(messages: ChatMessage[], opts?: { maxTokens?: number }): Promise<string>;
  stream(messages: ChatMessage[], opts?: { maxTokens?: number }): AsyncIterable<string>;
}
