import OpenAI from 'openai';
import { ModelError } from './types.ts';

/** Maps the openai SDK's errors (after its own retries) to a ModelError with a user-facing reason. */
export function toModelError(err: unknown): ModelError {
  if (err instanceof ModelError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new ModelError('timeout', 'the model did not answer in time');
  if (err instanceof OpenAI.APIConnectionError) return new ModelError('connection', 'the model server could not be reached');
  if (err instanceof OpenAI.RateLimitError) return new ModelError('rate-limited', 'the model is rate-limited (429) even after retries');
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new ModelError('auth', 'the model rejected the API key');
  }
  if (err instanceof OpenAI.InternalServerError) return new ModelError('server-error', `the model server failed (${err.status})`);
  if (err instanceof OpenAI.APIError) return new ModelError('bad-request', `the model refused the request (${err.status ?? 'no status'})`);
  return new ModelError('connection', `the model call failed: ${(err as Error)?.message ?? String(err)}`);
}
